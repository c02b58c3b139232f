"""The states a simulated phone can be put in (POST /sandbox/Phones/{phone} with `State`)."""

from __future__ import annotations

REACHABLE = "reachable"
UNREACHABLE = "unreachable"  # switched off, no signal: its SMS end `undelivered`, 30003
LANDLINE = "landline"  # a number that cannot take SMS: 30006
FILTERING = "filtering"  # behind a carrier that filters the message out: 30007

PHONE_STATES = (REACHABLE, UNREACHABLE, LANDLINE, FILTERING)
