"""Benchmark driver for scripts/bench: `python driver.py ours|official`.

Speaks the driver protocol of tests/bench/README.md on stdin/stdout against the fake-seam
at $SEAM_BENCH_URL. `ours` is the seam_core package (the Rust core through UniFFI);
`official` is the official `seam` SDK with its defaults (it sends assign as PATCH, as we do).

Sequential calls (`run SECS [VARIANT]`, `calls N [VARIANT]`) go through the docs' path,
`seam.acs.credentials.assign(…)`, on one blocking client; for `ours`, the variant `generated`
calls the generated bindings' method itself (`seam_core._ffi`'s `Seam.call`, the JSON call by
name, its answer read by `json.loads`, no model made): the package's layer is the difference. `bulk N C async` awaits N assigns on a new
async client (`AsyncSeam`), at most C in flight (an asyncio semaphore); `bulk N C threads`
makes them on one blocking client from C threads.

Bulk reads: `walk SECS LIMIT` walks every credential (`list_all(limit=LIMIT)`; the official SDK
with its paginator, `create_paginator(seam.acs.credentials.list, {"limit": LIMIT}).flatten()`),
reading each one's id, walk after walk until SECS have passed; `walk-pages LIMIT PAGES PAUSE_MS`
walks PAGES pages and spends PAUSE_MS after each page's credentials (the caller's work, a
sleep); `walk-memory LIMIT` walks once and samples VmRSS after every page.
"""

import asyncio
import concurrent.futures
import json
import os
import sys
import time

API_KEY = "seam_apikey1_token"
ACS_USER = "33333333-3333-3333-3333-333333333333"
ACS_CREDENTIAL = "66666666-6666-6666-6666-666666666666"


def check(credential):
    if credential.acs_credential_id != ACS_CREDENTIAL or credential.acs_user_id != ACS_USER:
        raise RuntimeError("assign returned another credential")


class Ours:
    def __init__(self, url):
        import seam_core

        self.sdk, self.url = seam_core, url
        self.seam = seam_core.Seam(api_key=API_KEY, endpoint=url)

    def call(self):
        check(self.seam.acs.credentials.assign(acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL))

    def variant(self, name):
        if name == "generated":
            # UniFFI's generated method itself: the JSON call by name (Python's only crossing),
            # its answer read by json.loads, and no model made.
            native = self.seam._native
            params = json.dumps({"acs_user_id": ACS_USER, "acs_credential_id": ACS_CREDENTIAL})

            def generated():
                answer = json.loads(native.call("acs.credentials.assign", params))
                if answer["acs_credential_id"] != ACS_CREDENTIAL or answer["acs_user_id"] != ACS_USER:
                    raise RuntimeError("assign returned another credential")

            return generated
        return self.call

    def async_client(self):
        return self.sdk.AsyncSeam(api_key=API_KEY, endpoint=self.url)

    @staticmethod
    async def call_async(seam):
        check(await seam.acs.credentials.assign(acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL))

    def walk(self, limit):
        return self.seam.acs.credentials.list_all(limit=limit)


class Official:
    def __init__(self, url):
        import seam

        self.sdk, self.url = seam, url
        self.seam = seam.Seam(api_key=API_KEY, endpoint=url)

    # The official SDK's assign returns None: it raises on any error status, which is its check.
    def call(self):
        if self.seam.acs.credentials.assign(acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL) is not None:
            raise RuntimeError("the official assign returned something")

    def variant(self, name):
        return self.call

    def async_client(self):
        return self.sdk.AsyncSeam(api_key=API_KEY, endpoint=self.url)

    @staticmethod
    async def call_async(seam):
        if await seam.acs.credentials.assign(acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL) is not None:
            raise RuntimeError("the official assign returned something")

    def walk(self, limit):
        # The SDK's own way to walk every page (its README's).
        return self.seam.create_paginator(self.seam.acs.credentials.list, {"limit": limit}).flatten()


def walk_for(sdk, budget, limit):
    """Whole walks (each credential's id read) until `budget` seconds have passed."""
    items = walks = 0
    start = time.perf_counter()
    while True:
        for credential in sdk.walk(limit):
            if not credential.acs_credential_id:
                raise RuntimeError("a credential without an id")
            items += 1
        walks += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return {"items": items, "walks": walks, "secs": elapsed}


