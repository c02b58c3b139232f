"""The 2010 API's Message (Programmable Messaging): every text in or out of the account's Twilio
numbers, an app's own texts, a number's incoming-message webhook, the carriers' reports, a
message's media and the phones' opt-outs."""
