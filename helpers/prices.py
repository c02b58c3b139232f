"""What things cost on Twilio in the US: the one place for the prices the kit quotes, and source."""

from __future__ import annotations

# As Twilio's US SMS pricing page listed them ("current as of October 2026"), read 2026-11-26.
# One SMS segment is charged both ways, sent and received. The monthly price of a US local
# number is an assumption to check on the same page; pass your own where a function takes one.
PRICES_SOURCE = "https://www.twilio.com/en-us/sms/pricing/us"
PRICES_READ = "2026-11-26"
SMS_SEGMENT_USD = 0.0083
US_LOCAL_NUMBER_PER_MONTH = 1.15
# The same page's MMS prices (read 2026-11-26): a long-code MMS is charged per message, not per
# segment, each way; a Group MMS is one MMS to each phone in the group.
MMS_OUTBOUND_USD = 0.022
MMS_INBOUND_USD = 0.0165
