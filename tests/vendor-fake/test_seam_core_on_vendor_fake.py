"""seam-core's Python client (`seam_core`, built from this repository) against the vendor's own
fake, @seamapi/fake-seam-connect: every route of the workflow (tests/endpoints.json) that the
vendor's fake serves, each called through our client's method, with what it answers and, where
a call answers nothing, what the vendor's fake then holds (its routes, or GET /_fake/database).

The vendor's ids are not UUIDs (`acs_user1`, `visionline_acs_system_1`): the client is made
with `check_id_format=False`. Its objects lack fields the newest schema requires (an entrance
has no `connected_account_id`, a list no `pagination`): a successful answer must still read,
a missing field read as absent. Where the vendor's fake cannot answer a route as the API does,
the test says so and checks the error our client makes of it (see "The vendor's fake" in
tests/fake-seam/README.md).
"""

import datetime
import json
import re
import uuid
from pathlib import Path

import pytest
import seam_core
from seam_core import Seam

from conftest import HERE, raw

ENDPOINTS = json.loads((HERE.parent / "endpoints.json").read_text())["cases"]
API_KEY = "seam_apikey1_token"
SYSTEM = "visionline_acs_system_1"  # the vendor's seeded Visionline system
DEVICE = "august_device_1"  # a seeded lock, whose unlock_door makes an action attempt


def vendor_routes():
    """The routes the vendor's fake serves, from its own type declarations."""
    declarations = (HERE / "node_modules" / "@seamapi" / "fake-seam-connect" / "dist" / "index.d.ts").read_text()
    return set(re.findall(r'^    "(/[a-z_/]+)": \{', declarations, re.M))


@pytest.fixture
def client(vendor):
    return Seam(api_key=API_KEY, endpoint=vendor["url"], check_id_format=False)


def new_user(client, name="Ada Lovelace"):
    return client.acs.users.create(acs_system_id=SYSTEM, full_name=name, email_address="ada@example.com")


def database(vendor):
    status, state = raw(vendor["url"], "GET", "/_fake/database")
    assert status == 200
    return state


def members(state, collection, id_name, id_value):
    [found] = [o for o in state[collection] if o[id_name] == id_value]
    return found["_acs_user_ids"]


def api_error(call):
    with pytest.raises(seam_core.Api) as raised:
        call()
    return raised.value


# One test per route; the table of routes is checked against the vendor's own list below.
ROUTES = {}


def route(path):
    def register(test):
        ROUTES[path] = test
        return test
    return register


@route("/acs/users/create")
def users_create(vendor, client):
    user = new_user(client)
    assert re.fullmatch(r"acs_user\d+", user.acs_user_id)
    assert (user.full_name, user.email_address, user.acs_system_id) == ("Ada Lovelace", "ada@example.com", SYSTEM)
    assert user.is_suspended is False and user.display_name == "Ada Lovelace"
    assert user.workspace_id == vendor["seed"]["seed_workspace_1"]
    # Required by the newest schema, not sent by the vendor's fake: read as absent.
    assert user.connected_account_id is None and user.errors == [] and user.warnings == []


@route("/acs/users/get")
def users_get(vendor, client):
    user = new_user(client, "Grace Hopper")
    got = client.acs.users.get(acs_user_id=user.acs_user_id)
    assert (got.acs_user_id, got.full_name, got.created_at) == (user.acs_user_id, "Grace Hopper", user.created_at)
    error = api_error(lambda: client.acs.users.get(acs_user_id="acs_user_missing"))
    assert (error.status_code, error.code) == (404, "acs_user_not_found")


@route("/acs/users/list")
def users_list(vendor, client):
    user = new_user(client)
    page = client.acs.users.list(acs_system_id=SYSTEM)
    assert user.acs_user_id in [u.acs_user_id for u in page.acs_users]
    # The vendor's fake answers no `pagination`: the list is whole.
    assert page.pagination.has_next_page is False and page.pagination.next_page_cursor is None
    walked = [u.acs_user_id for u in client.acs.users.list_all(acs_system_id=SYSTEM)]
    assert walked == [u.acs_user_id for u in page.acs_users]


