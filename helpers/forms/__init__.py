"""ipywidgets forms and panes: add a participant, send, a phone, a chat client, the playground,
and the consent buttons (allow charges, confirm a deletion).

Every form has a programmatic face (`fill(...)`, then `submit()`) that runs the same code as a
click on its button, so tests drive it without a browser.
"""

from helpers.forms.add_participant import AddParticipantForm
from helpers.forms.chat import ChatClient
from helpers.forms.consent import AllowCharges, ConfirmDelete
from helpers.forms.feedback import Outcome
from helpers.forms.phone import PhonePane
from helpers.forms.playground import Playground
from helpers.forms.send import SendForm

__all__ = [
    "AddParticipantForm",
    "AllowCharges",
    "ChatClient",
    "ConfirmDelete",
    "Outcome",
    "PhonePane",
    "Playground",
    "SendForm",
]
