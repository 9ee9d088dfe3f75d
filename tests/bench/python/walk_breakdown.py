"""Where a Python walk's CPU goes, credential by credential (BENCHMARKS.md quotes it):

    SEAM_BENCH_URL=… .venv/bench-python/bin/python tests/bench/python/walk_breakdown.py [--limit 500]
    SEAM_BENCH_URL=… .venv/bench-official/bin/python tests/bench/python/walk_breakdown.py --official

fake-seam must hold the credentials to walk (scripts/bench seeds 10,000). Each operation runs
over every page of the list, `--rounds` times, and is timed in CPU time of the whole process
(`time.process_time`: every thread, the core's prefetching one included), per credential.

Ours: `walk` (the package's `list_all`, each credential's id read), `pages` (the native walker's
`next_page` alone: the core's HTTP, reading and normalized writing, and the copy of the text
into Python), `loads` (`json.loads` of those texts), `loads + from` (the same, then the generated `_from` of
each credential). Official: `walk` (its paginator's `flatten()`), `http` (its
client's GET of each page, JSON read), `from` (`AcsCredential.from_dict` of each item).
"""

import argparse
import json
import os
import time

API_KEY = "seam_apikey1_token"


def per_item(run, rounds):
    """CPU µs per credential of `run()` (which answers how many credentials it handled)."""
    best = []
    for _ in range(rounds):
        start = time.process_time()
        items = run()
        best.append((time.process_time() - start) / items * 1e6)
    best.sort()
    return best[len(best) // 2], best[0], best[-1]


def ours(url, limit):
    import seam_core
    from seam_core import _api, _runtime

    seam = seam_core.Seam(api_key=API_KEY, endpoint=url)
    native = seam.acs.credentials._native
    params = json.dumps({"limit": limit})

    def walk():
        n = 0
        for credential in seam.acs.credentials.list_all(limit=limit):
            credential.acs_credential_id
            n += 1
        return n

    def texts():
        pages = _runtime._native_call(native.pages, "acs.credentials.list", params)
        out = []
        while (page := _runtime._native_call(pages.next_page)) is not None:
            out.append(page)
        return out

    sample = texts()
    count = sum(len(json.loads(t)["acs_credentials"]) for t in sample)
    read = _api.AcsCredential._from

    def convert():  # `_from` changes the dicts it reads: each round reads fresh ones
        n = 0
        for text in sample:
            for item in json.loads(text)["acs_credentials"]:
                read(item)
                n += 1
        return n

    return {
        "walk": walk,
        "pages": lambda: (texts(), count)[1],
        "loads": lambda: (sum(len(json.loads(t)["acs_credentials"]) for t in sample)),
        "loads + from": convert,
    }


def official(url, limit):
    import seam
    from seam.resources.acs_credential import AcsCredential

    client = seam.Seam(api_key=API_KEY, endpoint=url)

    def walk():
        n = 0
        for credential in client.create_paginator(client.acs.credentials.list, {"limit": limit}).flatten():
            credential.acs_credential_id
            n += 1
        return n

    def raw_pages():
        out, cursor = [], None
        while True:
            params = {"limit": limit, **({"page_cursor": cursor} if cursor else {})}
            res = client.client.get("/acs/credentials/list", params=params)
            out.append(res["acs_credentials"])
            pagination = res["pagination"]
            if not pagination.get("has_next_page"):
                return out
            cursor = pagination["next_page_cursor"]

    loaded = raw_pages()

    def convert():
        n = 0
        for items in loaded:
            for item in items:
                AcsCredential.from_dict(item)
                n += 1
        return n

    return {
        "walk": walk,
        "http": lambda: sum(len(items) for items in raw_pages()),
        "from": convert,
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", action="store_true")
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--rounds", type=int, default=7)
    args = p.parse_args()
    url = os.environ["SEAM_BENCH_URL"]
    ops = (official if args.official else ours)(url, args.limit)
    for op in ops.values():  # warm
        op()
    for name, op in ops.items():
        median, low, high = per_item(op, args.rounds)
        print(f"{name:24} {median:7.2f} µs per credential (min {low:.2f}, max {high:.2f})")


if __name__ == "__main__":
    main()
