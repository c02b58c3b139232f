"""The walkthrough's "your turn" exercises: `check(client, exercise, answer)` reads the account
through the SDK and says in one sentence whether the attempt worked, and if not, why.

Each notebook from 01 on ends with one exercise; its solution is in `solutions/` (run one with
`python -m solutions <exercise>`). An answer left as `...` is "not tried yet", never an error,
so the notebooks still run top to bottom.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from helpers import views
from helpers.cleanup import is_kit
from helpers.numbers import account_numbers, local_prefix, proxies_in_use
from helpers.tokens import ChatToken, default_service_sid
from helpers.walkthrough import CONVERSATION, cast

MY_CONVERSATION = "my-first-conversation"  # 01's exercise
PARTICIPANT_4 = "participant-4"  # 02's exercise: a chat participant, so nobody is texted
REPEATED_PAIR = 50437  # 03's exercise: the error of a pair added twice to one conversation
GROUP_MMS = "group-texting-lab-mms"  # 07's Group MMS, whose chat user 07's exercise names
WEBHOOKS_CONVERSATION = "lab-webhooks"  # 09's conversation, whose webhooks 09's exercise adds
TOKEN_IDENTITY, TOKEN_TTL = "participant-3", 300  # 10's exercise
INACTIVE_AFTER = timedelta(minutes=30)  # 11's exercise


@dataclass(frozen=True)
class Verdict:
    """Whether an attempt worked, and the sentence that says so (or why not)."""

    ok: bool
    sentence: str

    def __repr__(self) -> str:
        return f"{'✅' if self.ok else '❌'} {self.sentence}"


class NotTried(Exception):
    """The answer is still the placeholder."""


class Wrong(Exception):
    """The attempt did not work; the message says why."""


def _require(condition: object, why: str) -> None:
    if not condition:
        raise Wrong(why)


def _given(answer: object) -> object:
    """The answer, unless it is still the placeholder."""
    if answer is ... or answer is None:
        raise NotTried
    return answer


def _sid(answer: object) -> str:
    """A SID from a SID or from an SDK instance that has one."""
    return str(getattr(_given(answer), "sid", answer))


def _fetched(fetch: Callable[[], Any], missing: str) -> Any:
    """What `fetch` returns; a 404 means the answer names nothing there (`missing` says so)."""
    try:
        return fetch()
    except TwilioRestException as error:
        if error.status == 404:
            raise Wrong(missing) from None
        raise


def _answered(answer: object, contexts: Callable[[str], Any], missing: str) -> tuple[str, Any]:
    """The SID the answer names and the resource it fetches from `contexts` (e.g.
    `conversation.participants`); `missing` ("… {sid} …") says why when there is none."""
    sid = _sid(answer)
    return sid, _fetched(contexts(sid).fetch, missing.format(sid=sid))


def close_a_conversation(client: Client, answer: object) -> str:
    sid, found = _answered(
        answer,
        client.conversations.v1.conversations,
        "There is no conversation {sid}: pass what create() returned",
    )
    name = found.unique_name
    _require(name == MY_CONVERSATION, f"Its unique name is {name!r}, not {MY_CONVERSATION!r}")
    _require(
        is_kit(found.attributes),
        "It has no kit mark: create it with attributes=kit_attributes(), so that 99_clean_up "
        "may delete it",
    )
    _require(found.state == "closed", f"It is {found.state}: update it with state='closed'")
    return f"It worked: {sid} is {MY_CONVERSATION!r}, closed, with the kit's mark"


def add_a_chat_participant(client: Client, answer: object) -> str:
    _, found = _answered(
        answer,
        client.conversations.v1.conversations(CONVERSATION).participants,
        f"{{sid}} is not a participant of {CONVERSATION!r}",
    )
    _require(
        not found.messaging_binding,
        "That participant has a messaging binding: it is an SMS participant. A chat "
        "participant has an identity and no binding",
    )
    who = found.identity
    _require(who == PARTICIPANT_4, f"Their identity is {who!r}, not {PARTICIPANT_4!r}")
    _require(is_kit(found.attributes), "They have no kit mark: pass attributes=kit_attributes()")
    return f"It worked: {PARTICIPANT_4} is in {CONVERSATION!r}, by chat"


def catch_a_repeated_pair(client: Client, answer: object) -> str:
    # https://www.twilio.com/docs/api/errors/50437: the same (address, proxy address) pair
    # again in one conversation; 50416 is the pair held by another open conversation.
    error = _given(answer)
    if not isinstance(error, TwilioRestException):
        raise Wrong(
            f"{error!r} is not a TwilioRestException: pass the one you caught "
            "(except TwilioRestException as error: caught = error)"
        )
    phone = cast(client).participants[1]
    people = client.conversations.v1.conversations(CONVERSATION).participants.list()
    held = [p for p in people if (p.messaging_binding or {}).get("address") == phone]
    _require(held, f"{phone} is not in {CONVERSATION!r}: run 02_add_participants first")
    _require(
        error.code != 50416,
        "Its code is 50416: you added the pair to another conversation, which Twilio refuses "
        f"because {CONVERSATION!r} holds it; add participant #2 to {CONVERSATION!r} itself",
    )
    _require(
        error.code == REPEATED_PAIR,
        f"Its code is {error.code}, not {REPEATED_PAIR}: add participant #2 with the phone and "
        f"Twilio number they already have in {CONVERSATION!r}",
    )
    return (
        f"Right: {REPEATED_PAIR}, participant #2 is already in {CONVERSATION!r} on that pair, "
        "and nothing was added"
    )


def sign_a_message(client: Client, answer: object) -> str:
    group = client.conversations.v1.conversations(CONVERSATION)
    _, message = _answered(answer, group.messages, f"{{sid}} is not a message of {CONVERSATION!r}")
    chat_people = {p.identity for p in group.participants.list() if p.identity}
    _require(
        message.author in chat_people,
        f"Its author is {message.author!r}, who is not a chat participant of the "
        "conversation: post it with author=<participant #3's identity>",
    )
    _require(
        (message.body or "").startswith(f"[{message.author}]"),
        f"Its body does not start with [{message.author}]: a phone sees only the body, "
        "from its own Twilio number, so it cannot tell who wrote it",
    )
    return f"It worked: every phone reads who wrote message {message.index}"


def choose_a_free_number(client: Client, answer: object) -> str:
    number = str(_given(answer))
    phone = cast(client).third_phone()
    _require(number in account_numbers(client), f"{number} is not a Twilio number of this account")
    in_use = proxies_in_use(client, phone)
    _require(
        number not in in_use,
        f"{phone} already texts {number} in the open conversation {in_use.get(number)}: "
        "Twilio would refuse the pair with 50416",
    )
    local = local_prefix(number) == local_prefix(phone)
    where = "and it has their area code" if local else "(no free number has their area code)"
    return f"It worked: {phone} uses {number} in no open conversation, {where}"


def count_the_numbers_needed(client: Client, answer: object) -> str:
    given = _given(answer)
    routes = views.routing(client)
    open_routes = routes[routes["state"] != "closed"]
    per_phone = open_routes.groupby("address")["conversation_sid"].nunique()
    needed = int(per_phone.max()) if len(per_phone) else 0
    busiest = str(per_phone.idxmax()) if len(per_phone) else "nobody"
    numbers = f"{needed} number{'' if needed == 1 else 's'}"
    _require(
        given == needed,
        f"The account's open conversations need {numbers}, not {given!r}: {busiest} is in "
        f"{needed} of them, and needs a different Twilio number in each",
    )
    return f"Right: {busiest} is in {needed} open conversations, so the account needs {numbers}"


def name_the_projected_number(client: Client, answer: object) -> str:
    number = str(_given(answer))
    chat_user = cast(client).chat_identity
    group = client.conversations.v1.conversations(GROUP_MMS)
    _fetched(group.fetch, f"There is no conversation {GROUP_MMS!r}: run 07_group_mms from the top")
    people = group.participants.list()
    bindings = [p.messaging_binding or {} for p in people if p.identity == chat_user]
    _require(bindings, f"{chat_user!r} is not in {GROUP_MMS!r}: run 07_group_mms from the top")
    projected = bindings[0].get("projected_address")
    _require(
        number == projected,
        f"The phones see {chat_user!r} as {projected}, not {number}: read the chat user's "
        "messaging_binding, its projected_address",
    )
    return f"Right: every phone of the group sees {chat_user!r} as {projected}"


def name_the_sender(client: Client, answer: object) -> str:
    number = str(_given(answer))
    phone = cast(client).participants[0]
    latest = client.messages.list(to=phone, limit=1)
    _require(latest, f"{phone} has received no text yet: send one in the playground")
    sender = str(latest[0].from_)
    _require(
        number == sender,
        f"Participant #1's latest text came from {sender}, not {number}: each phone hears "
        "the whole group from its own Twilio number",
    )
    return f"Right: participant #1 hears everyone from {sender}, their number"


def watch_updates(client: Client, answer: object) -> str:
    sid, webhook = _answered(
        answer,
        client.conversations.v1.conversations(WEBHOOKS_CONVERSATION).webhooks,
        f"{{sid}} is not a webhook of {WEBHOOKS_CONVERSATION!r}",
    )
    filters = (webhook.configuration or {}).get("filters") or []
    _require(
        "onConversationUpdated" in filters,
        f"Its filters are {filters}: add 'onConversationUpdated' to configuration_filters",
    )
    return f"It worked: {sid} hears onConversationUpdated"


def _claims(token: ChatToken) -> dict[str, Any]:
    payload = token.jwt.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def issue_a_token(client: Client, answer: object) -> str:
    token = _given(answer)
    if not isinstance(token, ChatToken):
        raise Wrong("Pass what chat_token(...) returned (a ChatToken)")
    claims = _claims(token)
    grants = claims.get("grants", {})
    who = grants.get("identity")
    _require(who == TOKEN_IDENTITY, f"It is for {who!r}, not {TOKEN_IDENTITY!r}")
    service = default_service_sid(client)
    _require(
        grants.get("chat", {}).get("service_sid") == service,
        f"Its ChatGrant is not for the default service {service}",
    )
    issued = int(str(claims["jti"]).rsplit("-", 1)[1])  # the SDK's jti is "<key>-<issued at>"
    lifetime = int(claims["exp"]) - issued
    _require(
        abs(lifetime - TOKEN_TTL) <= 1,
        f"It lasts {lifetime} s, not {TOKEN_TTL}: pass ttl={TOKEN_TTL}",
    )
    return f"It worked: {TOKEN_IDENTITY} may chat for {TOKEN_TTL // 60} minutes"


def set_an_inactivity_timer(client: Client, answer: object) -> str:
    sid, found = _answered(
        answer, client.conversations.v1.conversations, "There is no conversation {sid}"
    )
    _require(is_kit(found.attributes), "It has no kit mark: pass attributes=kit_attributes()")
    due = (found.timers or {}).get("date_inactive")
    _require(due, "It has no inactivity timer: pass timers_inactive='PT30M' (with a state)")
    after = datetime.fromisoformat(str(due).replace("Z", "+00:00")) - found.date_updated
    _require(
        abs(after - INACTIVE_AFTER) <= timedelta(minutes=1),
        f"It goes inactive after {after}, not after {INACTIVE_AFTER}",
    )
    return f"It worked: {sid} goes inactive after 30 minutes without traffic"


def count_the_kits_conversations(client: Client, answer: object) -> str:
    given = _given(answer)
    marked = sum(1 for c in client.conversations.v1.conversations.stream() if is_kit(c.attributes))
    _require(
        given == marked,
        f"The account has {marked} conversations with the kit's mark, not {given}: count "
        'those whose attributes say "kit": "group-texting-lab"',
    )
    return f"Right: {marked} conversations carry the kit's mark, and only they may be deleted"


@dataclass(frozen=True)
class Exercise:
    notebook: str
    task: str
    checker: Callable[[Client, object], str]  # the sentence of success, or raises Wrong


EXERCISES: dict[str, Exercise] = {
    "01": Exercise(
        "01_create_a_conversation",
        f"Create a conversation named {MY_CONVERSATION!r} with the kit's mark, close it",
        close_a_conversation,
    ),
    "02": Exercise(
        "02_add_participants",
        f"Add {PARTICIPANT_4!r} to {CONVERSATION!r} as a chat participant, with the kit's mark",
        add_a_chat_participant,
    ),
    "03": Exercise(
        "03_make_the_usual_mistakes",
        "Add participant #2 to the group again, the same way, and catch Twilio's error",
        catch_a_repeated_pair,
    ),
    "04": Exercise(
        "04_group_texting",
        "Post a message as participant #3 whose body starts with their name in brackets",
        sign_a_message,
    ),
    "05": Exercise(
        "05_one_number_many_conversations",
        "Find a Twilio number the third phone may use in a new conversation",
        choose_a_free_number,
    ),
    "06": Exercise(
        "06_plan_numbers_and_costs",
        "Count the Twilio numbers the account's open conversations need",
        count_the_numbers_needed,
    ),
    "07": Exercise(
        "07_group_mms",
        "Name the Twilio number the phones of the Group MMS see the chat user as",
        name_the_projected_number,
    ),
    "08": Exercise(
        "08_playground",
        "Name the Twilio number participant #1's latest text came from",
        name_the_sender,
    ),
    "09": Exercise(
        "09_webhooks",
        f"Add a webhook to {WEBHOOKS_CONVERSATION!r} that hears onConversationUpdated",
        watch_updates,
    ),
    "10": Exercise(
        "10_chat_tokens",
        f"Issue a token for {TOKEN_IDENTITY!r} that lasts {TOKEN_TTL // 60} minutes",
        issue_a_token,
    ),
    "11": Exercise(
        "11_conversation_lifecycle",
        "Create a conversation (the kit's mark) that goes inactive after 30 minutes",
        set_an_inactivity_timer,
    ),
    "99": Exercise(
        "99_clean_up",
        "Count the account's conversations that carry the kit's mark",
        count_the_kits_conversations,
    ),
}


def check(client: Client, exercise: str, answer: object) -> Verdict:
    """Check `answer` to `exercise` ("01", "02", …) against the account, through the SDK."""
    try:
        return Verdict(True, EXERCISES[exercise].checker(client, answer))
    except Wrong as why:
        return Verdict(False, str(why))
    except NotTried:
        return Verdict(False, f"Not tried yet: {EXERCISES[exercise].task}, then pass the result")
