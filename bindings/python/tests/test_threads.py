"""One client shared by threads (issue 6: 8 threads × 500 assigns)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import List

from seam_core import Seam
from support import ASSIGN, CREDENTIAL, USER, FakeSeam

THREADS = 8
CALLS = 500


def test_one_client_serves_many_threads(fake: FakeSeam, seam: Seam) -> None:
    start = threading.Barrier(THREADS)

    def work() -> List[str]:
        start.wait()
        return [
            seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL).acs_user_id
            or ""
            for _ in range(CALLS)
        ]

    with ThreadPoolExecutor(THREADS) as pool:
        results = [f.result() for f in [pool.submit(work) for _ in range(THREADS)]]
    assert [len(r) for r in results] == [CALLS] * THREADS
    assert {user for r in results for user in r} == {USER}
    assert fake.count(ASSIGN) == THREADS * CALLS
