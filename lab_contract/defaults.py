"""The sandbox's documented defaults: its account, credentials, address and name.

The token and API key secret here are those of a sandbox told its token (tests, the bench); a
sandbox told none makes random ones, written to its record, so no other user can guess them.
"""

from __future__ import annotations

DEFAULT_SANDBOX_ACCOUNT_SID = "AC" + "0" * 32
DEFAULT_SANDBOX_AUTH_TOKEN = "sandbox-auth-token"
DEFAULT_SANDBOX_API_KEY_SID = "SK" + "0" * 32
DEFAULT_SANDBOX_API_KEY_SECRET = "sandbox-api-key-secret-for-offline-tokens"

DEFAULT_HOST = "127.0.0.1"
FREE_PORT = 0  # no port given: the system picks a free one, and the record says which
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# What GET /sandbox/Health answers as `service`, so a client knows it found a sandbox.
SERVICE_NAME = "group-texting-lab-sandbox"
