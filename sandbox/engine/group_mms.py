"""Group MMS: native phones (an address, no proxy), phones with a proxy address and projected Twilio
numbers in one group text.

The rules are Twilio's Group Texting guide's (https://www.twilio.com/docs/conversations/group-texting)
and its error pages'; `sandbox/GROUP_MMS.md` lists each with its source, and what the sandbox
chose where the docs are silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.engine import incoming_phone_numbers
from sandbox.engine.context import Context
from sandbox.engine.validation import is_e164
from sandbox.errors import (
    AuthorNotInGroup,
    GroupConversationExists,
    GroupMmsActivationFailed,
    GroupMmsNotEnabled,
    GroupParticipantsLimitExceeded,
    InvalidBindingAddress,
    ParticipantAlreadyExists,
    ProjectedAddressNotOwned,
    ProjectedAddressNotProvided,
    ProjectedAddressWithBinding,
)
from sandbox.rows import Participant, SmsRecipient

MAX_PARTICIPANTS = 10  # "There is a limit of 10 total Participants in a Group MMS Conversation"
# What makes a conversation a Group MMS: a participant with an address only, or a projected one.
IN_GROUP = "(projected_address IS NOT NULL OR (address IS NOT NULL AND proxy_address IS NULL))"


@dataclass(frozen=True)
class Member:
    """A participant with a number in the group: a phone (with the Twilio number it texts the
    group through, if it has a proxy address), or a Twilio number standing for a chat user."""

    sid: str
    number: str
    identity: str | None
    is_phone: bool
    proxy: str | None = None

    @property
    def native(self) -> bool:
        """A phone in its own texting app, with an address alone (no proxy address)."""
        return self.is_phone and self.proxy is None

    @property
    def twilio_number(self) -> str | None:
        """The Twilio number this member puts in the group: its projected or proxy address."""
        return self.proxy if self.is_phone else self.number


def is_group(ctx: Context, conversation_sid: str) -> bool:
    """A conversation is a Group MMS once it holds a native phone or a projected address."""
    row = ctx.db.execute(
        f"SELECT 1 FROM participants WHERE conversation_sid = ? AND {IN_GROUP} LIMIT 1",
        (conversation_sid,),
    ).fetchone()
    return row is not None


def members(ctx: Context, conversation_sid: str) -> list[Member]:
    """The group's members, phones with a proxy address among them (Twilio's 50435 page: "at
    least one participant with a proxy address or a projected address"); none for a conversation
    that is not a Group MMS."""
    # The EXISTS is evaluated once: a conversation that is no group costs one look, no rows.
    rows = ctx.db.execute(
        "SELECT sid, address, identity, proxy_address, projected_address FROM participants"
        " WHERE conversation_sid = ?1 AND (address IS NOT NULL OR projected_address IS NOT NULL)"
        f" AND EXISTS (SELECT 1 FROM participants WHERE conversation_sid = ?1 AND {IN_GROUP})"
        " ORDER BY id",
        (conversation_sid,),
    )
    return [
        Member(sid, projected or address, identity, projected is None, proxy)
        for sid, address, identity, proxy, projected in rows
    ]


def numbers_of(group: list[Member]) -> list[str]:
    """Every number in the group, as a group text lists them: the phones, then the Twilio numbers
    (projected and proxy addresses), each once."""
    phones = [m.number for m in group if m.is_phone]
    twilio = [n for m in group if (n := m.twilio_number) is not None]
    return list(dict.fromkeys([*phones, *twilio]))


def check_enabled(ctx: Context) -> None:
    """50452 on an account without Group MMS (SANDBOX_GROUP_MMS=off)."""
    if not ctx.group_mms_enabled:
        raise GroupMmsNotEnabled()


def check_projected_address(ctx: Context, projected: str, *, with_binding: bool) -> None:
    """A projected address stands alone (50443) and is one of the account's +1 numbers (50439)."""
    check_enabled(ctx)
    if with_binding:
        raise ProjectedAddressWithBinding()
    _plus_one(projected, "MessagingBinding.ProjectedAddress")
    if not incoming_phone_numbers.is_owned(ctx, projected):
        raise ProjectedAddressNotOwned(
            f"Account is not authorized to use the projected address {projected}: it is not one "
            "of this account's Twilio numbers"
        )


def check_native_address(ctx: Context, address: str) -> None:
    check_enabled(ctx)
    if not is_e164(address):
        raise InvalidBindingAddress(
            f"MessagingBinding.Address {address!r} is not a valid phone number in E.164 format"
        )
    _plus_one(address, "MessagingBinding.Address")


def _plus_one(number: str, name: str) -> None:
    """ "Group MMS only works on +1 numbers" (the Group Texting guide)."""
    if not is_e164(number) or not number.startswith("+1"):
        raise GroupMmsActivationFailed(
            f"{name} {number!r} cannot join a Group MMS: Group MMS works only with +1 (US and "
            "Canada) numbers"
        )