@route("/acs/users/update")
def users_update(vendor, client):
    user = new_user(client)
    assert client.acs.users.update(acs_user_id=user.acs_user_id, full_name="Ada King", phone_number="+15555550101") is None
    got = client.acs.users.get(acs_user_id=user.acs_user_id)
    assert (got.full_name, got.phone_number) == ("Ada King", "+15555550101")


@route("/acs/users/delete")
def users_delete(vendor, client):
    user = new_user(client)
    assert client.acs.users.delete(acs_user_id=user.acs_user_id) is None
    error = api_error(lambda: client.acs.users.get(acs_user_id=user.acs_user_id))
    assert (error.status_code, error.code) == (404, "acs_user_not_found")


@route("/acs/users/suspend")
def users_suspend(vendor, client):
    user = new_user(client)
    assert client.acs.users.suspend(acs_user_id=user.acs_user_id) is None
    assert client.acs.users.get(acs_user_id=user.acs_user_id).is_suspended is True


@route("/acs/users/unsuspend")
def users_unsuspend(vendor, client):
    user = new_user(client)
    client.acs.users.suspend(acs_user_id=user.acs_user_id)
    assert client.acs.users.unsuspend(acs_user_id=user.acs_user_id) is None
    assert client.acs.users.get(acs_user_id=user.acs_user_id).is_suspended is False


@route("/acs/users/add_to_access_group")
def users_add_to_access_group(vendor, client):
    user = new_user(client)
    group = vendor["acs_access_group_id"]
    assert client.acs.users.add_to_access_group(acs_user_id=user.acs_user_id, acs_access_group_id=group) is None
    assert user.acs_user_id in members(database(vendor), "acs_access_groups", "acs_access_group_id", group)


@route("/acs/users/remove_from_access_group")
def users_remove_from_access_group(vendor, client):
    user = new_user(client)
    group = vendor["acs_access_group_id"]
    client.acs.users.add_to_access_group(acs_user_id=user.acs_user_id, acs_access_group_id=group)
    # Its DELETE reads only a JSON body; seam-core, like both official SDKs, sends the
    # parameters of a DELETE in the query: the vendor's fake sees no user.
    error = api_error(lambda: client.acs.users.remove_from_access_group(
        acs_user_id=user.acs_user_id, acs_access_group_id=group))
    assert (error.status_code, error.code) == (404, "acs_user_not_found")
    assert user.acs_user_id in members(database(vendor), "acs_access_groups", "acs_access_group_id", group)
    # The route works when the parameters come as a body (a POST).
    status, _ = raw(vendor["url"], "POST", "/acs/users/remove_from_access_group",
                    {"acs_user_id": user.acs_user_id, "acs_access_group_id": group},
                    {"authorization": f"Bearer {API_KEY}"})
    assert status == 200
    assert user.acs_user_id not in members(database(vendor), "acs_access_groups", "acs_access_group_id", group)


@route("/acs/systems/get")
def systems_get(vendor, client):
    system = client.acs.systems.get(acs_system_id=SYSTEM)
    assert (system.acs_system_id, system.name) == (SYSTEM, "Fake Visionline System")
    assert str(system.external_type) == "visionline_system"
    assert system.connected_account_id == vendor["seed"]["john_connected_account_id"]
    assert isinstance(system.created_at, datetime.datetime)
    error = api_error(lambda: client.acs.systems.get(acs_system_id="acs_system_missing"))
    assert (error.status_code, error.code) == (404, "acs_system_not_found")


@route("/acs/systems/list")
def systems_list(vendor, client):
    assert [s.acs_system_id for s in client.acs.systems.list()] == [SYSTEM]
    assert client.acs.systems.list(connected_account_id="nobody") == []


