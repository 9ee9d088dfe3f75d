"""What a phone app holding a client session token may do: every call that docs/endpoints.md
marks "client session" works on a `Seam(client_session_token=…)` when it names the session's
own things (Jane's identity, ACS user, credentials, group, grant, …; the unmanaged calls with a
session of an identity that has unmanaged things); naming another's is a 403; every other call
is a 403 whatever it names. The token never shows in a repr, a str or an error's text."""

from __future__ import annotations

import asyncio
import re
from typing import Any, Callable, Dict, List, NamedTuple, Set, Tuple

import pytest

import seam_core
from seam_core import AsyncSeam, Seam
from support import (
    API_KEY, CLIENT_SESSION, CLIENT_SESSION_TOKEN, CLOUD_KEY, ENCODER, GYM, IDENTITY, LOBBY,
    OTHER_USER, PIN, REPO_ROOT, ROOM_101, STAFF, SYSTEM, UNLINKED_IDENTITY, UNMANAGED_GRANT,
    UNMANAGED_IDENTITY, UNMANAGED_METHOD, USER, CASES, FakeSeam, arguments, run,
)  # fmt: skip


def client_session_operations() -> Set[str]:
    """The calls docs/endpoints.md marks "client session: yes" (generated from the API's facts)."""
    marked: Set[str] = set()
    namespace = ""
    column = -1
    for line in (REPO_ROOT / "docs" / "endpoints.md").read_text().splitlines():
        heading = re.match(r"## `([a-z_.]+)`", line)
        if heading:
            namespace = heading.group(1)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| call |"):
            column = cells.index("client session")
        elif line.startswith("| `") and namespace:
            if cells[column] == "yes":
                marked.add(f"{namespace}.{cells[0].strip('`')}")
    return marked


CAPABLE = client_session_operations()


class Own(NamedTuple):
    """What the setup made for the sessions to name."""

    grant: str
    method: str
    attempt: str
    event: str
    tokens: Dict[str, str]  # whose session -> its token


def setup(seam: Seam) -> Own:
    seam.acs.users.add_to_access_group(acs_access_group_id=STAFF, acs_user_id=USER)
    grant = seam.access_grants.create(
        user_identity_id=IDENTITY, requested_access_methods=[{"mode": "code"}], acs_entrance_ids=[LOBBY]
    )
    attempt = seam.acs.encoders.encode_credential(
        acs_encoder_id=ENCODER, acs_credential_id=PIN, wait_for_action_attempt=False
    )
    (event, *_) = seam.events.list(access_grant_id=grant.access_grant_id)
    tokens = {"jane": CLIENT_SESSION_TOKEN}
    token = seam.client_sessions.create(user_identity_id=UNLINKED_IDENTITY).token
    assert token is not None
    tokens["sam"] = token
    return Own(grant.access_grant_id, grant.access_method_ids[0], attempt.action_attempt_id,
               event.event_id, tokens)  # fmt: skip


def ids_of(items: Any, key: str) -> List[str]:
    return sorted(getattr(i, key) for i in getattr(items, "items", items))


class Call(NamedTuple):
    who: str
    params: Callable[[Own], Dict[str, Any]]
    check: Callable[[Any, Own], bool] = lambda result, own: True
    # The error a call allowed to the session still gets from the lookup, if any: no session
    # can stand for an unmanaged identity (sessions are made for managed ones), so updating
    # one's own identity as unmanaged passes the scope and finds nothing.
    not_found: str = ""