def walk_pages(sdk, limit, pages, pause_ms):
    """`pages` pages of `limit` credentials, `pause_ms` spent after each page's credentials."""
    items = 0
    start = time.perf_counter()
    for credential in sdk.walk(limit):
        if not credential.acs_credential_id:
            raise RuntimeError("a credential without an id")
        items += 1
        if items % limit == 0:
            time.sleep(pause_ms / 1000)
            if items == pages * limit:
                break
    secs = time.perf_counter() - start
    if items != pages * limit:
        raise RuntimeError(f"walked {items} credentials, {pages * limit} expected")
    return {"items": items, "secs": secs}


def walk_memory(sdk, limit):
    """One whole walk; VmRSS before, after every page (the largest kept), and after."""
    before = rss_kib()
    largest = before
    items = 0
    start = time.perf_counter()
    for credential in sdk.walk(limit):
        if not credential.acs_credential_id:
            raise RuntimeError("a credential without an id")
        items += 1
        if items % limit == 0:
            largest = max(largest, rss_kib())
    secs = time.perf_counter() - start
    after = rss_kib()
    return {"items": items, "secs": secs, "rss_before_kib": before,
            "rss_max_kib": max(largest, after), "rss_after_kib": after}


def bulk_async(sdk, n, in_flight):
    """(seconds, calls that raised, the first error)."""
    async def main():
        async with sdk.async_client() as seam:
            gate = asyncio.Semaphore(in_flight)

            async def one():
                async with gate:
                    await sdk.call_async(seam)

            start = time.perf_counter()
            outcomes = await asyncio.gather(*(one() for _ in range(n)), return_exceptions=True)
            failed = [o for o in outcomes if isinstance(o, BaseException)]
            return time.perf_counter() - start, len(failed), repr(failed[0]) if failed else None

    return asyncio.run(main())


def bulk_threads(sdk, n, threads):
    """(seconds, calls that raised, the first error)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        # The threads start before the clock does, as an application's pool would have.
        list(pool.map(lambda _: None, range(threads)))
        start = time.perf_counter()
        futures = [pool.submit(sdk.call) for _ in range(n)]
        failed = [f.exception() for f in futures if f.exception() is not None]
        return time.perf_counter() - start, len(failed), repr(failed[0]) if failed else None


def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def main():
    kind = sys.argv[1]
    makers = {"ours": Ours, "official": Official}
    if kind not in makers:
        raise SystemExit(f"unknown contender {kind!r} (ours or official)")
    sdk = makers[kind](os.environ["SEAM_BENCH_URL"])
    variants = {name: sdk.variant(name) for name in ("docs", "generated")}
    for call in variants.values():
        call()
    clock = time.perf_counter

    def reply(value):
        sys.stdout.write(json.dumps(value) + "\n")
        sys.stdout.flush()

    reply({"ready": True, "contender": kind, "pid": os.getpid()})
    for line in sys.stdin:
        words = line.split()
        call = variants[words[2]] if words[:1] in (["run"], ["calls"]) and len(words) > 2 else sdk.call
        if words[:1] == ["run"]:
            budget = float(words[1])
            calls = 0
            start = clock()
            while True:
                call()
                calls += 1
                elapsed = clock() - start
                if elapsed >= budget:
                    break
            reply({"calls": calls, "secs": elapsed})
        elif words[:1] == ["calls"]:
            n = int(words[1])
            before = rss_kib()
            start = clock()
            for _ in range(n):
                call()
            secs = clock() - start
            reply({"calls": n, "secs": secs, "rss_before_kib": before, "rss_after_kib": rss_kib()})
        elif words[:1] == ["bulk"] and len(words) == 4 and words[3] in ("async", "threads"):
            n, in_flight = int(words[1]), int(words[2])
            secs, failed, error = (bulk_async if words[3] == "async" else bulk_threads)(sdk, n, in_flight)
            reply({"calls": n - failed, "failed": failed, "error": error, "secs": secs})
        elif words[:1] == ["walk"]:
            reply(walk_for(sdk, float(words[1]), int(words[2])))
        elif words[:1] == ["walk-pages"]:
            reply(walk_pages(sdk, int(words[1]), int(words[2]), float(words[3])))
        elif words[:1] == ["walk-memory"]:
            reply(walk_memory(sdk, int(words[1])))
        elif words[:1] == ["quit"]:
            break
        else:
            raise SystemExit(f"unknown command {line!r}")


if __name__ == "__main__":
    main()
