"""The walkthrough's "your turn" exercises: `check(client, exercise, answer)` reads the account
through the SDK and says in one sentence whether the attempt worked, and if not, why.

Each notebook from 01 on ends with one exercise; its solution is in `solutions/` (run one with
`python -m solutions <exercise>`). An answer left as `...` is "not tried yet", never an error,
so the notebooks still run top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from twilio.base.exceptions import TwilioRestException
from twilio.jwt.access_token import AccessToken
from twilio.rest import Client

from helpers.kit_marks import is_kit
from helpers.planner import plan
from helpers.tokens import ChatToken, api_key, default_service_sid
from helpers.walkthrough import CONVERSATION, GROUP_MMS, SECOND_CONVERSATION, cast

MY_CONVERSATION = "my-first-conversation"  # 02's exercise
LAB_PARTICIPANTS = "lab-participants"  # 03's own conversation, which 03's exercise joins
WEBHOOKS_CONVERSATION = "lab-webhooks"  # 09's conversation, whose webhooks 09's exercise adds
TOKEN_IDENTITY, TOKEN_TTL = "participant-3", 300  # 10's exercise
INACTIVE_AFTER = timedelta(minutes=30)  # 11's exercise
BOOK_CLUB: dict[str, list[str]] = {  # 06's exercise: each member's groups, texted by SMS
    "Ana": ["books", "hiking", "chess"],
    "Ben": ["books", "film"],
    "Caro": ["film"],
    "Dev": ["chess", "film"],
    "Eve": ["books"],
}


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
    who_should = cast(client).chat_identity
    _, found = _answered(
        answer,
        client.conversations.v1.conversations(LAB_PARTICIPANTS).participants,
        f"{{sid}} is not a participant of {LAB_PARTICIPANTS!r}: add them there",
    )
    _require(
        not found.messaging_binding,
        "That participant has a messaging binding: it is an SMS participant. A chat "
        "participant has an identity and no binding",
    )
    who = found.identity
    _require(who == who_should, f"Their identity is {who!r}, not participant #3's {who_should!r}")
    _require(is_kit(found.attributes), "They have no kit mark: pass attributes=kit_attributes()")
    return f"It worked: {who} chats in {LAB_PARTICIPANTS!r} and in {CONVERSATION!r} at once"


def _their_proxy(client: Client, phone: str) -> str:
    """The Twilio number `phone` uses in the walkthrough's conversation."""
    people = client.conversations.v1.conversations(CONVERSATION).participants.list()
    bindings = [p.messaging_binding or {} for p in people]
    proxies = [str(b.get("proxy_address")) for b in bindings if b.get("address") == phone]
    _require(proxies, f"{phone} is not in {CONVERSATION!r}: run 01_the_group_text first")
    return proxies[0]