OWN_CALLS: Dict[str, Call] = {
    "acs.credentials.list": Call("jane", lambda o: {}, lambda r, o: bool(r.acs_credentials) and all(
        c.acs_user_id == USER or c.user_identity_id == IDENTITY for c in r.acs_credentials)),
    "acs.users.list": Call("jane", lambda o: {}, lambda r, o: [u.acs_user_id for u in r.acs_users] == [USER]),
    "acs.users.list_accessible_entrances": Call(
        "jane", lambda o: {"acs_user_id": USER},
        lambda r, o: {e.acs_entrance_id for e in r} == {LOBBY, GYM}),
    "acs.systems.list": Call("jane", lambda o: {}, lambda r, o: [s.acs_system_id for s in r] == [SYSTEM]),
    "acs.entrances.get": Call("jane", lambda o: {"acs_entrance_id": ROOM_101},
                              lambda r, o: r.acs_entrance_id == ROOM_101),
    "acs.entrances.list": Call("jane", lambda o: {}, lambda r, o: ROOM_101 in {
        e.acs_entrance_id for e in r.acs_entrances}),
    "acs.entrances.list_credentials_with_access": Call(
        "jane", lambda o: {"acs_entrance_id": ROOM_101},
        lambda r, o: PIN in {c.acs_credential_id for c in r}),
    "acs.access_groups.delete": Call("jane", lambda o: {"acs_access_group_id": STAFF}),
    "acs.encoders.list": Call("jane", lambda o: {}, lambda r, o: [e.acs_encoder_id for e in r.acs_encoders] == [ENCODER]),
    "acs.encoders.encode_credential": Call(
        "jane", lambda o: {"acs_encoder_id": ENCODER, "acs_credential_id": PIN},
        lambda r, o: r.status == "success" and r.result.acs_credential_id == PIN),
    "acs.encoders.scan_to_assign_credential": Call(
        "jane", lambda o: {"acs_encoder_id": ENCODER, "acs_user_id": USER},
        lambda r, o: r.status == "success"),
    "acs.encoders.simulate.next_credential_encode_will_succeed": Call("jane", lambda o: {"acs_encoder_id": ENCODER}),
    "user_identities.get": Call("jane", lambda o: {"user_identity_id": IDENTITY},
                                lambda r, o: r.user_identity_id == IDENTITY),
    "user_identities.list": Call("jane", lambda o: {}, lambda r, o: [
        i.user_identity_id for i in r.user_identities] == [IDENTITY]),
    "user_identities.list_acs_systems": Call("jane", lambda o: {"user_identity_id": IDENTITY},
                                             lambda r, o: [s.acs_system_id for s in r] == [SYSTEM]),
    "user_identities.list_accessible_entrances": Call(
        "jane", lambda o: {"user_identity_id": IDENTITY}, lambda r, o: LOBBY in {e.acs_entrance_id for e in r}),
    "user_identities.unmanaged.list": Call("jane", lambda o: {}, lambda r, o: r.user_identities == []),
    "user_identities.unmanaged.update": Call(
        "jane", lambda o: {"user_identity_id": IDENTITY, "is_managed": True}, not_found="user_identity_not_found"),
    "client_sessions.get": Call("jane", lambda o: {"client_session_id": CLIENT_SESSION},
                                lambda r, o: r.client_session_id == CLIENT_SESSION),
    "action_attempts.get": Call("jane", lambda o: {"action_attempt_id": o.attempt},
                                lambda r, o: r.action_attempt_id == o.attempt),
    "events.get": Call("jane", lambda o: {"event_id": o.event}, lambda r, o: r.event_id == o.event),
    "events.list": Call("jane", lambda o: {}, lambda r, o: o.event in {e.event_id for e in r}),
    "access_grants.create": Call(
        "jane", lambda o: {"user_identity_id": IDENTITY, "requested_access_methods": [{"mode": "code"}],
                           "acs_entrance_ids": [LOBBY]},
        lambda r, o: r.user_identity_id == IDENTITY),
    "access_grants.get": Call("jane", lambda o: {"access_grant_id": o.grant},
                              lambda r, o: r.access_grant_id == o.grant),
    "access_grants.list": Call("jane", lambda o: {}, lambda r, o: [
        g.access_grant_id for g in r.access_grants] == [o.grant]),
    "access_grants.update": Call("jane", lambda o: {"access_grant_id": o.grant, "name": "Late checkout"}),
    "access_grants.delete": Call("jane", lambda o: {"access_grant_id": o.grant}),
    "access_grants.request_access_methods": Call(
        "jane", lambda o: {"access_grant_id": o.grant, "requested_access_methods": [{"mode": "card"}]},
        lambda r, o: len(r.access_method_ids) == 2),
    "access_grants.unmanaged.get": Call("sam", lambda o: {"access_grant_id": UNMANAGED_GRANT},
                                        lambda r, o: r.access_grant_id == UNMANAGED_GRANT),
    "access_grants.unmanaged.list": Call("sam", lambda o: {}, lambda r, o: [
        g.access_grant_id for g in r.access_grants] == [UNMANAGED_GRANT]),
    "access_grants.unmanaged.update": Call("sam", lambda o: {"access_grant_id": UNMANAGED_GRANT, "is_managed": True}),
    "access_methods.list": Call("jane", lambda o: {"access_grant_id": o.grant}, lambda r, o: [
        m.access_method_id for m in r.access_methods] == [o.method]),
    "access_methods.delete": Call("jane", lambda o: {"access_method_id": o.method}),
    "access_methods.get_related": Call("jane", lambda o: {"access_method_ids": [o.method]},
                                       lambda r, o: o.grant in {g.access_grant_id for g in r.access_grants}),
    "access_methods.unmanaged.list": Call("sam", lambda o: {"access_grant_id": UNMANAGED_GRANT},
                                          lambda r, o: [m.access_method_id for m in r] == [UNMANAGED_METHOD]),
}  # fmt: skip

