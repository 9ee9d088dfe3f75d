"""The measuring half of scripts/bench (Python standard library only).

scripts/bench builds everything, starts fake-seam and calls this with the paths it built;
this runs the contenders' drivers (protocol: tests/bench/README.md), interleaved, and writes
target/bench/results.json. `report.py` turns that file into the table, the SVG chart and
the BENCHMARKS.md section.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Sequential contenders: name, label, driver process, variant (the driver's `run … VARIANT`).
# Several contenders may share one driver process (one JVM, one Swift process). The order is
# the chart's and round 1's.
CONTENDERS = [
    ("raw", "Raw HTTP/1.1 loop (Rust, std TcpStream)", "raw", None),
    ("core", "Rust core (seam.acs().credentials().assign)", "core", None),
    ("python", "Python binding (seam_core)", "python", None),
    ("python-generated", "Python, the generated JSON call directly (no model)", "python", "generated"),
    ("official", "Official Python SDK (seam)", "official", None),
    ("kotlin", "Kotlin binding (docs' path)", "kotlin", "docs"),
    ("kotlin-hoisted", "Kotlin binding (hoisted credentials)", "kotlin", "hoisted"),
    ("kotlin-status", "Kotlin, experiment: one call status reused", "kotlin", "status"),
    ("swift", "Swift binding (docs' path)", "swift", "docs"),
    ("swift-hoisted", "Swift binding (hoisted credentials)", "swift", "hoisted"),
]
# `scripts/bench --ablation`: the core's request path with one change at a time
# (tests/bench/src/ablation.rs), next to raw and core; `core-release` / `core-small` are the
# core built in the `release` profile and in the profile the packages ship.
ABLATION = [
    ("raw-split", "Raw loop + head and body in 2 writes (as ureq)", "raw-split", None),
    ("raw-probes", "Raw loop + 2 liveness probes (as ureq's pool)", "raw-probes", None),
    ("raw-timeouts", "Raw loop + 3 socket timeouts set per call (as a deadline)", "raw-timeouts", None),
    ("replica", "Replica of the core's request path, before", "replica", None),
    ("replica-io", "+ constant socket read timeout", "replica-io", None),
    ("replica-io-coalesce", "+ head and body in one write", "replica-io-coalesce", None),
    ("replica-io-coalesce-probe", "+ no probe on the way back to the pool", "replica-io-coalesce-probe", None),
    ("core-release", "Rust core, release profile", "core-release", None),
    ("core-small", "Rust core, shipped profile", "core-small", None),
]
# The bulk-provisioning scenario: N assigns, C in flight, fake-seam delaying each answer.
BULK = [
    ("python-async", "Python binding: AsyncSeam, asyncio (semaphore)", "python", "async"),
    ("python-threads", "Python binding: Seam on threads", "python", "threads"),
    ("official-async", "Official Python SDK: AsyncSeam (semaphore)", "official", "async"),
    ("official-threads", "Official Python SDK: Seam on threads", "official", "threads"),
    ("kotlin-async", "Kotlin binding: AsyncSeam, coroutines (semaphore)", "kotlin", "async"),
    ("kotlin-attached", "Kotlin, experiment: the same, worker threads kept attached to the JVM", "kotlin", "attached"),
    ("swift-async", "Swift binding: AsyncSeam, task group", "swift", "async"),
    ("core-threads", "Rust core on threads (reference)", "core", "threads"),
]
# Bulk reads: every credential walked with each language's walker (`list_all`, limit 500),
# each one's id read; the official SDK walks with its paginator (`create_paginator(…).flatten()`).
READS = [
    ("read-core", "Rust core: acs().credentials().list_all", "core", None),
    ("read-python", "Python binding: seam.acs.credentials.list_all", "python", None),
    ("read-official", "Official Python SDK: create_paginator(…).flatten()", "official", None),
    ("read-kotlin", "Kotlin binding: listAll(…).asSequence()", "kotlin", None),
    ("read-swift", "Swift binding: for result in listAll(…)", "swift", None),
]
# The bulk-provisioning scenario again, against fake-seam's rate limit instead of a delay.
RATE = [
    ("rate-python-async", "Python binding: AsyncSeam, asyncio (semaphore)", "python", "async"),
    ("rate-official-async", "Official Python SDK: AsyncSeam (semaphore)", "official", "async"),
    ("rate-kotlin-async", "Kotlin binding: AsyncSeam, coroutines (semaphore)", "kotlin", "async"),
    ("rate-swift-async", "Swift binding: AsyncSeam, task group", "swift", "async"),
    ("rate-core-threads", "Rust core on threads (reference)", "core", "threads"),
]
LABELS = {name: label for name, label, _, _ in CONTENDERS + ABLATION + BULK + READS + RATE}
DRIVER = {name: driver for name, _, driver, _ in CONTENDERS + ABLATION}
VARIANT = {name: variant for name, _, _, variant in CONTENDERS + ABLATION}


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def summary(values, unit, **extra):
    """min/median/max of `values` (all kept under `runs`)."""
    return {
        "unit": unit,
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
        "runs": values,
        **extra,
    }


def cpu_ticks(pid):
    """utime + stime of a process, in clock ticks (children excluded)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


