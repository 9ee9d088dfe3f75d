"""The differences between the vendor's fake and fake-seam that tests/fake-seam/README.md states
("The vendor's fake"), each seen on both servers with the same request: if either fake changes,
the README's table is out of date and this test says which row."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import raw

REPO_ROOT = Path(__file__).resolve().parents[2]
FAKE_SEAM_BIN = os.environ.get("FAKE_SEAM_BIN", str(REPO_ROOT / "target" / "debug" / "fake-seam"))
API_KEY = {"authorization": "Bearer seam_apikey1_token"}
UUID = "12345678-1234-4234-8234-1234567890ab"


@pytest.fixture(scope="module")
def ours():
    process = subprocess.Popen([FAKE_SEAM_BIN, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield {"url": url, "system": "11111111-1111-1111-1111-111111111111"}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def both(vendor, ours):
    """(vendor, ours): each a function sending one request with the API key."""
    vendor = {**vendor, "system": vendor["seed"]["visionline_acs_system_1"]}

    def sender(fake):
        def send(method, path, body=None, headers=API_KEY):
            return raw(fake["url"], method, path, body, headers)
        send.fake = fake
        return send
    return sender(vendor), sender(ours)


def new_user(send, name):
    status, body = send("POST", "/acs/users/create", {"acs_system_id": send.fake["system"], "full_name": name})
    assert status == 200, body
    return body["acs_user"]


def error(answer):
    status, body = answer
    return status, body["error"]["type"] if isinstance(body, dict) else body


def test_ids(both):
    vendor, ours = both
    assert re.fullmatch(r"acs_user\d+", new_user(vendor, "Ids")["acs_user_id"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", new_user(ours, "Ids")["acs_user_id"])
    assert error(vendor("GET", "/acs/users/get?acs_user_id=nope")) == (404, "acs_user_not_found")
    assert error(ours("GET", "/acs/users/get?acs_user_id=nope")) == (400, "invalid_input")


def test_lists_have_no_pagination_and_are_oldest_first(both):
    for send, paginated, oldest_first in zip(both, (False, True), (True, False)):
        first, second = new_user(send, "First"), new_user(send, "Second")
        status, body = send("GET", "/acs/users/list")
        assert status == 200 and ("pagination" in body) is paginated
        listed = [u["acs_user_id"] for u in body["acs_users"]]
        order = listed.index(first["acs_user_id"]) < listed.index(second["acs_user_id"])
        assert order is oldest_first


def test_objects_lack_fields_the_schema_requires(both):
    vendor, ours = both
    for send, has in ((vendor, False), (ours, True)):
        user = new_user(send, "Fields")
        assert all((name in user) is has for name in ("connected_account_id", "errors", "warnings"))
        status, body = send("GET", "/acs/entrances/list")
        assert status == 200 and body["acs_entrances"]
        assert all(("connected_account_id" in e) is has for e in body["acs_entrances"])
        assert all(("properties" in e) is not has for e in body["acs_entrances"])


def test_events_list_wants_since_or_between(both):
    vendor, ours = both
    assert error(vendor("GET", "/events/list")) == (400, "invalid_input")
    assert vendor("GET", "/events/list")[1]["error"]["message"] == "Must specify either since or between"
    assert ours("GET", "/events/list")[0] == 200
    # `since` is exclusive on the vendor's fake, inclusive on ours.
    for send, inclusive in ((vendor, False), (ours, True)):
        new_user(send, "Event")  # fake-seam records acs_user.created; the vendor's fake has event1 from its seed
        events = send("GET", "/events/list?since=2000-01-01T00:00:00.000Z")[1]["events"]
        oldest = min(events, key=lambda e: e["created_at"])
        again = send("GET", f"/events/list?since={oldest['created_at']}")[1]["events"]
        assert (oldest["event_id"] in [e["event_id"] for e in again]) is inclusive


def test_the_vendors_fake_records_no_acs_events(both):
    vendor, ours = both
    for send, recorded in ((vendor, False), (ours, True)):
        user = new_user(send, "Recorded")
        events = send("GET", "/events/list?since=2000-01-01T00:00:00.000Z")[1]["events"]
        assert (user["acs_user_id"] in [e.get("acs_user_id") for e in events]) is recorded


def test_user_identities_are_not_implemented(both):
    vendor, ours = both
    assert vendor("POST", "/user_identities/create", {"full_name": "Ada"}) == (500, "Not implemented!")
    assert vendor("PUT", "/user_identities/add_acs_user", {"user_identity_id": UUID, "acs_user_id": UUID}) == (
        500, "Not implemented!")
    assert ours("POST", "/user_identities/create", {"full_name": "Ada"})[0] == 200


def test_get_or_create_wants_a_publishable_key(both):
    vendor, ours = both
    assert error(vendor("POST", "/client_sessions/get_or_create", {"user_identifier_key": "k1"})) == (
        400, "publishable_key_header_required")
    assert ours("POST", "/client_sessions/get_or_create", {"user_identifier_key": "k1"})[0] == 200


def test_create_with_a_user_identifier_key_that_has_a_session(both):
    vendor, ours = both
    made = vendor("PUT", "/client_sessions/create", {"user_identifier_key": "twice"})[1]["client_session"]
    assert error(vendor("POST", "/client_sessions/create", {"user_identifier_key": "twice"})) == (
        400, "client_session_token_already_exists")
    again = vendor("PUT", "/client_sessions/create", {"user_identifier_key": "twice"})[1]["client_session"]
    assert again["client_session_id"] == made["client_session_id"]
    first = ours("PUT", "/client_sessions/create", {"user_identifier_key": "twice"})[1]["client_session"]
    second = ours("PUT", "/client_sessions/create", {"user_identifier_key": "twice"})[1]["client_session"]
    assert first["client_session_id"] != second["client_session_id"]


def test_not_found_messages(both):
    vendor, ours = both
    assert vendor("GET", "/acs/users/get?acs_user_id=nope")[1]["error"]["message"] == "acs_user not found"
    assert vendor("POST", "/acs/users/suspend", {"acs_user_id": "nope"})[1]["error"]["message"] == (
        "Access control user not found")
    assert ours("POST", "/acs/users/suspend", {"acs_user_id": UUID})[1]["error"]["message"] == "acs_user not found"


def test_users_update_delete_and_list_filters(both):
    vendor, ours = both
    assert error(vendor("PATCH", "/acs/users/update", {"acs_user_id": "nope", "full_name": "x"})) == (
        500, "internal_server_error")
    assert error(ours("PATCH", "/acs/users/update", {"acs_user_id": UUID, "full_name": "x"})) == (
        404, "acs_user_not_found")
    for send, answers_user in ((vendor, True), (ours, False)):
        user = new_user(send, "Deleted")
        status, body = send("DELETE", f"/acs/users/delete?acs_user_id={user['acs_user_id']}")
        assert status == 200 and ("acs_user" in body) is answers_user
    # A user identity that matches nothing: the vendor's fake drops the filter.
    assert vendor("GET", f"/acs/users/list?user_identity_id={UUID}")[1]["acs_users"]
    assert ours("GET", f"/acs/users/list?user_identity_id={UUID}")[1]["acs_users"] == []
    assert error(vendor("POST", "/acs/users/create", {"acs_system_id": vendor.fake["system"]})) == (
        400, "full_name_required")
    assert error(ours("POST", "/acs/users/create", {"acs_system_id": ours.fake["system"]})) == (400, "invalid_input")


def test_remove_from_access_group_reads_only_a_body(both):
    vendor, ours = both
    group = vendor.fake["acs_access_group_id"]
    user = new_user(vendor, "Member")["acs_user_id"]
    assert vendor("PUT", "/acs/users/add_to_access_group", {"acs_user_id": user, "acs_access_group_id": group})[0] == 200
    # A DELETE with the parameters in the query, as both official SDKs and seam-core send it.
    assert error(vendor("DELETE", f"/acs/users/remove_from_access_group?acs_user_id={user}&acs_access_group_id={group}")) == (
        404, "acs_user_not_found")
    ours_user = "33333333-3333-3333-3333-333333333333"
    staff = "abababab-abab-abab-abab-abababababab"
    assert ours("PUT", "/acs/users/add_to_access_group", {"acs_user_id": ours_user, "acs_access_group_id": staff})[0] == 200
    assert ours("DELETE", f"/acs/users/remove_from_access_group?acs_user_id={ours_user}&acs_access_group_id={staff}")[0] == 200


def test_action_attempts_list(both):
    vendor, ours = both
    assert error(vendor("GET", f"/action_attempts/list?action_attempt_ids={UUID}")) == (
        404, "action_attempts_not_found")
    assert ours("GET", f"/action_attempts/list?action_attempt_ids={UUID}")[1]["action_attempts"] == []


def test_webhooks_event_types(both):
    vendor, ours = both
    assert error(vendor("POST", "/webhooks/create", {"url": "https://example.com/h", "event_types": ["nope.type"]})) == (
        400, "invalid_event_types")
    assert ours("POST", "/webhooks/create", {"url": "https://example.com/h", "event_types": ["nope.type"]})[0] == 200
    defaults = vendor("POST", "/webhooks/create", {"url": "https://example.com/h"})[1]["webhook"]["event_types"]
    assert "device.connected" in defaults and "*" not in defaults
    assert ours("POST", "/webhooks/create", {"url": "https://example.com/h"})[1]["webhook"]["event_types"] == ["*"]


def test_client_sessions_may_call_more(both):
    vendor, ours = both
    session = {"authorization": "Bearer seam_cst1_token", "client-session-token": "seam_cst1_token"}
    assert vendor("POST", "/acs/users/create", {"acs_system_id": vendor.fake["system"], "full_name": "S"},
                  session)[0] == 200
    assert error(ours("POST", "/acs/users/create", {"acs_system_id": ours.fake["system"], "full_name": "S"},
                      session)) == (403, "forbidden")


def test_what_both_do_alike(both):
    for send in both:
        status, body = send("GET", "/no/such/route")
        assert (status, body) == (404, 404)  # the plain body `404`
        status, body = send("POST", "/acs/users/suspend", {"acs_user_id": UUID})
        assert status == 404 and set(body) == {"error", "ok"} and body["ok"] is False
        assert {"type", "message", "stack"} <= set(body["error"])
