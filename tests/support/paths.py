"""Where the tests find the kit's files, and the reference data kept beside the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: notebooks/, helpers/, sandbox/, …
SHARED = ROOT.parent / "shared"  # beside it, never in it: Twilio's OpenAPI specs (twilio/)