class Driver:
    """One contender's driver process, kept alive across rounds (JIT stays warm)."""

    def __init__(self, name, command, env):
        self.name = name
        log(f"starting {name}: {' '.join(command)}")
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            bufsize=1,
        )
        ready = self.read()
        if not ready.get("ready"):
            raise RuntimeError(f"{name}: unexpected first line {ready}")
        # The process that actually runs the calls (for Swift: inside the chroot).
        self.pid = ready.get("pid", self.proc.pid)

    def read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name}: driver exited (status {self.proc.poll()})")
        return json.loads(line)

    def ask(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            # SIGTERM lets swift_run unmount its chroot.
            self.proc.terminate()
            self.proc.wait(timeout=30)


def machine(args):
    def first(path, prefix):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(prefix):
                        return line.split(":", 1)[1].strip().strip('"')
        except OSError:
            pass
        return None

    def version(command):
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=120)
            text = (out.stdout + out.stderr).strip()
            return text.splitlines()[0] if text else None
        except (OSError, subprocess.TimeoutExpired):
            return None

    mem_kib = first("/proc/meminfo", "MemTotal")
    os_name = None
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    versions = {
        "rustc": version(["rustc", "--version"]),
        "python_ours": version([args.python_ours, "--version"]) if args.python_ours else None,
        "python_official": version([args.python_official, "--version"])
        if args.python_official
        else None,
        "official_sdk": args.official_version,
        "java": version([args.java, "-version"]) if args.kotlin_cp else None,
        "swift": args.swift_version,
    }
    return {
        "nproc": os.cpu_count(),
        "cpu_model": first("/proc/cpuinfo", "model name"),
        "memory_gib": round(int(mem_kib.split()[0]) / 1024 / 1024, 1) if mem_kib else None,
        "os": os_name,
        "kernel": platform.release(),
        "arch": platform.machine(),
        "versions": versions,
    }


def driver_commands(args):
    """The command of each driver process that can run here, by driver name."""
    py = os.path.join(HERE, "python", "driver.py")
    rust = lambda binary, kind: [binary, "driver", kind] if binary else None  # noqa: E731
    table = {
        "raw": rust(args.bench_bin, "raw"),
        "core": rust(args.bench_bin, "core"),
        "python": [args.python_ours, py, "ours"] if args.python_ours else None,
        "official": [args.python_official, py, "official"] if args.python_official else None,
        "kotlin": [
            args.java,
            # A fixed, pre-touched heap: RSS then moves only with native (off-heap) memory.
            "-Xms256m",
            "-Xmx256m",
            "-XX:+AlwaysPreTouch",
            "-XX:+UseSerialGC",
            "-cp",
            args.kotlin_cp,
            "co.seam.bench.BenchAssignKt",
        ]
        if args.kotlin_cp
        else None,
        "swift": ["bash", "-c", args.swift_cmd] if args.swift_cmd else None,
        "core-release": rust(args.bench_bin_release, "core"),
        "core-small": rust(args.bench_bin, "core"),
    }
    for name, _, driver, _ in ABLATION:
        table.setdefault(driver, rust(args.bench_bin, driver))
    return {name: command for name, command in table.items() if command}


def variant_command(command, name):
    variant = VARIANT.get(name)
    return f"{command} {variant}" if variant else command


