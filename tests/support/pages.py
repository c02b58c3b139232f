"""A list page Twilio refuses, as the SDK reports it: the status and Twilio's error body."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from twilio.base.exceptions import TwilioException


def list_error(call: Callable[[], object]) -> dict:
    """The SDK raises TwilioException("Unable to fetch page", response) for a refused page."""
    with pytest.raises(TwilioException) as error:
        call()
    response = error.value.args[1]
    return {"status": response.status_code, **json.loads(response.text)}
