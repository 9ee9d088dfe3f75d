"""A credential's whole life, through every call, with `Seam` and with `AsyncSeam`: one script
(`lifecycle`) run by both, through an adapter that calls or awaits."""

from __future__ import annotations

import asyncio
import datetime
import json
import time
from typing import Any, Awaitable, Callable, Dict, List

import pytest

import seam_core
from seam_core import AccessMethod, AcsCredential, AsyncSeam, Seam
from support import (
    API_KEY, CREDENTIAL, GYM, IDENTITY, LOBBY, OTHER_USER, SEEDED, SYSTEM, USER, ANNEX, FakeSeam,
    ids,
)  # fmt: skip

UTC = datetime.timezone.utc
STARTS = datetime.datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
ENDS = datetime.datetime(2025, 1, 31, 18, 0, tzinfo=UTC)

Call = Callable[..., Awaitable[Any]]  # call("assign", **kwargs)
Walk = Callable[..., Awaitable[List[str]]]  # ids of list_all(**kwargs)


async def lifecycle(fake: FakeSeam, call: Call, walk: Walk) -> None:
    created: AcsCredential = await call(
        "create", access_method=AccessMethod.CODE(), acs_user_id=USER, acs_system_id=SYSTEM,
        allowed_acs_entrance_ids=[LOBBY, GYM], code="1234", starts_at=STARTS, ends_at=ENDS,
    )  # fmt: skip
    new = created.acs_credential_id
    assert new not in SEEDED
    assert (created.acs_user_id, created.code, created.acs_system_id) == (USER, "1234", SYSTEM)
    assert created.access_method.is_code() and str(created.access_method) == "code"
    assert (created.starts_at, created.ends_at) == (STARTS, ENDS)
    assert created.display_name == "PIN Code Credential" and created.is_managed

    by_user = await call("assign", acs_user_id=OTHER_USER, acs_credential_id=new)
    assert (by_user.acs_credential_id, by_user.acs_user_id) == (new, OTHER_USER)
    by_identity = await call("assign", user_identity_id=IDENTITY, acs_credential_id=new)
    assert (by_identity.acs_user_id, by_identity.user_identity_id) == (USER, IDENTITY)

    got = await call("get", acs_credential_id=new)
    assert got == by_identity

    page = await call("list", acs_user_id=USER)
    assert new in ids(page.acs_credentials) and not page.pagination.has_next_page
    assert all(c.acs_user_id == USER for c in page.acs_credentials)
    assert ids((await call("list", search="PIN Code")).acs_credentials) == [new]
    assert ids((await call("list", acs_system_id=ANNEX)).acs_credentials) == []
    synced = await call("list", is_multi_phone_sync_credential=True)
    assert ids(synced.acs_credentials) == [CREDENTIAL]
    before = await call("list", created_before=datetime.datetime(2024, 4, 13, tzinfo=UTC))
    assert ids(before.acs_credentials) == [CREDENTIAL]

    # One credential per page, walked by hand and by list_all: each seen exactly once.
    everything = sorted([*SEEDED, new])
    walked: List[str] = []
    cursor = None
    while True:
        page = await call("list", limit=1, page_cursor=cursor)
        assert len(page.acs_credentials) == 1
        walked += ids(page.acs_credentials)
        if not page.pagination.has_next_page:
            break
        cursor = page.pagination.next_page_cursor
    assert sorted(walked) == everything and len(walked) == len(set(walked))
    lists_before = fake.count("/acs/credentials/list")
    assert await walk(limit=1) == walked
    assert fake.count("/acs/credentials/list") - lists_before == len(everything)
    assert await walk() == walked  # one page of 500
    jane = ids((await call("list", acs_user_id=USER)).acs_credentials)
    assert await walk(acs_user_id=USER) == jane

    later = ENDS + datetime.timedelta(days=7)
    updated = await call("update", acs_credential_id=new, code="5678", ends_at=later)
    assert (updated.acs_credential_id, updated.code, updated.ends_at) == (new, "5678", later)

    entrances = await call("list_accessible_entrances", acs_credential_id=new)
    assert sorted(e.acs_entrance_id for e in entrances) == [LOBBY, GYM]
    assert {e.display_name for e in entrances} == {"Lobby", "Gym"}

    unassigned = await call("unassign", acs_user_id=USER, acs_credential_id=new)
    assert (unassigned.acs_user_id, unassigned.user_identity_id) == (None, None)

    assert await call("delete", acs_credential_id=new) is None
    with pytest.raises(seam_core.Api) as gone:
        await call("get", acs_credential_id=new)
    assert (gone.value.status_code, gone.value.code) == (404, "acs_credential_not_found")

    # The wire the brief documents: each call once more, with its method.
    counts: Dict[str, int] = fake.requests()["counts"]
    for key in ("POST /acs/credentials/create", "PATCH /acs/credentials/assign",
                "GET /acs/credentials/get", "GET /acs/credentials/list",
                "PATCH /acs/credentials/update", "GET /acs/credentials/list_accessible_entrances",
                "PATCH /acs/credentials/unassign", "DELETE /acs/credentials/delete"):  # fmt: skip
        assert counts.get(key, 0) >= 1, (key, counts)