def catch_a_pair_in_use(client: Client, answer: object) -> str:
    # https://www.twilio.com/docs/api/errors/50416: the pair is held by another open
    # conversation (for the same pair twice in *one* conversation Twilio's pages disagree,
    # 50437 or 50416, so the exercise asks for the case both agree on).
    error = _given(answer)
    if not isinstance(error, TwilioRestException):
        raise Wrong(
            f"{error!r} is not a TwilioRestException: pass the one you caught "
            "(except TwilioRestException as error: caught = error)"
        )
    phone_1, phone_2 = cast(client).participants[:2]
    proxy = _their_proxy(client, phone_2)
    _require(
        error.code == 50416,
        f"Its code is {error.code}, not the refusal of a pair in use: add participant #2 to a "
        f"conversation of your own on the Twilio number they use in {CONVERSATION!r}",
    )
    message = error.msg or ""
    _require(
        phone_1 not in message,
        f"That refusal is about participant #1 ({phone_1}); make the one for participant #2",
    )
    group_sid = client.conversations.v1.conversations(CONVERSATION).fetch().sid
    _require(
        group_sid in message,
        f"That pair is held by a conversation other than {CONVERSATION!r}: use the number "
        f"participant #2 uses there ({proxy} is theirs)",
    )
    return (
        f"Right: 50416, participant #2 already texts {proxy} in {CONVERSATION!r}, so Twilio "
        "could not tell where their texts belong, and nothing was added"
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


def join_a_second_group(client: Client, answer: object) -> str:
    phone = cast(client).participants[1]
    sid, found = _answered(
        answer,
        client.conversations.v1.conversations,
        "There is no conversation {sid}: pass the SID of the conversation you created",
    )
    theirs = {CONVERSATION, SECOND_CONVERSATION}
    _require(
        found.unique_name not in theirs,
        f"That is {found.unique_name!r}, the walkthrough's: create a conversation of your own",
    )
    _require(is_kit(found.attributes), "It has no kit mark: pass attributes=kit_attributes()")
    _require(found.state != "closed", "It is closed: a closed conversation routes no text")
    people = client.conversations.v1.conversations(sid).participants.list()
    bindings = [p.messaging_binding or {} for p in people]
    proxies = [str(b.get("proxy_address")) for b in bindings if b.get("address") == phone]
    _require(proxies, f"Participant #2 ({phone}) is not in it: add them by SMS")
    proxy = proxies[0]
    messages = client.conversations.v1.conversations(sid).messages.list()
    _require(
        any(m.author == phone for m in messages),
        f"No text from participant #2 has landed in it yet: send one from their phone to "
        f"{proxy} (send_text) and see where it goes",
    )
    home = _their_proxy(client, phone)
    return (
        f"It worked: participant #2 texts {proxy} to reach {sid}, and {home} to reach "
        f"{CONVERSATION!r}: one number per conversation they are in"
    )


def count_the_numbers_needed(client: Client, answer: object) -> str:
    given = _given(answer)
    needed = plan(BOOK_CLUB).numbers_needed
    busiest = max(BOOK_CLUB, key=lambda member: len(BOOK_CLUB[member]))
    groups = {group for joined in BOOK_CLUB.values() for group in joined}
    if given == len(groups):
        raise Wrong(
            f"{given} is one number per group; but groups may share a number. What a number "
            "may not do is serve one person in two open conversations"
        )
    if given == len(BOOK_CLUB):
        raise Wrong(
            f"{given} is one number per member; but members may share a number. Count the "
            "groups of the busiest member"
        )
    _require(
        given == needed,
        f"Not {given!r}: the club needs as many numbers as the most groups any one member is "
        "in, since a member needs a different number in each group",
    )
    return f"Right: {busiest} is in {needed} groups, so the club needs {needed} numbers"


def build_a_group_mms(client: Client, answer: object) -> str:
    the_cast = cast(client)
    _require(the_cast.phone_3, "This exercise needs a third phone: set GROUP_PHONE_3 (live)")
    phones = {the_cast.phone_1, str(the_cast.phone_3)}
    sid, found = _answered(
        answer,
        client.conversations.v1.conversations,
        "There is no conversation {sid}: pass the SID of the group you created",
    )
    _require(found.unique_name != GROUP_MMS, "That is the notebook's group: build one of your own")
    _require(is_kit(found.attributes), "It has no kit mark: pass attributes=kit_attributes()")
    people = client.conversations.v1.conversations(sid).participants.list()
    bound = [p.messaging_binding or {} for p in people if p.messaging_binding]
    _require(
        len(bound) >= 3 and len(bound) == len(people),
        "A Group MMS needs at least three participants, each with a messaging binding "
        "(a chat user's is its projected address): Twilio's 50435 page",
    )
    addresses = {str(b.get("address")) for b in bound if b.get("address")}
    _require(addresses == phones, f"Its phones are {sorted(addresses)}, not {sorted(phones)}")
    proxied = [b for b in bound if b.get("address") and b.get("proxy_address")]
    _require(not proxied, "Add each phone with its address alone, as the exercise asks")
    chat = [p for p in people if p.identity == the_cast.chat_identity]
    _require(chat, f"The chat user {the_cast.chat_identity!r} is not in it")
    projected = (chat[0].messaging_binding or {}).get("projected_address")
    _require(projected, "The chat user has no projected address, so no phone could see them")
    return f"It worked: a Group MMS of {len(people)}; both phones see the chat user as {projected}"


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


def _jwt_of(answer: object) -> str:
    """The JWT string of an answer: the string itself, `AccessToken`, or the kit's ChatToken."""
    token = _given(answer)
    if isinstance(token, ChatToken):
        return token.jwt
    if isinstance(token, AccessToken):
        return str(token.to_jwt())
    if isinstance(token, bytes):
        return token.decode()
    if isinstance(token, str) and token.count(".") == 2:
        return token
    raise Wrong("Pass the signed JWT: what AccessToken(...).to_jwt() returns")


def issue_a_token(client: Client, answer: object) -> str:
    token = _jwt_of(answer)
    try:
        key_sid, key_secret = api_key(client)
    except RuntimeError as error:
        raise Wrong(str(error).rstrip(".")) from None
    try:
        claims = jwt.decode(token, key_secret, algorithms=["HS256"])
    except jwt.InvalidSignatureError:
        raise Wrong(
            "Its signature does not verify with the API key's secret, so Twilio would refuse "
            "it: sign it with AccessToken(account_sid, key_sid, key_secret, ...)"
        ) from None
    except jwt.ExpiredSignatureError:
        raise Wrong("It has expired already: issue a fresh one") from None
    except jwt.InvalidTokenError as error:
        raise Wrong(f"It is not a token Twilio would accept ({error})") from None
    _require(claims.get("iss") == key_sid, f"It is not issued by the API key {key_sid}")
    _require(claims.get("sub") == client.account_sid, "It is not for this account")
    grants = claims.get("grants") or {}
    _require("chat" in grants, "It has no ChatGrant: add_grant(ChatGrant(service_sid=...))")
    who = grants.get("identity")
    _require(who == TOKEN_IDENTITY, f"It is for {who!r}, not {TOKEN_IDENTITY!r}")
    service = default_service_sid(client)
    _require(
        grants["chat"].get("service_sid") == service,
        f"Its ChatGrant is not for the account's default service {service}",
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


def count_the_kits_participants(client: Client, answer: object) -> str:
    given = _given(answer)
    conversations = client.conversations.v1.conversations
    marked = [c for c in conversations.stream() if is_kit(c.attributes)]
    counted = sum(len(conversations(c.sid).participants.list()) for c in marked)
    _require(
        given == counted,
        f"The {len(marked)} conversations with the kit's mark hold {counted} participants, not "
        f"{given}: list each one's participants (participants.list()) and add them up",
    )
    return f"Right: {counted} participants, in {len(marked)} conversations that only the kit made"


@dataclass(frozen=True)
class Exercise:
    notebook: str
    task: str
    checker: Callable[[Client, object], str]  # the sentence of success, or raises Wrong


EXERCISES: dict[str, Exercise] = {
    "01": Exercise(
        "01_the_group_text",
        "Post a message as participant #3 whose body starts with their name in brackets",
        sign_a_message,
    ),
    "02": Exercise(
        "02_manage_conversations",
        f"Create a conversation named {MY_CONVERSATION!r} with the kit's mark, close it",
        close_a_conversation,
    ),
    "03": Exercise(
        "03_manage_participants",
        f"Add participant #3, the chat user, to {LAB_PARTICIPANTS!r} with the kit's mark",
        add_a_chat_participant,
    ),
    "04": Exercise(
        "04_make_the_usual_mistakes",
        "Make the call Twilio refuses because of where participant #2's texts would go, "
        "and catch Twilio's error",
        catch_a_pair_in_use,
    ),
    "05": Exercise(
        "05_one_number_many_conversations",
        "Add participant #2 to a conversation of your own on a number that works, and text it",
        join_a_second_group,
    ),
    "06": Exercise(
        "06_plan_numbers_and_costs",
        "Count the Twilio numbers the book club needs",
        count_the_numbers_needed,
    ),
    "07": Exercise(
        "07_group_mms",
        "Build a Group MMS of participant #1's phone, the third phone and the chat user",
        build_a_group_mms,
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
        "Count the participants of the conversations that carry the kit's mark",
        count_the_kits_participants,
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
