"""Load driver of scripts/load for Python: the calls of tests/load/workload.json on one
`AsyncSeam`, `in_flight` at a time (an asyncio semaphore), against the fake-seam at
$SEAM_LOAD_URL, while tests/load/run.py injects faults. Speaks the protocol of
tests/load/README.md on stdin/stdout (one JSON object a line)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections import Counter
from typing import Awaitable, Callable, Dict, List, Optional

import seam_core
from seam_core import AsyncSeam, SeamError
from workload import Workload, load

API_KEY = "seam_apikey1_token"  # fake-seam's seeded key

# A call of the mix: (its index in the run, its index among the calls of its name) -> awaitable.
Call = Callable[[int, int], Awaitable[object]]


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def reply(message: Dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def command(expected: str) -> None:
    line = (await asyncio.to_thread(sys.stdin.readline)).strip()
    if line != expected:
        raise SystemExit(f"expected the command {expected!r}, got {line!r}")


def calls(seam: AsyncSeam, w: Workload, delete_targets: List[str]) -> Dict[str, Call]:
    ids, limit = w.ids, w.list_limit
    credentials, users = seam.acs.credentials, seam.acs.users
    return {
        "acs.credentials.create": lambda i, _: credentials.create(
            access_method="code", acs_user_id=ids.other_acs_user, code=str(1000 + i)),
        "acs.credentials.get": lambda i, _: credentials.get(acs_credential_id=ids.pin_credential),
        "acs.credentials.list": lambda i, _: credentials.list(acs_user_id=ids.acs_user, limit=limit),
        "acs.credentials.update": lambda i, _: credentials.update(acs_credential_id=ids.pin_credential, code="2468"),
        "acs.credentials.assign": lambda i, _: credentials.assign(
            acs_user_id=ids.acs_user, acs_credential_id=ids.mobile_key_credential),
        "acs.credentials.delete": lambda i, k: credentials.delete(acs_credential_id=delete_targets[k]),
        "acs.users.create": lambda i, _: users.create(full_name=f"Load User {i}", acs_system_id=ids.acs_system),
        "acs.users.get": lambda i, _: users.get(acs_user_id=ids.acs_user),
        "acs.users.list": lambda i, _: users.list(acs_system_id=ids.acs_system, limit=limit),
        "acs.entrances.unlock": lambda i, _: seam.acs.entrances.unlock(
            acs_credential_id=ids.pin_credential, acs_entrance_id=ids.room_101_entrance),
        "acs.encoders.encode_credential": lambda i, _: seam.acs.encoders.encode_credential(
            acs_encoder_id=ids.acs_encoder, acs_credential_id=ids.visionline_credential),
        "client_sessions.create": lambda i, _: seam.client_sessions.create(user_identity_id=ids.user_identity),
        "client_sessions.get": lambda i, _: seam.client_sessions.get(client_session_id=ids.client_session),
        "user_identities.create": lambda i, _: seam.user_identities.create(full_name=f"Load Identity {i}"),
        "user_identities.get": lambda i, _: seam.user_identities.get(user_identity_id=ids.user_identity),
        "user_identities.list": lambda i, _: seam.user_identities.list(limit=limit),
    }


async def run(w: Workload, url: str) -> None:
    seam = AsyncSeam(api_key=API_KEY, endpoint=url, timeout=w.client.timeout_s, max_retries=w.client.max_retries)
    made: Counter[str] = Counter()
    gate = asyncio.Semaphore(w.in_flight)

    # Setup, before any fault: one credential for each delete of the mix.
    async def target(k: int) -> str:
        async with gate:
            made["acs.credentials.create"] += 1
            made_one = await seam.acs.credentials.create(
                access_method="code", acs_user_id=w.ids.other_acs_user, code=str(5000 + k))
            return made_one.acs_credential_id

    delete_targets = list(await asyncio.gather(*(target(k) for k in range(w.count("acs.credentials.delete")))))
    table = calls(seam, w, delete_targets)
    plan = list(w.order())
    unknown = set(plan) - set(table)
    if unknown:
        raise SystemExit(f"the Python driver has no call {sorted(unknown)}")

    reply({"ready": True, "language": "python", "pid": os.getpid(), "rss_before_kib": rss_kib()})
    await command("go")

    outcomes: List[Optional[str]] = [None] * len(plan)
    by_call: Dict[str, Counter[str]] = {name: Counter() for name in table}
    api_statuses: Counter[str] = Counter()
    unexpected: List[str] = []

    async def one(i: int, name: str, k: int) -> None:
        async with gate:
            made[name] += 1
            try:
                await table[name](i, k)
                outcome = "ok"
            except SeamError as e:
                outcome = type(e).__name__
                if isinstance(e, seam_core.Api):
                    api_statuses[str(e.status_code)] += 1
                if outcome not in w.error_kinds:
                    unexpected.append(f"{name}: {outcome}: {e}")
            except Exception as e:  # not a documented error: the call is unaccounted for
                outcome = "unexpected"
                unexpected.append(f"{name}: {type(e).__name__}: {e}")
            outcomes[i] = outcome
            by_call[name][outcome] += 1

    ordinal: Counter[str] = Counter()
    tasks = []
    start = time.perf_counter()
    for i, name in enumerate(plan):
        tasks.append(asyncio.create_task(one(i, name, ordinal[name])))
        ordinal[name] += 1
    _, pending = await asyncio.wait(tasks, timeout=w.deadline_s)
    secs = time.perf_counter() - start
    for task in pending:  # hung: cancelled, which returns at once
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)

    kinds = Counter(o for o in outcomes if o is not None)
    reply({
        "loaded": True,
        "calls": len(plan),
        "ok": kinds.pop("ok", 0),
        "errors": dict(kinds),
        "hung": sum(o is None for o in outcomes),
        "api_statuses": dict(api_statuses),
        "unexpected": unexpected[:20],
        "by_call": {name: dict(c) for name, c in by_call.items()},
        "secs": secs,
    })

    await command("check")
    usable_error: Optional[str] = None
    made["acs.credentials.get"] += 1
    try:
        credential = await seam.acs.credentials.get(acs_credential_id=w.ids.pin_credential)
        if credential.acs_credential_id != w.ids.pin_credential:
            usable_error = "get answered another credential"
    except Exception as e:
        usable_error = f"{type(e).__name__}: {e}"
    reply({"done": True, "usable_after": usable_error is None, "usable_error": usable_error,
           "rss_after_kib": rss_kib(), "made": dict(made)})


def main() -> None:
    asyncio.run(run(load(os.environ["SEAM_LOAD_WORKLOAD"]), os.environ["SEAM_LOAD_URL"]))


if __name__ == "__main__":
    main()