@route("/acs/entrances/get")
def entrances_get(vendor, client):
    entrance = client.acs.entrances.get(acs_entrance_id=vendor["acs_entrance_id"])
    assert (entrance.acs_entrance_id, entrance.display_name, entrance.acs_system_id) == (
        vendor["acs_entrance_id"], "Lobby", SYSTEM)
    # The newest schema requires it; the vendor's entrances have none: read as absent.
    assert entrance.connected_account_id is None
    assert json.loads(entrance.other_metadata["visionline_metadata"]) == {"door_name": "Lobby", "door_category": "common"}
    error = api_error(lambda: client.acs.entrances.get(acs_entrance_id="acs_entrance_missing"))
    assert (error.status_code, error.code) == (404, "acs_entrance_not_found")


@route("/acs/entrances/list")
def entrances_list(vendor, client):
    page = client.acs.entrances.list(acs_system_id=SYSTEM)
    assert [e.acs_entrance_id for e in page.acs_entrances] == [vendor["acs_entrance_id"]]
    assert page.pagination.has_next_page is False


@route("/acs/entrances/grant_access")
def entrances_grant_access(vendor, client):
    user = new_user(client)
    entrance = vendor["acs_entrance_id"]
    assert client.acs.entrances.grant_access(acs_entrance_id=entrance, acs_user_id=user.acs_user_id) is None
    assert user.acs_user_id in members(database(vendor), "acs_entrances", "acs_entrance_id", entrance)


def unlock(vendor):
    """An action attempt of the vendor's fake, made by its own lock route and completed."""
    auth = {"authorization": f"Bearer {API_KEY}"}
    status, made = raw(vendor["url"], "POST", "/locks/unlock_door", {"device_id": DEVICE}, auth)
    assert status == 200, made
    attempt_id = made["action_attempt"]["action_attempt_id"]
    status, _ = raw(vendor["url"], "POST", "/_fake/update_action_attempt",
                    {"action_attempt_id": attempt_id, "status": "success", "result": {}})
    assert status == 200
    return attempt_id


@route("/action_attempts/get")
def action_attempts_get(vendor, client):
    attempt_id = unlock(vendor)
    attempt = client.action_attempts.get(action_attempt_id=attempt_id)
    assert (attempt.action_attempt_id, str(attempt.action_type), str(attempt.status)) == (
        attempt_id, "UNLOCK_DOOR", "success")
    error = api_error(lambda: client.action_attempts.get(action_attempt_id="action_attempt_missing"))
    assert (error.status_code, error.code) == (404, "action_attempt_not_found")


@route("/action_attempts/list")
def action_attempts_list(vendor, client):
    first, second = unlock(vendor), unlock(vendor)
    page = client.action_attempts.list(action_attempt_ids=[first, second])
    assert sorted(a.action_attempt_id for a in page.action_attempts) == sorted([first, second])
    assert page.pagination.has_next_page is False


@route("/client_sessions/create")
def client_sessions_create(vendor, client):
    key = f"ada-{uuid.uuid4()}"
    session = client.client_sessions.create(user_identifier_key=key)
    assert re.fullmatch(r"cst\d+", session.client_session_id)
    assert session.token.startswith("seam_cst") and session.user_identifier_key == key
    assert session.workspace_id == vendor["seed"]["seed_workspace_1"]


@route("/client_sessions/get")
def client_sessions_get(vendor, client):
    key = f"grace-{uuid.uuid4()}"
    made = client.client_sessions.create(user_identifier_key=key)
    by_id = client.client_sessions.get(client_session_id=made.client_session_id)
    by_key = client.client_sessions.get(user_identifier_key=key)
    assert by_id.client_session_id == by_key.client_session_id == made.client_session_id
    assert by_id.token == made.token


@route("/client_sessions/get_or_create")
def client_sessions_get_or_create(vendor, client):
    # The vendor's fake serves it only to a publishable key (header `seam-publishable-key`),
    # which seam-core does not hold; the API (and fake-seam) also take an API key.
    error = api_error(lambda: client.client_sessions.get_or_create(user_identifier_key="ada"))
    assert (error.status_code, error.code) == (400, "publishable_key_header_required")
    # The route itself works, for the key it wants.
    status, body = raw(vendor["url"], "POST", "/client_sessions/get_or_create", {"user_identifier_key": "ada"},
                       {"seam-publishable-key": vendor["seed"]["seam_pk1_token"]})
    assert status == 200 and body["client_session"]["token"].startswith("seam_cst")