def throughput(drivers, names, args, server_pid):
    warmed = set()
    for name in names:
        driver = DRIVER[name]
        secs = args.warmup_jvm if driver == "kotlin" else args.warmup
        if driver in warmed:
            secs = args.warmup
        warmed.add(driver)
        log(f"warm-up {name}: {secs} s")
        drivers[driver].ask(variant_command(f"run {secs}", name))
    runs = {name: [] for name in names}
    for r in range(args.rounds):
        # Interleaved, A B C … then B C … A: each contender starts a round once in a while.
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            driver = drivers[DRIVER[name]]
            s0, c0 = cpu_ticks(server_pid), cpu_ticks(driver.pid)
            answer = driver.ask(variant_command(f"run {args.secs}", name))
            s1, c1 = cpu_ticks(server_pid), cpu_ticks(driver.pid)
            calls, secs = answer["calls"], answer["secs"]
            run = {
                "round": r + 1,
                "calls": calls,
                "secs": secs,
                "calls_per_s": calls / secs,
                "server_cpu_us_per_call": (s1 - s0) / CLK_TCK / calls * 1e6 if s0 is not None else None,
                "client_cpu_us_per_call": (c1 - c0) / CLK_TCK / calls * 1e6 if c0 is not None else None,
            }
            runs[name].append(run)
            log(f"round {r + 1}/{args.rounds} {name:14} {run['calls_per_s']:9.0f} calls/s ({calls} calls)")
    result = {}
    for name in names:
        rates = [run["calls_per_s"] for run in runs[name]]

        def med(key):
            values = [run[key] for run in runs[name] if run[key] is not None]
            return statistics.median(values) if values else None

        result[name] = summary(
            rates,
            "calls/s",
            label=LABELS[name],
            server_cpu_us_per_call=med("server_cpu_us_per_call"),
            client_cpu_us_per_call=med("client_cpu_us_per_call"),
            rounds=runs[name],
        )
    return result


def fake(url, method, path, body=None):
    """One request to fake-seam's control API; the decoded JSON answer (or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
    return json.loads(text) if text.strip() else None


def assign_count(url):
    return fake(url, "GET", "/_fake/requests").get("counts", {}).get("PATCH /acs/credentials/assign", 0)


def bulk_run(driver, args, calls, variant):
    """`calls` assigns through `driver`'s bulk `variant`, each answer delayed by the fake; checks
    that exactly `calls` assigns reached fake-seam. Returns the driver's seconds."""
    fake(args.url, "DELETE", "/_fake/faults")
    fault = {"route": "/acs/credentials/assign", "count": calls, "delay_ms": args.bulk_delay_ms}
    fake(args.url, "POST", "/_fake/faults", fault)
    before = assign_count(args.url)
    answer = driver.ask(f"bulk {calls} {args.bulk_in_flight} {variant}")
    sent = assign_count(args.url) - before
    fake(args.url, "DELETE", "/_fake/faults")
    if answer["calls"] != calls or sent != calls:
        raise RuntimeError(f"{variant}: {answer['calls']} calls answered, {sent} reached fake-seam, "
                           f"{calls} expected (first error: {answer.get('error')})")
    return answer["secs"]


def bulk(drivers, args):
    """One measured run per contender: N assigns, C in flight, each answer delayed by the fake,
    after an unmeasured run of 2 × C (threads, connections and the JIT warm)."""
    result = {}
    ideal = args.bulk_in_flight / (args.bulk_delay_ms / 1000)
    for name, label, driver, variant in BULK:
        if name not in args.only_bulk or driver not in drivers:
            continue
        bulk_run(drivers[driver], args, min(2 * args.bulk_in_flight, args.bulk_calls), variant)
        secs = bulk_run(drivers[driver], args, args.bulk_calls, variant)
        rate = args.bulk_calls / secs
        result[name] = {"label": label, "calls": args.bulk_calls, "secs": secs,
                        "calls_per_s": rate, "of_ideal": rate / ideal, "ideal_calls_per_s": ideal}
        log(f"bulk {name:16} {rate:7.0f} calls/s ({rate / ideal:.0%} of the ideal {ideal:.0f})")
    return result


def requests_seen(url):
    seen = fake(url, "GET", "/_fake/requests")
    key = "PATCH /acs/credentials/assign"
    return seen.get("counts", {}).get(key, 0), seen.get("rate_limited", {}).get(key, 0)


