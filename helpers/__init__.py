"""Group Texting Lab: helpers for the Twilio Conversations walkthrough.

The public face is `connect`, `describe` and `is_sandbox` (import them from `helpers`), and the
modules directly in this package, each imported by its own name:

- `views` (tables), `journey` (a message's journey, drawn), `what_happened` (after one step),
  `forms` (the widgets), `errors` (Twilio's errors explained), `receipts` (waiting for them);
- `walkthrough` (the cast, the kit's conversations), `numbers`, `planner`, `group_models`,
  `phones`, `tokens`, `sandbox_api` (the sandbox's own calls: a phone's text, its clock);
- live mode: `settings`, `charges`, `prices`, `consent`, `kit_marks` (the kit's marks on what it
  creates), `cleanup`, `account_changes`;
- notebooks 09 and 11: `webhook_receiver`, `webhooks_lab`; the exercises: `exercises`.

`helpers._local` is plumbing no notebook imports: finding, starting and reaching the sandbox,
and reading the cast's settings. Its names may change without notice.
"""

from helpers.connect import connect, describe, is_sandbox

__all__ = ["connect", "describe", "is_sandbox"]
