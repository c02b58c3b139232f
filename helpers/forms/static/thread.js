// A messaging app's thread: newest at the bottom and in view when it arrives, unless the
// reader has scrolled up to read (then a "new messages ↓" marker that jumps down). Times in
// the browser's local time, with the date where it changes. Text only: bodies are never HTML.

const NEAR_BOTTOM_PX = 24;

function day(date) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return "Today";
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return date.toLocaleDateString([], { weekday: "short", year: "numeric", month: "short", day: "numeric" });
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function bubbleNodes(bubbles, empty) {
  if (!bubbles.length) return [element("span", "gtl-empty", empty)];
  const nodes = [];
  let shownDay = null;
  for (const b of bubbles) {
    const when = b.time ? new Date(b.time) : null;
    if (when && when.toDateString() !== shownDay) {
      shownDay = when.toDateString();
      nodes.push(element("div", "gtl-day", day(when)));
    }
    const bubble = element("div", "gtl-bubble " + (b.mine ? "gtl-out" : "gtl-in"));
    bubble.dataset.id = b.id;
    const time = when ? when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
    bubble.append(element("span", "gtl-meta", [b.meta, time].filter(Boolean).join(" · ")));
    bubble.append(element("span", "gtl-text", b.body));
    if (b.mine && b.status) bubble.append(element("span", "gtl-state gtl-state-" + b.status, b.status));
    nodes.push(bubble);
  }
  return nodes;
}

function render({ model, el }) {
  const scroller = element("div", "gtl-thread");
  const marker = element("button", "gtl-new-messages", "new messages ↓");
  marker.type = "button";
  marker.hidden = true;
  el.classList.add("gtl-thread-view");
  el.append(scroller, marker);

  let stuck = true; // follow the newest text until the reader scrolls up
  let newest = null;
  const nearBottom = () =>
    scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= NEAR_BOTTOM_PX;
  const toBottom = () => {
    scroller.scrollTop = scroller.scrollHeight;
    stuck = true;
    marker.hidden = true;
  };

  function draw() {
    const bubbles = model.get("bubbles");
    const keep = scroller.scrollTop;
    scroller.replaceChildren(...bubbleNodes(bubbles, model.get("empty")));
    const last = bubbles.length ? bubbles[bubbles.length - 1].id : null;
    const arrived = newest !== null && last !== newest;
    newest = last;
    if (stuck) {
      toBottom();
    } else {
      scroller.scrollTop = keep; // the reader keeps their place
      if (arrived) marker.hidden = false;
    }
  }

  scroller.addEventListener("scroll", () => {
    stuck = nearBottom();
    if (stuck) marker.hidden = true;
  });
  marker.addEventListener("click", toBottom);
  // Laid out later than drawn (a pane appears, a tab is shown): stay at the bottom if stuck.
  const resized = new ResizeObserver(() => { if (stuck) scroller.scrollTop = scroller.scrollHeight; });
  resized.observe(scroller);
  model.on("change:bubbles", draw);
  model.on("change:empty", draw);
  draw();
  return () => {
    resized.disconnect();
    model.off("change:bubbles", draw);
    model.off("change:empty", draw);
  };
}

export default { render };