def rate_limited(drivers, args):
    """Bulk provisioning against fake-seam's rate limit (a token bucket per credential holding
    `rate` requests, refilled at `rate` a second; 429 with a whole-second Retry-After above it):
    `bulk_calls` assigns, `bulk_in_flight` in flight, each client with its default retries.
    Each run starts with a full bucket (the limit is set again just before it), so the best any
    client can do is (N − rate) / rate seconds. Every answer is checked, and fake-seam must have
    served each assign exactly once: its count grows by exactly N (a refused request is counted
    apart, as rate limited)."""
    names = [n for n, _, driver, _ in RATE if n in args.only_rate and driver in drivers]
    rate, n = args.rate_limit, args.bulk_calls
    ideal_secs = max(n - rate, 0) / rate
    runs = {name: [] for name in names}
    fake(args.url, "DELETE", "/_fake/faults")
    for name in names:  # unmeasured, unlimited: threads, connections and the JIT warm
        _, _, driver, variant = next(x for x in RATE if x[0] == name)
        drivers[driver].ask(f"bulk {2 * args.bulk_in_flight} {args.bulk_in_flight} {variant}")
    try:
        for r in range(args.rate_rounds):
            order = names[r % len(names):] + names[: r % len(names)]
            for name in order:
                _, _, driver, variant = next(x for x in RATE if x[0] == name)
                fake(args.url, "POST", "/_fake/rate_limit", {"per_second": rate})
                served0, refused0 = requests_seen(args.url)
                answer = drivers[driver].ask(f"bulk {n} {args.bulk_in_flight} {variant}")
                served1, refused1 = requests_seen(args.url)
                fake(args.url, "POST", "/_fake/rate_limit", {"per_second": None})
                run = {
                    "round": r + 1,
                    "secs": answer["secs"],
                    "completed": answer["calls"],
                    "failed": answer.get("failed", 0),
                    "error": answer.get("error"),
                    "served": served1 - served0,
                    "refused_429": refused1 - refused0,
                }
                run["of_allowed"] = ideal_secs / answer["secs"] if answer["secs"] else None
                run["calls_per_s"] = run["completed"] / answer["secs"] if answer["secs"] else None
                run["exact"] = run["completed"] == n and run["served"] == n and run["failed"] == 0
                runs[name].append(run)
                log(f"rate {r + 1}/{args.rate_rounds} {name:20} {run['secs']:6.2f} s, "
                    f"{run['of_allowed']:.0%} of the allowed rate, {run['completed']} completed, "
                    f"{run['failed']} failed, {run['served']} served, {run['refused_429']} × 429")
    finally:
        fake(args.url, "POST", "/_fake/rate_limit", {"per_second": None})
    result = {}
    for name in names:
        rs = runs[name]
        result[name] = summary(
            [x["of_allowed"] for x in rs], "of allowed rate", label=LABELS[name],
            secs=statistics.median(x["secs"] for x in rs),
            ideal_secs=ideal_secs, rate=rate, calls=n,
            all_exact=all(x["exact"] for x in rs),
            failed=sum(x["failed"] for x in rs),
            refused_429=statistics.median(x["refused_429"] for x in rs),
            rounds=rs,
        )
    return result


def seed_to(url, total):
    """Seeds PIN credentials of the seed's ACS user until fake-seam holds `total`."""
    now = fake(url, "POST", "/_fake/seed_credentials", {"count": 0})["acs_credentials"]
    if now < total:
        now = fake(url, "POST", "/_fake/seed_credentials",
                    {"count": total - now, "acs_user_id": "33333333-3333-3333-3333-333333333333"})["acs_credentials"]
    if now != total:
        raise RuntimeError(f"fake-seam holds {now} credentials, {total} wanted")
    return now