# Calls a client session may make, naming another's things: each is a 403.
OTHERS: Dict[str, Dict[str, Any]] = {
    "acs.users.list_accessible_entrances": {"acs_user_id": OTHER_USER},
    "acs.encoders.encode_credential": {"acs_encoder_id": ENCODER, "acs_credential_id": CLOUD_KEY},
    "user_identities.get": {"user_identity_id": UNLINKED_IDENTITY},
    "user_identities.list_accessible_entrances": {"user_identity_id": UNLINKED_IDENTITY},
    "access_grants.get": {"access_grant_id": UNMANAGED_GRANT},
    "access_grants.update": {"access_grant_id": UNMANAGED_GRANT, "name": "Mine now"},
    "access_grants.create": {"user_identity_id": UNLINKED_IDENTITY, "requested_access_methods": [{"mode": "code"}]},
    "access_methods.delete": {"access_method_id": UNMANAGED_METHOD},
    "user_identities.unmanaged.update": {"user_identity_id": UNMANAGED_IDENTITY, "is_managed": True},
}


def test_the_table_is_every_client_session_call() -> None:
    assert len(CAPABLE) >= 30
    assert set(OWN_CALLS) == CAPABLE
    assert set(OTHERS) <= CAPABLE
    assert CAPABLE <= {c["operation"] for c in CASES}


@pytest.mark.parametrize("mode", ["blocking", "async"])
@pytest.mark.parametrize("operation", sorted(OWN_CALLS))
def test_a_client_session_call_works_on_its_own_things(fake: FakeSeam, operation: str, mode: str) -> None:
    own = setup(Seam(api_key=API_KEY, endpoint=fake.url))
    call = OWN_CALLS[operation]
    token = own.tokens[call.who]
    phone = (Seam if mode == "blocking" else AsyncSeam)(client_session_token=token, endpoint=fake.url)
    if call.not_found:
        with pytest.raises(seam_core.Api) as raised:
            run(phone, operation, arguments(phone, operation, call.params(own)))
        assert (raised.value.status_code, raised.value.code) == (404, call.not_found)
        return
    result = run(phone, operation, arguments(phone, operation, call.params(own)))
    assert call.check(result, own), result
    assert fake.last()["headers"]["client-session-token"] == token
    assert token not in repr(phone) and token not in str(phone)
    if result is not None:
        assert token not in repr(result) or operation == "access_grants.create"


# Lists filtered by another's things find nothing (they are not an error): (filter, items).
FILTERED: Dict[str, Tuple[Dict[str, Any], str]] = {
    "access_methods.unmanaged.list": ({"access_grant_id": UNMANAGED_GRANT}, ""),
    "acs.credentials.list": ({"acs_user_id": OTHER_USER}, "acs_credentials"),
    "acs.users.list": ({"acs_system_id": SYSTEM, "search": "John"}, "acs_users"),
}


