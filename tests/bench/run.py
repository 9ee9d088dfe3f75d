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

HERE = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")

# name, label, option holding its command: the order of the chart and of round 1.
CONTENDERS = [
    ("raw", "Raw HTTP/1.1 loop (Rust, std TcpStream)"),
    ("core", "Rust core (seam_core::Seam)"),
    ("python", "Python binding (seam_core)"),
    ("official", "Official Python SDK (seam)"),
    ("kotlin", "Kotlin binding (JVM)"),
    ("swift", "Swift binding"),
]
# `scripts/bench --ablation`: the core's request path with one change at a time
# (tests/bench/src/ablation.rs), next to raw and core.
ABLATION = [
    ("raw-split", "Raw loop, head and body in 2 writes (as ureq)"),
    ("replica", "Replica: ureq, resolver thread per call (core ≤ 2b8a9f1)"),
    ("replica-resolve", "+ no resolver thread (as the core since 382d1a8)"),
    ("replica-resolve-noreq", "+ no per-request ureq config"),
    ("replica-resolve-noreq-typed", "+ body parsed straight into the record"),
]
LABELS = dict(CONTENDERS + ABLATION)


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


def commands(args):
    """The driver command of each contender that can run here."""
    py = os.path.join(HERE, "python", "driver.py")
    table = {
        "raw": [args.bench_bin, "driver", "raw"] if args.bench_bin else None,
        "core": [args.bench_bin, "driver", "core"] if args.bench_bin else None,
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
    }
    for name, _ in ABLATION:
        table[name] = [args.bench_bin, "driver", name] if args.bench_bin else None
    return {name: table[name] for name in args.only if table.get(name)}


def throughput(drivers, args, server_pid):
    names = list(drivers)
    for name in names:
        secs = args.warmup_jvm if name == "kotlin" else args.warmup
        log(f"warm-up {name}: {secs} s")
        drivers[name].ask(f"run {secs}")
    runs = {name: [] for name in names}
    for r in range(args.rounds):
        # Interleaved, A B C … then B C … A: each contender starts a round once in a while.
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            driver = drivers[name]
            s0, c0 = cpu_ticks(server_pid), cpu_ticks(driver.pid)
            answer = driver.ask(f"run {args.secs}")
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
            log(f"round {r + 1}/{args.rounds} {name:8} {run['calls_per_s']:9.0f} calls/s ({calls} calls)")
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
        # runs already holds the rounds; keep the plain rates list as documented.
    return result


def memory(drivers, args):
    names = [n for n in ("python", "kotlin", "core", "swift") if n in drivers]
    growth = {name: [] for name in names}
    detail = {name: [] for name in names}
    if args.memory_reps:
        # The measuring loop itself warms up first (JIT, code cache, allocator pools and
        # JNA's cleaner reaching their steady state), unmeasured.
        for name in names:
            drivers[name].ask(f"calls {max(args.memory_calls // 2, 1000)}")
    for rep in range(args.memory_reps):
        for name in names:
            answer = drivers[name].ask(f"calls {args.memory_calls}")
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
    result = {}
    for name, path in (("release", args.lib_release), ("release_small", args.lib_small)):
        if not path or not os.path.exists(path):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, os.path.basename(path))
            shutil.copy(path, copy)
            subprocess.run(["strip", "--strip-all", copy], check=True)
            stripped = os.path.getsize(copy)
        # MB = 10^6 bytes, as the target is stated.
        result[name] = summary(
            [stripped / 1e6], "MB", bytes=stripped, file_bytes=os.path.getsize(path), path=os.path.relpath(path)
        )
    return result


def targets(results):
    t, cold, size, mem = (results.get(k, {}) for k in ("throughput", "cold_start", "library_size", "memory"))

    def med(section, name):
        return section[name]["median"] if name in section else None

    def ratio(a, b):
        return a / b if a is not None and b else None

    def paired(a, b):
        """Median of the per-round ratios: both ran in the same round, minutes apart at most,
        so a drift of the machine's speed over the run cancels out."""
        if a not in t or b not in t:
            return None
        rates = {name: {run["round"]: run["calls_per_s"] for run in t[name]["rounds"]} for name in (a, b)}
        return statistics.median(rates[a][r] / rates[b][r] for r in rates[a] if r in rates[b])

    rows = [
        ("Rust core ≥ 80% of the raw limit", paired("core", "raw"), ">=", 0.80, "ratio"),
        ("Python binding ≥ 70% of the Rust core", paired("python", "core"), ">=", 0.70, "ratio"),
        ("Python binding ≥ 5× the official SDK", paired("python", "official"), ">=", 5.0, "ratio"),
        ("Cold start ≤ 1/3 of the official SDK's", ratio(med(cold, "python"), med(cold, "official")), "<=", 1 / 3, "ratio"),
        ("Stripped release library ≤ 2.5 MB", med(size, "release"), "<=", 2.5, "MB"),
    ]
    for name in ("python", "kotlin"):
        rows.append((f"RSS growth < 5 MB / 50 000 calls ({name})", mem[name]["max"] if name in mem else None, "<", 5.0, "MB"))
    out = []
    for label, value, op, limit, unit in rows:
        met = None
        if value is not None:
            met = {">=": value >= limit, "<=": value <= limit, "<": value < limit}[op]
        out.append({"target": label, "value": value, "op": op, "limit": limit, "unit": unit, "met": met})
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--server-pid", type=int, required=True)
    p.add_argument("--bench-bin")
    p.add_argument("--python-ours")
    p.add_argument("--python-official")
    p.add_argument("--official-version")
    p.add_argument("--java", default="java")
    p.add_argument("--kotlin-cp")
    p.add_argument("--swift-cmd")
    p.add_argument("--swift-version")
    p.add_argument("--lib-release")
    p.add_argument("--lib-small")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--secs", type=float, default=2.5)
    p.add_argument("--warmup", type=float, default=1.5)
    p.add_argument("--warmup-jvm", type=float, default=6.0)
    p.add_argument("--cold-runs", type=int, default=15)
    p.add_argument("--memory-calls", type=int, default=50_000)
    p.add_argument("--memory-reps", type=int, default=3)
    p.add_argument("--only", default=",".join(n for n, _ in CONTENDERS))
    args = p.parse_args()
    args.only = [name for name in args.only.split(",") if name]
    unknown = set(args.only) - set(LABELS)
    if unknown:
        p.error(f"unknown contenders {sorted(unknown)} (known: {', '.join(LABELS)})")

    env = dict(os.environ, SEAM_BENCH_URL=args.url)
    started = time.time()
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(args),
        "load_average_before": os.getloadavg(),
        "settings": {
            "rounds": args.rounds,
            "secs_per_run": args.secs,
            "warmup_secs": args.warmup,
            "warmup_jvm_secs": args.warmup_jvm,
            "cold_runs": args.cold_runs,
            "memory_calls": args.memory_calls,
            "memory_reps": args.memory_reps,
            "server": args.url,
        },
    }
    drivers = {}
    try:
        for name, command in commands(args).items():
            drivers[name] = Driver(name, command, env)
        results["throughput"] = throughput(drivers, args, args.server_pid)
        results["memory"] = memory(drivers, args)
    finally:
        for driver in drivers.values():
            driver.close()
    results["cold_start"] = cold_start(args, env)
    results["library_size"] = library_sizes(args)
    results["targets"] = targets(results)
    results["load_average_after"] = os.getloadavg()
    results["measure_secs"] = round(time.time() - started, 1)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    log(f"wrote {args.out} ({results['measure_secs']} s of measuring)")


if __name__ == "__main__":
    main()