def reads(drivers, args, server_pid):
    """Bulk reads: whole walks of `read_total` credentials, `read_limit` a page, interleaved
    rounds of `secs` per contender; CPU per listed credential of the client and of the server."""
    names = [n for n, _, driver, _ in READS if n in args.only_reads and driver in drivers]
    driver_of = {n: d for n, _, d, _ in READS}
    for name in names:
        secs = args.warmup_jvm if driver_of[name] == "kotlin" else args.warmup
        log(f"warm-up {name}: {secs} s")
        drivers[driver_of[name]].ask(f"walk {secs} {args.read_limit}")
    runs = {name: [] for name in names}
    for r in range(args.rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            driver = drivers[driver_of[name]]
            s0, c0 = cpu_ticks(server_pid), cpu_ticks(driver.pid)
            answer = driver.ask(f"walk {args.secs} {args.read_limit}")
            s1, c1 = cpu_ticks(server_pid), cpu_ticks(driver.pid)
            items, secs = answer["items"], answer["secs"]
            if items != answer["walks"] * args.read_total:
                raise RuntimeError(f"{name}: {items} credentials in {answer['walks']} walks of {args.read_total}")
            run = {
                "round": r + 1, "items": items, "walks": answer["walks"], "secs": secs,
                "items_per_s": items / secs,
                "server_cpu_us_per_item": (s1 - s0) / CLK_TCK / items * 1e6,
                "client_cpu_us_per_item": (c1 - c0) / CLK_TCK / items * 1e6,
            }
            runs[name].append(run)
            log(f"round {r + 1}/{args.rounds} {name:14} {run['items_per_s']:9.0f} credentials/s, client "
                f"{run['client_cpu_us_per_item']:.2f} µs, server {run['server_cpu_us_per_item']:.2f} µs per credential")
    result = {}
    for name in names:
        rs = runs[name]
        result[name] = summary(
            [x["client_cpu_us_per_item"] for x in rs], "client CPU µs per credential", label=LABELS[name],
            server=summary([x["server_cpu_us_per_item"] for x in rs], "server CPU µs per credential"),
            items_per_s=summary([x["items_per_s"] for x in rs], "credentials/s"),
            rounds=rs,
        )
    return result


def slow_pages(drivers, args):
    """A walk of `slow_pages` pages of `read_limit` over a slow network: fake-seam holds each
    list answer `slow_delay_ms`, and the caller spends `slow_pause_ms` (a sleep) after each
    page's credentials. Interleaved rounds; seconds per walk."""
    names = [n for n, _, driver, _ in READS if n in args.only_reads and driver in drivers]
    driver_of = {n: d for n, _, d, _ in READS}
    runs = {name: [] for name in names}
    fault = {"route": "/acs/credentials/list", "count": 100000, "delay_ms": args.slow_delay_ms}
    try:
        for r in range(args.slow_rounds):
            order = names[r % len(names):] + names[: r % len(names)]
            for name in order:
                fake(args.url, "DELETE", "/_fake/faults")
                fake(args.url, "POST", "/_fake/faults", fault)
                answer = drivers[driver_of[name]].ask(
                    f"walk-pages {args.read_limit} {args.slow_pages} {args.slow_pause_ms}")
                runs[name].append({"round": r + 1, "secs": answer["secs"], "items": answer["items"]})
                log(f"pages {r + 1}/{args.slow_rounds} {name:14} {answer['secs']:.2f} s")
    finally:
        fake(args.url, "DELETE", "/_fake/faults")
    serial = args.slow_pages * (args.slow_delay_ms + args.slow_pause_ms) / 1000
    ahead = (args.slow_delay_ms + args.slow_pages * max(args.slow_delay_ms, args.slow_pause_ms)) / 1000
    return {
        name: summary([x["secs"] for x in runs[name]], "s", label=LABELS[name],
                      serial_secs=serial, prefetch_secs=ahead, rounds=runs[name])
        for name in names
    }


def walk_memory(drivers, args):
    """One walk of `memory_walk_total` credentials per language; VmRSS before, its largest
    after any page, and after."""
    names = [n for n, _, driver, _ in READS if n in args.only_reads and driver in drivers and n != "read-official"]
    driver_of = {n: d for n, _, d, _ in READS}
    seed_to(args.url, args.memory_walk_total)
    result = {}
    for name in names:
        answer = drivers[driver_of[name]].ask(f"walk-memory {args.read_limit}")
        if answer["items"] != args.memory_walk_total:
            raise RuntimeError(f"{name}: walked {answer['items']} of {args.memory_walk_total}")
        growth = (answer["rss_max_kib"] - answer["rss_before_kib"]) * 1024 / 1e6
        result[name] = {"label": LABELS[name], "items": answer["items"], "secs": answer["secs"],
                        "growth_mb": growth, **answer}
        log(f"walk memory {name:14} RSS {answer['rss_before_kib'] * 1024 / 1e6:.1f} -> max "
            f"{answer['rss_max_kib'] * 1024 / 1e6:.1f} -> {answer['rss_after_kib'] * 1024 / 1e6:.1f} MB "
            f"over {answer['items']} credentials")
    return result


def memory(drivers, args):
    names = [n for n in ("python", "kotlin", "core", "swift") if n in args.only and n in drivers]
    growth = {name: [] for name in names}
    detail = {name: [] for name in names}
    if args.memory_reps:
        # The measuring loop itself warms up first (JIT, code cache, allocator pools and
        # JNA's cleaner reaching their steady state), unmeasured.
        for name in names:
            drivers[name].ask(variant_command(f"calls {max(args.memory_calls // 2, 1000)}", name))
    for rep in range(args.memory_reps):
        for name in names:
            answer = drivers[name].ask(variant_command(f"calls {args.memory_calls}", name))
            before, after = answer.get("rss_before_kib"), answer.get("rss_after_kib")
            if before is None or after is None:
                continue
            growth[name].append((after - before) * 1024 / 1e6)  # KiB -> MB
            detail[name].append(answer)
            log(f"memory {rep + 1}/{args.memory_reps} {name:8} RSS {before * 1024 / 1e6:.1f} -> {after * 1024 / 1e6:.1f} MB over {args.memory_calls} calls")
    return {
        name: summary(growth[name], "MB", calls=args.memory_calls, samples=detail[name])
        for name in names
        if growth[name]
    }


def cold_start(args, env):
    script = os.path.join(HERE, "python", "cold.py")
    contenders = {}
    if args.python_ours:
        contenders["python"] = [args.python_ours, script, "ours"]
    if args.python_official:
        contenders["official"] = [args.python_official, script, "official"]
    contenders = {k: v for k, v in contenders.items() if k in args.only}
    times = {name: [] for name in contenders}
    # A new process of an installed package reads its modules' .pyc files (pip writes them);
    # with PYTHONDONTWRITEBYTECODE, a module whose .pyc is missing or stale would be compiled
    # again by every run.
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # One unmeasured run each fills the page cache (and writes .pyc files).
    for command in contenders.values():
        subprocess.run(command, env=env, check=True)
    for _ in range(args.cold_runs):
        for name, command in contenders.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True)
            times[name].append((time.perf_counter() - start) * 1000)
    for name in contenders:
        log(f"cold start {name:8} median {statistics.median(times[name]):.1f} ms")
    return {
        name: summary(times[name], "ms", label=LABELS[name]) for name in contenders
    }


