"""`AsyncSeam` under asyncio: calls run at once on the client's worker threads, cancelling
returns at once and leaves the client usable. The time bounds are generous: they prove the
calls overlap (200 answers delayed 200 ms each), not a speed."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from typing import List

from seam_core import AcsCredential, AsyncSeam
from support import API_KEY, ASSIGN, CREDENTIAL, USER, FakeSeam

CALLS = 200
DELAY_MS = 200


def check(results: List[AcsCredential]) -> None:
    assert len(results) == CALLS
    assert all((c.acs_credential_id, c.acs_user_id) == (CREDENTIAL, USER) for c in results)


def test_200_delayed_calls_overlap(fake: FakeSeam) -> None:
    fake.fault(count=CALLS, delay_ms=DELAY_MS)

    async def main() -> List[AcsCredential]:
        credentials = AsyncSeam(api_key=API_KEY, endpoint=fake.url).acs.credentials
        calls = [credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
                 for _ in range(CALLS)]  # fmt: skip
        return await asyncio.gather(*calls)

    started = time.monotonic()
    results = asyncio.run(main())
    elapsed = time.monotonic() - started
    check(results)
    assert fake.count(ASSIGN) == CALLS
    assert elapsed < 5, f"{CALLS} calls delayed {DELAY_MS} ms took {elapsed:.2f} s"


def test_200_delayed_calls_over_8_clients_overlap(fake: FakeSeam) -> None:
    fake.fault(count=CALLS, delay_ms=DELAY_MS)

    async def main() -> List[AcsCredential]:
        clients = [AsyncSeam(api_key=API_KEY, endpoint=fake.url) for _ in range(8)]
        calls = [clients[i % 8].acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL)
                 for i in range(CALLS)]  # fmt: skip
        return await asyncio.gather(*calls)

    started = time.monotonic()
    results = asyncio.run(main())
    elapsed = time.monotonic() - started
    check(results)
    assert elapsed < 5, f"{CALLS} calls over 8 clients took {elapsed:.2f} s"


def test_cancelling_returns_at_once_and_the_client_stays_usable(fake: FakeSeam) -> None:
    fake.fault(count=100, delay_ms=1500)
    client = AsyncSeam(api_key=API_KEY, endpoint=fake.url, worker_threads=64)

    async def main() -> None:
        credentials = client.acs.credentials
        tasks = [asyncio.ensure_future(credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL))
                 for _ in range(100)]  # fmt: skip
        deadline = time.monotonic() + 5
        while client.worker_stats().busy < 64 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # every worker is waiting for the fake now
        assert client.worker_stats().busy == 64 and client.worker_stats().queued == 36
        started = time.monotonic()
        for task in tasks:
            task.cancel()
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        assert time.monotonic() - started < 0.5
        assert all(isinstance(o, asyncio.CancelledError) for o in outcomes)

        # The calls already sent run to their end on their workers; the queued ones never go.
        deadline = time.monotonic() + 10
        while client.worker_stats().busy and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert (client.worker_stats().busy, client.worker_stats().queued) == (0, 0)
        assert fake.count(ASSIGN) == 64
        got = await credentials.get(acs_credential_id=CREDENTIAL)
        assert got.acs_credential_id == CREDENTIAL

    asyncio.run(main())


def test_worker_stats_reports_the_pool(async_seam: AsyncSeam) -> None:
    stats = async_seam.worker_stats()
    assert (stats.max_threads, stats.busy, stats.queued) == (64, 0, 0)


EXIT_AFTER_A_CALL = """
import asyncio, sys
from seam_core import AsyncSeam

async def main():
    seam = AsyncSeam(api_key=sys.argv[1], endpoint=sys.argv[2])
    await seam.acs.credentials.get(acs_credential_id=sys.argv[3])

asyncio.run(main())
"""


def test_the_interpreter_exits_cleanly_right_after_an_async_call(fake: FakeSeam) -> None:
    # The worker that finished the call may still be running its continuation (Python code,
    # on a Rust thread) when the interpreter finalizes: that must never abort the process.
    runs = [
        subprocess.run([sys.executable, "-c", EXIT_AFTER_A_CALL, API_KEY, fake.url, CREDENTIAL],
                       capture_output=True, text=True, timeout=60)
        for _ in range(10)
    ]  # fmt: skip
    assert [r.returncode for r in runs] == [0] * 10, [r.stderr[-300:] for r in runs if r.returncode]
