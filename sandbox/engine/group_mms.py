"""Group MMS: native phones (an address, no proxy) and projected Twilio numbers in one group text.

The rules are Twilio's Group Texting guide's (https://www.twilio.com/docs/conversations/group-texting)
and its error pages'; `sandbox/GROUP_MMS.md` lists each with its source, and what the sandbox
chose where the docs are silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.engine import phone_numbers
from sandbox.engine.context import Context
from sandbox.engine.validation import is_e164
from sandbox.errors import (
    AuthorNotInGroup,
    GroupConversationExists,
    GroupMmsActivationFailed,
    GroupParticipantsLimitExceeded,
    InvalidBindingAddress,
    ParticipantAlreadyExists,
    ProjectedAddressNotOwned,
    ProjectedAddressNotProvided,
    ProjectedAddressWithBinding,
)
from sandbox.records import Participant, SmsRecipient

MAX_PARTICIPANTS = 10  # "There is a limit of 10 total Participants in a Group MMS Conversation"
IN_GROUP = "(projected_address IS NOT NULL OR (address IS NOT NULL AND proxy_address IS NULL))"


@dataclass(frozen=True)
class Member:
    """A participant with a number in the group: a phone, or a Twilio number standing for one."""

    sid: str
    number: str
    identity: str | None
    is_phone: bool


def is_group(ctx: Context, conversation_sid: str) -> bool:
    """A conversation is a Group MMS once it holds a native phone or a projected address."""
    row = ctx.db.execute(
        f"SELECT 1 FROM participants WHERE conversation_sid = ? AND {IN_GROUP} LIMIT 1",
        (conversation_sid,),
    ).fetchone()
    return row is not None


def members(ctx: Context, conversation_sid: str) -> list[Member]:
    rows = ctx.db.execute(
        "SELECT sid, address, identity, projected_address FROM participants"
        f" WHERE conversation_sid = ? AND {IN_GROUP} ORDER BY id",
        (conversation_sid,),
    )
    return [
        Member(sid, projected or address, identity, projected is None)
        for sid, address, identity, projected in rows
    ]


def _has_members(ctx: Context, conversation_sid: str) -> bool:
    row = ctx.db.execute(
        f"SELECT EXISTS (SELECT 1 FROM participants WHERE conversation_sid = ? AND {IN_GROUP})",
        (conversation_sid,),
    ).fetchone()
    return bool(row[0])


def check_projected_address(ctx: Context, projected: str, *, with_binding: bool) -> None:
    """A projected address stands alone (50443) and is one of the account's +1 numbers (50439)."""
    if with_binding:
        raise ProjectedAddressWithBinding()
    _plus_one(projected, "MessagingBinding.ProjectedAddress")
    if not phone_numbers.is_owned(ctx, projected):
        raise ProjectedAddressNotOwned(
            f"Account is not authorized to use the projected address {projected}: it is not one "
            "of this account's Twilio numbers"
        )


