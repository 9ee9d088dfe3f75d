"""Benchmark driver for scripts/bench: `python driver.py ours|official`.

Speaks the driver protocol of tests/bench/README.md on stdin/stdout against the fake-seam
at $SEAM_BENCH_URL. `ours` is the seam_core package (the Rust core through UniFFI);
`official` is the official `seam` SDK (it sends assign as PATCH; fake-seam serves both).
"""

import json
import os
import sys
import time

API_KEY = "seam_apikey1_token"
ACS_USER = "33333333-3333-3333-3333-333333333333"
ACS_CREDENTIAL = "66666666-6666-6666-6666-666666666666"


def make_call(kind, url):
    if kind == "ours":
        import seam_core

        credentials = seam_core.Seam(api_key=API_KEY, endpoint=url).acs.credentials

        def call():
            credential = credentials.assign(acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL)
            if credential.acs_credential_id != ACS_CREDENTIAL:
                raise RuntimeError("assign returned another credential")

        return call
    if kind == "official":
        import seam

        credentials = seam.Seam(api_key=API_KEY, endpoint=url).acs.credentials

        def call():
            # The official SDK's assign returns None; it raises on any error status.
            credentials.assign(acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL)

        return call
    raise SystemExit(f"unknown contender {kind!r} (ours or official)")


def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def main():
    kind = sys.argv[1]
    call = make_call(kind, os.environ["SEAM_BENCH_URL"])
    call()
    clock = time.perf_counter

    def reply(value):
        sys.stdout.write(json.dumps(value) + "\n")
        sys.stdout.flush()

    reply({"ready": True, "contender": kind, "pid": os.getpid()})
    for line in sys.stdin:
        words = line.split()
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
        elif words[:1] == ["quit"]:
            break
        else:
            raise SystemExit(f"unknown command {line!r}")


if __name__ == "__main__":
    main()
