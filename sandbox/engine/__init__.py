"""The sandbox's domain: everything Twilio does, knowing nothing of HTTP."""
