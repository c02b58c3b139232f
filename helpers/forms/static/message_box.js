// A chat box: Enter sends (as in every messaging app), the box keeps its focus, and what is
// half typed stays when the panes around it refresh.

function render({ model, el }) {
  const input = document.createElement("input");
  input.type = "text";
  input.className = "gtl-message-input";
  input.placeholder = model.get("placeholder");
  input.value = model.get("value");
  el.append(input);

  const sync = () => {
    model.set("value", input.value);
    model.save_changes();
  };
  input.addEventListener("input", sync);
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    event.preventDefault();
    sync(); // the kernel has the text before it is asked to send it
    model.send({ event: "submit" });
  });
  const fromKernel = () => {
    if (input.value !== model.get("value")) input.value = model.get("value");
  };
  const disabled = () => { input.disabled = model.get("disabled"); };
  const focus = (message) => { if (message && message.event === "focus") input.focus(); };
  model.on("change:value", fromKernel);
  model.on("change:disabled", disabled);
  model.on("msg:custom", focus);
  disabled();
  return () => {
    model.off("change:value", fromKernel);
    model.off("change:disabled", disabled);
    model.off("msg:custom", focus);
  };
}

export default { render };
