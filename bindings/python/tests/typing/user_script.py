"""A user's script, type-checked with `mypy --strict` by test_typing.py (never run)."""

from __future__ import annotations

import asyncio
import datetime
import json
from typing import AsyncIterator, Dict, Iterator, List, Optional

import seam_core
from seam_core import (
    AccessMethod, AcsCredential, AcsCredentialsPage, AcsEntrance, AsyncSeam, Seam, SeamError,
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


if __name__ == "__main__":
    blocking()
    asyncio.run(awaited())
