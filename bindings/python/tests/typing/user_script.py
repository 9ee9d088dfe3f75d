"""A user's script, type-checked with `mypy --strict` by test_typing.py (never run)."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import datetime
import json
import pickle
from typing import Any, AsyncIterator, Dict, Iterator, List, Mapping, Optional

import seam_core
from seam_core import (
    AccessMethod, AcsCredential, AcsCredentialsPage, AcsEntrance, ActionAttempt, AsyncSeam,
    ClientSession, Event, Seam, SeamError, SeamWebhook, WaitOptions, Webhook, WebhookError,
    WorkerStats,
)

USER = "33333333-3333-3333-3333-333333333333"
CREDENTIAL = "66666666-6666-6666-6666-666666666666"


def describe(c: AcsCredential) -> str:
    created: datetime.datetime = c.created_at
    ends: Optional[datetime.datetime] = c.ends_at
    user: Optional[str] = c.acs_user_id
    managed: bool = c.is_managed
    method: str = str(c.access_method)
    is_key: bool = c.access_method.is_mobile_key() or c.access_method == AccessMethod.OTHER("x")
    if isinstance(c.access_method, AccessMethod.OTHER):
        method = c.access_method.value
    warned: List[Optional[str]] = [w.new_code for w in c.warnings if w.warning_code.is_requested_code_unavailable()]
    errors: List[Optional[datetime.datetime]] = [e.created_at for e in c.errors]
    pin: Optional[str] = c.akiles_metadata.member_pin_id if c.akiles_metadata else None
    unknown: Dict[str, object] = {k: json.loads(v) for k, v in c.unknown_fields.items()}
    return repr([created, ends, user, managed, method, is_key, warned, errors, pin, unknown])


def blocking() -> None:
    with Seam(api_key="seam_apikey1_token", endpoint="http://127.0.0.1:1", timeout=2.5) as seam:
        endpoint: str = seam.endpoint
        credentials = seam.acs.credentials
        try:
            print(endpoint, describe(credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)))
            # An enum argument is the enum or the API's string.
            made = credentials.create(access_method=AccessMethod.CODE, acs_user_id=USER, code="1234")
            credentials.create(access_method="card", acs_user_id=USER)
            page: AcsCredentialsPage = credentials.list(acs_user_id=USER, limit=10)
            cursor: Optional[str] = page.pagination.next_page_cursor
            every: Iterator[AcsCredential] = credentials.list_all(search="PIN")
            doors: List[AcsEntrance] = credentials.list_accessible_entrances(acs_credential_id=made.acs_credential_id)
            credentials.delete(acs_credential_id=made.acs_credential_id)
            print(cursor, list(every), doors)
        except seam_core.InvalidInput as e:
            parameter: str = e.parameter
            print(parameter, e.reason)
        except seam_core.Api as e:
            status: int = e.status_code
            messages: Dict[str, List[str]] = e.validation_errors
            print(status, e.code, e.reason, e.request_id, messages)
        except SeamError.Config as e:
            print(e.reason)
        except SeamError as e:
            text: str = e.message
            print(text, str(e))


async def awaited() -> None:
    async with AsyncSeam(api_key="seam_apikey1_token", worker_threads=8) as seam:
        credential: AcsCredential = await seam.acs.credentials.get(acs_credential_id=CREDENTIAL)
        every: AsyncIterator[AcsCredential] = seam.acs.credentials.list_all(limit=1)
        async for c in every:
            print(describe(c))
        stats: WorkerStats = seam.worker_stats()
        busy: int = stats.busy
        print(credential, busy)


def idioms(c: AcsCredential, session: ClientSession) -> None:
    # Enums are the API's strings: compared, hashed, matched, printed as strings.
    pin: bool = c.access_method == "code" or c.access_method == AccessMethod.CODE
    text: str = c.access_method
    by_method: Dict[str, int] = {c.access_method: 1, "card": 2}
    known: AccessMethod = AccessMethod("code")
    other: AccessMethod = AccessMethod.OTHER("quantum")
    match c.access_method:
        case AccessMethod.CODE | AccessMethod.CARD:
            kind = "carried"
        case "cloud_key":
            kind = "cloud"
        case AccessMethod.OTHER():
            kind = str(c.access_method)
        case _:
            kind = "?"
    # Models are dataclasses, with their JSON.
    renamed: AcsCredential = dataclasses.replace(c, display_name="Front door")
    fields: List[str] = [f.name for f in dataclasses.fields(c)]
    as_dict: Dict[str, Any] = dataclasses.asdict(c)
    api_json: str = c.to_json()
    api_dict: Dict[str, Any] = c.to_dict()
    again: AcsCredential = AcsCredential.from_json(api_json)
    copied: AcsCredential = copy.deepcopy(pickle.loads(pickle.dumps(c)))
    token: Optional[str] = session.token
    print(pin, text, by_method, known, other, kind, renamed == again, fields, as_dict, api_dict, copied, token)


def waits(seam: Seam) -> None:
    encoders = seam.acs.encoders
    attempt: ActionAttempt = encoders.encode_credential(acs_encoder_id="e", acs_credential_id="c")
    encoded = attempt.result
    if isinstance(encoded, AcsCredential):
        issued: Optional[bool] = encoded.is_issued
        print(issued)
    encoders.encode_credential(acs_encoder_id="e", acs_credential_id="c", wait_for_action_attempt=False)
    encoders.encode_credential(acs_encoder_id="e", acs_credential_id="c",
                               wait_for_action_attempt=WaitOptions(timeout=5, polling_interval=0.2))
    Seam(wait_for_action_attempt=WaitOptions(wait=False))
    try:
        encoders.scan_credential(acs_encoder_id="e")
    except seam_core.ActionAttemptFailed as e:
        failed: ActionAttempt = e.action_attempt
        code: str = e.code
        print(failed.status == "error", code)
    except seam_core.ActionAttemptTimeout as e:
        print(e.action_attempt.action_attempt_id)


def webhooks(seam: Seam, body: bytes, headers: Mapping[str, str]) -> None:
    hook: Webhook = seam.webhooks.create(url="https://example.com/hook")
    assert hook.secret is not None
    try:
        event: Event = SeamWebhook(hook.secret, tolerance=60).verify(body, headers)
        print(event.event_type == "acs_user.created", event.acs_user_id)
    except WebhookError.NotGenuine as e:
        print("refused:", e.reason)
    except seam_core.NotAnEvent:
        pass


def access_methods(seam: Seam) -> None:
    seam.access_grants.create(user_identity_id="i", requested_access_methods=[{"mode": "code"}],
                              acs_entrance_ids=["a"])
    seam.acs.credentials.create(access_method=AccessMethod.CARD, acs_user_id=USER)
    seam.acs.credentials.create(access_method=AccessMethod.OTHER("x"), acs_user_id=USER)


if __name__ == "__main__":
    blocking()
    asyncio.run(awaited())