def test_the_lifecycle_with_seam(fake: FakeSeam, seam: Seam) -> None:
    credentials = seam.acs.credentials

    async def call(name: str, **kwargs: Any) -> Any:
        return getattr(credentials, name)(**kwargs)

    async def walk(**kwargs: Any) -> List[str]:
        return ids(list(credentials.list_all(**kwargs)))

    asyncio.run(lifecycle(fake, call, walk))


def test_the_lifecycle_with_async_seam(fake: FakeSeam) -> None:
    async def main() -> None:
        async with AsyncSeam(api_key=API_KEY, endpoint=fake.url) as client:
            credentials = client.acs.credentials

            async def call(name: str, **kwargs: Any) -> Any:
                return await getattr(credentials, name)(**kwargs)

            async def walk(**kwargs: Any) -> List[str]:
                return [c.acs_credential_id async for c in credentials.list_all(**kwargs)]

            await lifecycle(fake, call, walk)

    asyncio.run(main())


def test_list_all_is_lazy(fake: FakeSeam, seam: Seam) -> None:
    # Nothing is sent before the walk is read; while a page is read, the next one is fetched
    # (at most one page ahead); a dropped walk asks for nothing more.
    pages = seam.acs.credentials.list_all(limit=2)
    assert fake.count("/acs/credentials/list") == 0
    first = next(pages)
    next(pages)
    time.sleep(0.3)
    assert fake.count("/acs/credentials/list") == 2
    rest = list(pages)
    assert len(rest) == len(SEEDED) - 2 and first.acs_credential_id not in ids(rest)
    assert fake.count("/acs/credentials/list") == 5  # 9 credentials, 2 a page
    dropped = seam.acs.credentials.list_all(limit=2)
    next(dropped)
    del dropped
    time.sleep(0.3)
    assert fake.count("/acs/credentials/list") == 7


def repeat_a_cursor(fake: FakeSeam) -> None:
    """Three pages that each promise a next one; the third repeats the first's cursor."""
    for cursor in ("a", "b", "a"):
        pagination = {"has_next_page": True, "next_page_cursor": cursor, "next_page_url": None}
        body = {"acs_credentials": [], "pagination": pagination, "ok": True}
        fake.fault("/acs/credentials/list", status=200, body=json.dumps(body))


def test_a_repeated_cursor_ends_the_walk_instead_of_looping(fake: FakeSeam, seam: Seam) -> None:
    repeat_a_cursor(fake)
    with pytest.raises(seam_core.InvalidResponse, match='"a" a second time'):
        list(seam.acs.credentials.list_all())
    assert fake.count("/acs/credentials/list") == 3


def test_a_repeated_cursor_ends_the_async_walk_too(fake: FakeSeam) -> None:
    repeat_a_cursor(fake)

    async def main() -> None:
        async with AsyncSeam(api_key=API_KEY, endpoint=fake.url) as seam:
            with pytest.raises(seam_core.InvalidResponse, match='"a" a second time'):
                async for _ in seam.acs.credentials.list_all():
                    pass

    asyncio.run(main())
    assert fake.count("/acs/credentials/list") == 3


def test_with_closes_nothing_and_returns_the_client(fake: FakeSeam) -> None:
    with Seam(api_key=API_KEY, endpoint=fake.url) as seam:
        assert seam.acs.credentials.get(acs_credential_id=CREDENTIAL).acs_credential_id == CREDENTIAL
    assert seam.acs.credentials.get(acs_credential_id=CREDENTIAL).acs_credential_id == CREDENTIAL