def library_sizes(args):
    """Each library stripped as scripts/package strips the shipped one: every symbol but UniFFI's
    metadata (`strip --strip-all -K UNIFFI_META_…`). MB = 10^6 bytes, as the target is stated."""
    result = {}
    for spec in args.lib or []:
        name, path = spec.split("=", 1)
        if not os.path.exists(path):
            continue
        symbols = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
        keep = [arg for line in symbols.splitlines() if " UNIFFI_META" in line for arg in ("-K", line.split()[-1])]
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, os.path.basename(path))
            shutil.copy(path, copy)
            subprocess.run(["strip", "--strip-all", *keep, copy], check=True)
            stripped = os.path.getsize(copy)
        result[name] = summary(
            [stripped / 1e6], "MB", bytes=stripped, file_bytes=os.path.getsize(path), path=os.path.relpath(path)
        )
    return result


def package_sizes(args):
    """Bytes of the packages as built: the Python wheel, the Kotlin jar."""
    result = {}
    for spec in args.package or []:
        name, path = spec.split("=", 1)
        if os.path.exists(path):
            result[name] = {"path": os.path.relpath(path), "bytes": os.path.getsize(path)}
    return result


def targets(results, shipped_profile):
    t, cold, size, mem = (results.get(k, {}) for k in ("throughput", "cold_start", "library_size", "memory"))
    rd, pages, rate, wmem = (results.get(k, {}) for k in ("reads", "slow_pages", "rate_limited", "walk_memory"))

    def med(section, name):
        return section[name]["median"] if name in section else None

    def ratio(a, b):
        return a / b if a is not None and b else None

    def paired(a, b):
        """Median of the per-round ratios: both ran in the same round, seconds apart, so a
        drift of the machine's speed over the run cancels out."""
        if a not in t or b not in t:
            return None
        rates = {name: {run["round"]: run["calls_per_s"] for run in t[name]["rounds"]} for name in (a, b)}
        return statistics.median(rates[a][r] / rates[b][r] for r in rates[a] if r in rates[b])

    def paired_reads(a, b):
        """Median of the per-round ratios of client CPU per credential."""
        if a not in rd or b not in rd:
            return None
        cpu = {n: {x["round"]: x["client_cpu_us_per_item"] for x in rd[n]["rounds"]} for n in (a, b)}
        return statistics.median(cpu[a][r] / cpu[b][r] for r in cpu[a] if r in cpu[b] and cpu[b][r])

    s = results["settings"]
    rows = [
        (f"Bulk reads: Python client CPU per credential ≤ 2/3 of the official SDK's ({s['read_total']:,} credentials, limit {s['read_limit']})",
         paired_reads("read-python", "read-official"), "<=", 2 / 3, "ratio"),
    ]
    if rd:
        servers = [x["server"]["median"] for x in rd.values()]
        clients = [x["median"] for x in rd.values()]
        rows.append(("fake-seam's server CPU per listed credential below every client's (largest server / smallest client)",
                     max(servers) / min(clients) if clients and min(clients) else None, "<", 1.0, "ratio"))
    for name, x in pages.items():
        if name == "read-official":
            continue
        lang = name.split("-", 1)[1]
        rows.append((f"{s['slow_pages']} pages, {s['slow_delay_ms']} ms each + {s['slow_pause_ms']} ms of the caller's: {lang} ≤ 60% of the official SDK's time",
                     ratio(x["median"], pages["read-official"]["median"]) if "read-official" in pages else None, "<=", 0.6, "ratio"))
    for name, x in rate.items():
        if "official" in name:
            continue
        rows.append((f"Rate limit {s['rate_limit']:g}/s: {x['label']} completes all {s['bulk_calls']:,} exactly once at ≥ 90% of the allowed rate",
                     x["median"] if x["all_exact"] else 0.0, ">=", 0.9, "ratio"))
    for name, x in wmem.items():
        rows.append((f"RSS growth < 20 MB walking {s['memory_walk_total']:,} credentials ({name.split('-', 1)[1]})",
                     x["growth_mb"], "<", 20.0, "MB"))
    rows += [
        (f"Shipped library ({shipped_profile}) ≤ 3.0 MB stripped", med(size, shipped_profile), "<=", 3.0, "MB"),
        ("Python cold start ≤ 1/8 of the official SDK's", ratio(med(cold, "python"), med(cold, "official")), "<=", 1 / 8, "ratio"),
    ]
    # Per call (reported; the Python one is retired: UniFFI's ctypes calls cap it).
    per_call = [
        ("Rust core ≥ 85% of the raw keep-alive loop", paired("core", "raw"), ">=", 0.85, "ratio"),
        ("Kotlin binding (docs' path) ≥ 70% of the Rust core", paired("kotlin", "core"), ">=", 0.70, "ratio"),
        ("Swift binding (docs' path) ≥ 85% of the Rust core", paired("swift", "core"), ">=", 0.85, "ratio"),
    ]
    for name in ("python", "kotlin", "core", "swift"):
        per_call.append((f"RSS growth < 5 MB / {results['settings']['memory_calls']:,} calls ({name})",
                         mem[name]["max"] if name in mem else None, "<", 5.0, "MB"))
    out = []
    for group, table_rows in (("main", rows), ("per_call", per_call)):
        for label, value, op, limit, unit in table_rows:
            met = None
            if value is not None:
                met = {">=": value >= limit, "<=": value <= limit, "<": value < limit}[op]
            out.append({"target": label, "value": value, "op": op, "limit": limit, "unit": unit,
                        "met": met, "group": group})
    # For the reader, not targets: the other paired ratios of the table.
    info = {
        "python_of_official": paired("python", "official"),
        "python_of_core": paired("python", "core"),
        "python_generated_of_core": paired("python-generated", "core"),
        "kotlin_hoisted_of_core": paired("kotlin-hoisted", "core"),
        "kotlin_status_of_hoisted": paired("kotlin-status", "kotlin-hoisted"),
        "swift_hoisted_of_core": paired("swift-hoisted", "core"),
        "core_small_of_release": paired("core-small", "core-release"),
    }
    return out, {k: v for k, v in info.items() if v is not None}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--server-pid", type=int, required=True)
    p.add_argument("--bench-bin", help="seam-bench in the shipped profile")
    p.add_argument("--bench-bin-release", help="seam-bench in the release profile (ablation)")
    p.add_argument("--shipped-profile", default="release")
    p.add_argument("--python-ours")
    p.add_argument("--python-official")
    p.add_argument("--official-version")
    p.add_argument("--java", default="java")
    p.add_argument("--kotlin-cp")
    p.add_argument("--swift-cmd")
    p.add_argument("--swift-version")
    p.add_argument("--lib", action="append", help="PROFILE=PATH of a libseam_core.so (repeatable)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--secs", type=float, default=2.5)
    p.add_argument("--warmup", type=float, default=1.5)
    p.add_argument("--warmup-jvm", type=float, default=6.0)
    p.add_argument("--cold-runs", type=int, default=15)
    p.add_argument("--memory-calls", type=int, default=50_000)
    p.add_argument("--memory-reps", type=int, default=3)
    p.add_argument("--bulk-calls", type=int, default=2000)
    p.add_argument("--bulk-in-flight", type=int, default=64)
    p.add_argument("--bulk-delay-ms", type=int, default=50)
    p.add_argument("--rate-limit", type=float, default=400)
    p.add_argument("--rate-rounds", type=int, default=3)
    p.add_argument("--read-total", type=int, default=10_000)
    p.add_argument("--read-limit", type=int, default=500)
    p.add_argument("--slow-pages", type=int, default=20)
    p.add_argument("--slow-delay-ms", type=int, default=100)
    p.add_argument("--slow-pause-ms", type=int, default=100)
    p.add_argument("--slow-rounds", type=int, default=3)
    p.add_argument("--memory-walk-total", type=int, default=100_000)
    p.add_argument("--package", action="append", help="NAME=PATH of a built package (wheel, jar)")
    p.add_argument("--only", default=",".join(n for n, *_ in CONTENDERS + BULK + READS + RATE))
    args = p.parse_args()
    wanted = [name for name in args.only.split(",") if name]
    unknown = set(wanted) - set(LABELS)
    if unknown:
        p.error(f"unknown contenders {sorted(unknown)} (known: {', '.join(LABELS)})")
    bulk_names = {name for name, *_ in BULK}
    read_names = {name for name, *_ in READS}
    rate_names = {name for name, *_ in RATE}
    args.only_bulk = [name for name in wanted if name in bulk_names]
    args.only_reads = [name for name in wanted if name in read_names]
    args.only_rate = [name for name in wanted if name in rate_names]
    args.only = [name for name in wanted if name not in bulk_names | read_names | rate_names]

    env = dict(os.environ, SEAM_BENCH_URL=args.url)
    started = time.time()
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(args),
        "load_average_before": os.getloadavg(),
        "shipped_profile": args.shipped_profile,
        "settings": {
            "rounds": args.rounds,
            "secs_per_run": args.secs,
            "warmup_secs": args.warmup,
            "warmup_jvm_secs": args.warmup_jvm,
            "cold_runs": args.cold_runs,
            "memory_calls": args.memory_calls,
            "memory_reps": args.memory_reps,
            "bulk_calls": args.bulk_calls,
            "bulk_in_flight": args.bulk_in_flight,
            "bulk_delay_ms": args.bulk_delay_ms,
            "rate_limit": args.rate_limit,
            "rate_rounds": args.rate_rounds,
            "read_total": args.read_total,
            "read_limit": args.read_limit,
            "slow_pages": args.slow_pages,
            "slow_delay_ms": args.slow_delay_ms,
            "slow_pause_ms": args.slow_pause_ms,
            "slow_rounds": args.slow_rounds,
            "memory_walk_total": args.memory_walk_total,
            "server": args.url,
        },
    }
    available = driver_commands(args)
    names = [name for name in args.only if DRIVER[name] in available]
    needed = {DRIVER[name] for name in names}
    needed |= {driver for name, _, driver, _ in BULK if name in args.only_bulk and driver in available}
    needed |= {driver for name, _, driver, _ in READS if name in args.only_reads and driver in available}
    needed |= {driver for name, _, driver, _ in RATE if name in args.only_rate and driver in available}
    drivers = {}
    try:
        for driver in sorted(needed):
            drivers[driver] = Driver(driver, available[driver], env)
        results["throughput"] = throughput(drivers, names, args, args.server_pid)
        if args.only_reads:
            seed_to(args.url, args.read_total)
            results["reads"] = reads(drivers, args, args.server_pid)
            results["slow_pages"] = slow_pages(drivers, args)
        results["bulk"] = bulk(drivers, args)
        results["rate_limited"] = rate_limited(drivers, args)
        results["memory"] = memory(drivers, args)
        if args.only_reads and args.memory_walk_total:
            results["walk_memory"] = walk_memory(drivers, args)
    finally:
        for driver in drivers.values():
            driver.close()
    results["cold_start"] = cold_start(args, env)
    results["library_size"] = library_sizes(args)
    results["package_size"] = package_sizes(args)
    results["targets"], results["paired_ratios"] = targets(results, args.shipped_profile)
    results["load_average_after"] = os.getloadavg()
    results["measure_secs"] = round(time.time() - started, 1)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    log(f"wrote {args.out} ({results['measure_secs']} s of measuring)")


if __name__ == "__main__":
    main()