def check_joins(
    ctx: Context,
    conversation_sid: str,
    *,
    identity: str | None,
    address: str | None,
    proxy_address: str | None,
    projected: str | None,
) -> None:
    """Whether this participant may join the conversation as it stands (only what concerns
    Group MMS: the pair and identity rules of every conversation are checked elsewhere). A phone
    with a proxy address is a member like any other (Twilio's 50435 page)."""
    joins_group = projected is not None or (address is not None and proxy_address is None)
    if not joins_group and not is_group(ctx, conversation_sid):
        return  # the usual case, one indexed look: no group to join, none to keep whole
    rows = ctx.db.execute(
        "SELECT * FROM participants WHERE conversation_sid = ?",
        (conversation_sid,),
    ).fetchall()
    existing = [Participant.from_values(tuple(r.keys()), tuple(r)) for r in rows]
    if not joins_group and not any(p.in_group_mms for p in existing):
        return
    if address is None and projected is None:
        raise ProjectedAddressNotProvided()
    if joins_group and any(p.identity and not p.projected_address for p in existing):
        raise GroupMmsActivationFailed(
            f"The conversation's Group MMS could not be activated: {conversation_sid} has a "
            "participant with identity but without projected address"
        )
    for p in existing:
        same_phone = address is not None and p.address == address
        same_pair = same_phone and proxy_address is not None and p.proxy_address == proxy_address
        number = projected or address
        if (same_phone and not same_pair) or number == p.projected_address:
            raise ParticipantAlreadyExists(
                f"A participant with {number} already exists in the Group MMS {conversation_sid}"
            )
    if len(existing) >= MAX_PARTICIPANTS:
        raise GroupParticipantsLimitExceeded(
            f"Conversation {conversation_sid} has {MAX_PARTICIPANTS} participants, the limit of "
            "a Group MMS"
        )


@dataclass(frozen=True)
class Sending:
    """A message on its way to a Group MMS: who wrote it and whom Twilio sends it to."""

    members: list[Member]
    author: Member
    sender: str  # the Twilio number the MMS comes from: the author's projected or proxy address,
    # else the group's first Twilio number

    @property
    def numbers(self) -> list[str]:
        """The MMS's recipients as every phone sees them: the whole group."""
        return numbers_of(self.members)

    def recipients(self, *, texted_by_phone: bool) -> list[SmsRecipient]:
        """The phones Twilio sends the MMS to, from `sender`: none when a phone texted the group
        (its carrier delivered the text to the other phones itself), else every phone but the
        author's, those with a proxy address too."""
        if texted_by_phone:
            return []
        return [
            SmsRecipient(m.sid, m.number, self.sender)
            for m in self.members
            if m.is_phone and m.sid != self.author.sid
        ]


def sending(ctx: Context, conversation_sid: str, author: str) -> Sending | None:
    """How a message by `author` reaches the group; None for a conversation that is not one.

    50435 (its page's three conditions): at least three members with messaging bindings, one
    with an address only, one with a proxy or a projected address. 50513: the author is one of
    them (every phone shows who wrote)."""
    group = members(ctx, conversation_sid)
    if not group:
        return None
    twilio_numbers = [n for m in group if (n := m.twilio_number) is not None]
    if len(group) < 3 or not any(m.native for m in group) or not twilio_numbers:
        raise GroupMmsActivationFailed(
            f"The conversation's Group MMS could not be activated: {conversation_sid} needs at "
            "least three participants with messaging bindings, at least one with an address "
            "only and at least one with a proxy address or a projected address"
        )
    found = next((m for m in group if author in (m.number, m.identity)), None)
    if found is None:
        raise AuthorNotInGroup(
            f"Message author {author!r} is not among the Group MMS participants of "
            f"{conversation_sid}: give a member's identity or number as Author"
        )
    phone = next(m for m in group if m.native)
    twin = _with_members(ctx, phone.number, set(numbers_of(group)), conversation_sid)
    if twin is not None:
        raise GroupConversationExists(
            f"Group conversation with given participant list already exists: {twin[0]} has "
            "the same members. Use it, or close or delete it first"
        )
    return Sending(group, found, found.twilio_number or twilio_numbers[0])


def conversation_of(ctx: Context, sender: str, recipients: list[str]) -> tuple[str, Member] | None:
    """The inbound routing of a group text: the open conversation whose members are exactly
    the sender and the text's recipients, and the sender's membership in it."""
    return _with_members(ctx, sender, {sender, *recipients})


def _with_members(
    ctx: Context, phone: str, numbers: set[str], other_than: str = ""
) -> tuple[str, Member] | None:
    """The open conversation (but `other_than`) whose members' numbers are exactly `numbers`,
    found through one of its phones, `phone`; and that phone's membership in it."""
    rows = ctx.db.execute(
        "SELECT p.conversation_sid FROM participants p"
        " JOIN conversations c ON c.sid = p.conversation_sid"
        " WHERE p.address = ? AND c.state != 'closed' AND c.sid != ? ORDER BY p.id",
        (phone, other_than),
    ).fetchall()
    for (conversation_sid,) in rows:
        group = members(ctx, conversation_sid)
        if group and set(numbers_of(group)) == numbers:
            return conversation_sid, next(m for m in group if m.number == phone)
    return None