@pytest.mark.parametrize("operation", sorted(FILTERED))
def test_a_list_filtered_by_anothers_things_finds_nothing(fake: FakeSeam, operation: str) -> None:
    setup(Seam(api_key=API_KEY, endpoint=fake.url))
    params, key = FILTERED[operation]
    # With the API key the filter finds something; with the session, nothing.
    for client, found in ((Seam(api_key=API_KEY, endpoint=fake.url), True),
                          (Seam(client_session_token=CLIENT_SESSION_TOKEN, endpoint=fake.url), False)):
        result = run(client, operation, arguments(client, operation, params))
        items = getattr(result, key) if key else result
        assert bool(items) == found, (client, items)


@pytest.mark.parametrize("operation", sorted(OTHERS))
def test_naming_anothers_things_is_forbidden(fake: FakeSeam, operation: str) -> None:
    setup(Seam(api_key=API_KEY, endpoint=fake.url))
    phone = Seam(client_session_token=CLIENT_SESSION_TOKEN, endpoint=fake.url)
    with pytest.raises(seam_core.Api) as raised:
        run(phone, operation, arguments(phone, operation, OTHERS[operation]))
    assert raised.value.status_code == 403, raised.value
    for text in (str(raised.value), repr(raised.value)):
        assert CLIENT_SESSION_TOKEN not in text


FORBIDDEN = [c for c in CASES if c["operation"] not in CAPABLE]


@pytest.mark.parametrize("mode", ["blocking", "async"])
@pytest.mark.parametrize("case", FORBIDDEN, ids=lambda c: c["operation"])
def test_every_other_call_is_forbidden_to_a_client_session(
    server: FakeSeam, case: Dict[str, Any], mode: str
) -> None:
    phone = (Seam if mode == "blocking" else AsyncSeam)(
        client_session_token=CLIENT_SESSION_TOKEN, endpoint=server.url)  # fmt: skip
    before = server.count(case["path"])
    with pytest.raises(seam_core.Api) as raised:
        run(phone, case["operation"], arguments(phone, case["operation"], case["params"]))
    error = raised.value
    assert (error.status_code, error.code) == (403, "forbidden"), error
    assert case["path"] in error.reason
    assert server.count(case["path"]) == before + 1
    for text in (str(error), repr(error), error.reason, error.message):
        assert CLIENT_SESSION_TOKEN not in text


def test_the_token_is_never_shown(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url)
    made = seam.client_sessions.create(user_identity_id=IDENTITY)
    token = made.token
    assert token is not None
    phone = Seam(client_session_token=token, endpoint=fake.url)
    shown: List[str] = [repr(made), str(made), repr(phone), repr(AsyncSeam(client_session_token=token, endpoint=fake.url))]
    seam.client_sessions.revoke(client_session_id=made.client_session_id)
    with pytest.raises(seam_core.Unauthorized) as revoked:
        phone.acs.credentials.list()
    shown += [str(revoked.value), repr(revoked.value)]
    with pytest.raises(seam_core.Config) as wrong:
        Seam(client_session_token=token, api_key=API_KEY, endpoint=fake.url)
    shown += [str(wrong.value), repr(wrong.value)]

    async def awaited() -> None:
        with pytest.raises(seam_core.Unauthorized) as raised:
            await AsyncSeam(client_session_token=token, endpoint=fake.url).acs.users.list()
        shown.append(repr(raised.value))

    asyncio.run(awaited())
    for text in shown:
        assert token not in text and token.removeprefix("seam_cst") not in text, text
    # The same kinds of session a list gives: read back with the API key, still hidden.
    listed = seam.client_sessions.list(user_identity_id=IDENTITY)
    assert listed and all(token not in repr(s) for s in listed)
    assert [s.token for s in listed if s.client_session_id == made.client_session_id] == [token]