@route("/user_identities/create")
def user_identities_create(vendor, client):
    # "Not implemented!" as plain text with a 500: our client reports it, nothing more.
    error = api_error(lambda: client.user_identities.create(full_name="Ada Lovelace", email_address="ada@example.com"))
    assert (error.status_code, error.code) == (500, "http_error")
    assert "Not implemented!" in str(error)


@route("/user_identities/add_acs_user")
def user_identities_add_acs_user(vendor, client):
    # Not implemented either; and it wants UUIDs, which the vendor's own ids are not.
    error = api_error(lambda: client.user_identities.add_acs_user(
        user_identity_id=str(uuid.uuid4()), acs_user_id=str(uuid.uuid4())))
    assert (error.status_code, error.code) == (500, "http_error")
    error = api_error(lambda: client.user_identities.add_acs_user(
        user_identity_id=vendor["seed"]["john_user_identity_id"], acs_user_id="acs_user1"))
    assert (error.status_code, error.code) == (400, "invalid_input")


@route("/events/get")
def events_get(vendor, client):
    event = client.events.get(event_id="event1")  # the seed's device.connected
    assert (event.event_id, str(event.event_type)) == ("event1", "device.connected")
    assert event.workspace_id == vendor["seed"]["seed_workspace_1"]
    assert isinstance(event.created_at, datetime.datetime)
    error = api_error(lambda: client.events.get(event_id="event_missing"))
    assert (error.status_code, error.code) == (404, "event_not_found")


@route("/events/list")
def events_list(vendor, client):
    since = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    events = client.events.list(since=since)
    assert "event1" in [e.event_id for e in events]
    assert [e.event_id for e in client.events.list(since=since, event_type="device.connected")] == ["event1"]
    # Without `since` or `between` (optional in the schema) the vendor's fake refuses the call.
    error = api_error(lambda: client.events.list())
    assert (error.status_code, error.code) == (400, "invalid_input")


def new_webhook(client):
    # An event type the vendor's fake knows: it refuses others, acs_user.created among them.
    return client.webhooks.create(url="https://example.com/hook", event_types=["device.connected"])


@route("/webhooks/create")
def webhooks_create(vendor, client):
    webhook = new_webhook(client)
    assert re.fullmatch(r"webhook\d+", webhook.webhook_id)
    assert (webhook.url, webhook.event_types) == ("https://example.com/hook", ["device.connected"])


@route("/webhooks/get")
def webhooks_get(vendor, client):
    webhook = new_webhook(client)
    got = client.webhooks.get(webhook_id=webhook.webhook_id)
    assert (got.webhook_id, got.url, got.event_types) == (webhook.webhook_id, webhook.url, webhook.event_types)


@route("/webhooks/list")
def webhooks_list(vendor, client):
    webhook = new_webhook(client)
    assert webhook.webhook_id in [w.webhook_id for w in client.webhooks.list()]


@route("/webhooks/delete")
def webhooks_delete(vendor, client):
    webhook = new_webhook(client)
    assert client.webhooks.delete(webhook_id=webhook.webhook_id) is None
    error = api_error(lambda: client.webhooks.get(webhook_id=webhook.webhook_id))
    assert (error.status_code, error.code) == (404, "webhook_not_found")


def test_every_route_the_vendors_fake_serves_is_run():
    ours = {case["path"] for case in ENDPOINTS}
    served = vendor_routes() & ours
    assert len(served) == 27
    assert set(ROUTES) == served


@pytest.mark.parametrize("path", sorted(ROUTES), ids=sorted(ROUTES))
def test_route(vendor, client, path):
    ROUTES[path](vendor, client)