def check_native_address(address: str) -> None:
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
    Group MMS: the pair and identity rules of every conversation are checked elsewhere)."""
    joins_group = projected is not None or (address is not None and proxy_address is None)
    if not joins_group and not _has_members(ctx, conversation_sid):
        return  # the usual case, one indexed look: no group to join, none to keep whole
    rows = ctx.db.execute(
        "SELECT * FROM participants WHERE conversation_sid = ?",
        (conversation_sid,),
    ).fetchall()
    existing = [Participant.from_values(tuple(r.keys()), tuple(r)) for r in rows]
    group = [p for p in existing if p.in_group_mms]
    if not group and not joins_group:
        return
    if not joins_group:
        if proxy_address is not None:
            raise GroupMmsActivationFailed(
                f"Conversation {conversation_sid} is a Group MMS: a participant with a proxy "
                "address would get one-to-one texts, not the group's; add the phone with "
                "MessagingBinding.Address alone"
            )
        raise ProjectedAddressNotProvided()
    if any(p.proxy_address for p in existing):
        raise GroupMmsActivationFailed(
            f"Conversation {conversation_sid} has participants with a proxy address (one number "
            "each); a Group MMS participant cannot join it. Use a new conversation for the group"
        )
    if any(p.identity and not p.projected_address for p in existing):
        raise GroupMmsActivationFailed(
            f"Conversation {conversation_sid} has a chat participant without a projected "
            "address, so it cannot become a Group MMS"
        )
    number = projected or address
    for p in group:
        if number in (p.address, p.projected_address):
            raise ParticipantAlreadyExists(
                f"A Group MMS participant with {number} already exists in {conversation_sid}"
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
    sender: str  # the Twilio number the MMS comes from: the author's projected address, or the
    # group's first one when the author is a phone

    @property
    def numbers(self) -> list[str]:
        """The MMS's recipients as every phone sees them: the whole group."""
        return [m.number for m in self.members]

    def recipients(self, *, texted_by_phone: bool) -> list[SmsRecipient]:
        """The phones Twilio sends the MMS to, from `sender`: none when a phone texted the group
        (its carrier delivered the text to the other phones itself), else every phone but the
        author's."""
        if texted_by_phone:
            return []
        return [
            SmsRecipient(m.sid, m.number, self.sender)
            for m in self.members
            if m.is_phone and m.sid != self.author.sid
        ]


def sending(ctx: Context, conversation_sid: str, author: str) -> Sending | None:
    """How a message by `author` reaches the group; None for a conversation that is not one.

    50435: the group needs at least three members, a phone and a Twilio number. 50513: the
    author is one of them (every phone shows who wrote)."""
    group = members(ctx, conversation_sid)
    if not group:
        return None
    twilio_numbers = [m for m in group if not m.is_phone]
    if len(group) < 3 or len(twilio_numbers) == len(group) or not twilio_numbers:
        raise GroupMmsActivationFailed(
            f"Group MMS activation failed for {conversation_sid}: it needs at least three "
            "participants, among them a phone (address only) and a projected address"
        )
    found = next((m for m in group if author in (m.number, m.identity)), None)
    if found is None:
        raise AuthorNotInGroup(
            f"Message author {author!r} is not among the Group MMS participants of "
            f"{conversation_sid}: give a member's identity or number as Author"
        )
    phone = next(m for m in group if m.is_phone)
    twin = _with_members(ctx, phone.number, {m.number for m in group}, conversation_sid)
    if twin is not None:
        raise GroupConversationExists(
            f"Group conversation with given participant list already exists: {twin[0]} has "
            "the same members. Use it, or close or delete it first"
        )
    sender = found.number if not found.is_phone else twilio_numbers[0].number
    return Sending(group, found, sender)


def conversation_of(ctx: Context, sender: str, recipients: list[str]) -> tuple[str, Member] | None:
    """The inbound routing of a group text: the open conversation whose members are exactly
    the sender and the text's recipients, and the sender's membership in it."""
    return _with_members(ctx, sender, {sender, *recipients})


def _with_members(
    ctx: Context, phone: str, numbers: set[str], other_than: str = ""
) -> tuple[str, Member] | None:
    """The open conversation (but `other_than`) whose members are exactly `numbers`, found
    through one of them, `phone`; and that phone's membership in it."""
    rows = ctx.db.execute(
        "SELECT p.conversation_sid FROM participants p"
        " JOIN conversations c ON c.sid = p.conversation_sid"
        " WHERE p.address = ? AND p.proxy_address IS NULL AND c.state != 'closed'"
        " AND c.sid != ? ORDER BY p.id",
        (phone, other_than),
    ).fetchall()
    for (conversation_sid,) in rows:
        group = members(ctx, conversation_sid)
        if {m.number for m in group} == numbers:
            return conversation_sid, next(m for m in group if m.number == phone)
    return None
