"""Group Texting Lab: helpers for the Twilio Conversations walkthrough."""

from helpers.connect import connect, describe, is_sandbox

__all__ = ["connect", "describe", "is_sandbox"]
