"""The sandbox: a local, stateful emulator of the Twilio REST API for the kit's walkthrough.

`python -m sandbox` serves it; `helpers.connect()` starts it when needed.
"""

from sandbox.api.app import create_app

__all__ = ["create_app"]
