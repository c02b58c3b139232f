"""06 · Your turn: how many Twilio numbers do the account's open conversations need?"""

from twilio.rest import Client

from helpers import views
from helpers.planner import plan


def solve(client: Client) -> int:
    routes = views.routing(client)
    open_routes = routes[routes["state"] != "closed"]
    memberships = open_routes.groupby("address")["conversation_sid"].apply(list).to_dict()
    return plan(memberships).numbers_needed
