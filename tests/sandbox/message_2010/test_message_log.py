"""The Messaging log (the 2010 Message resource), read as the kit reads it: every text in, its
filters by To and From, paging, one text fetched, and Twilio's 404 for an unknown one."""

from __future__ import annotations

from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.support.group import PHONE_1, PHONE_2


def test_sms_log_filters_by_to_and_from_and_pages(
    client: Client, numbers: list[str], text: Any
) -> None:
    for i in range(5):
        text(PHONE_1, numbers[0], f"a{i}")
    text(PHONE_2, numbers[0], "b")
    assert len(client.messages.list()) == 6
    from_first = client.messages.list(from_=PHONE_1, page_size=2)
    assert [m.body for m in from_first] == ["a4", "a3", "a2", "a1", "a0"]
    assert [m.body for m in client.messages.list(to=numbers[0], from_=PHONE_2)] == ["b"]
    fetched = client.messages(from_first[0].sid).fetch()
    assert (fetched.from_, fetched.to, fetched.direction) == (PHONE_1, numbers[0], "inbound")
    assert fetched.date_sent.tzinfo is not None
    assert fetched.uri == f"/2010-04-01/Accounts/{client.account_sid}/Messages/{fetched.sid}.json"


def test_unknown_sms_is_404(client: Client) -> None:
    with pytest.raises(TwilioRestException) as error:
        client.messages("SM" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (404, 20404)
