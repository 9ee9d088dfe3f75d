"""Runs the load of scripts/load: for each language, a driver process makes the calls of
tests/load/workload.json against one fake-seam while this script injects faults, then the
outcomes are checked against what fake-seam saw. Standard library only; see tests/load/README.md.

    python run.py --url URL --workload tests/load/workload.json --endpoints docs/endpoints.md \
        --driver python='…' --driver kotlin='…' --driver swift='…' [--out results.json]

Exits 1 if a call is unaccounted for or hung, a client is unusable after its run, or the
requests fake-seam saw do not match the calls and the faults (see `check`).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from workload import FaultKind, JsonValue, Workload, load

READY_TIMEOUT_S = 900  # a JVM start, or a Swift chroot waiting for another user of it, and the setup
GRACE_S = 60  # past the workload's deadline before a driver that reported nothing is killed
POLL_S = 0.01  # how often fake-seam's request count is read while faults are due
# Errors a fault can cause: its status as Api, a body that does not read, a cut or silent
# connection, and a wait whose polls were cut short.
FAULT_KINDS = ("Api", "InvalidResponse", "Timeout", "Network", "ActionAttemptTimeout")


def log(message: str) -> None:
    print(f"load: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    retry: str
    action_attempt: bool

    @property
    def key(self) -> str:  # as fake-seam counts requests
        return f"{self.method} {self.path}"


def endpoints(markdown: str) -> Dict[str, Endpoint]:
    """The calls of docs/endpoints.md (generated): name -> method, path, retry class."""
    found: Dict[str, Endpoint] = {}
    namespace = ""
    columns: List[str] = []
    for line in markdown.splitlines():
        heading = re.match(r"^## `([a-z_.]+)`", line)
        if heading:
            namespace, columns = heading.group(1), []
            continue
        if not line.startswith("|") or not namespace:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "call":
            columns = cells
        elif columns and not cells[0].startswith("---"):
            row = dict(zip(columns, cells))
            method, path = row["HTTP"].strip("`").split(" ", 1)
            found[f"{namespace}.{row['call'].strip('`')}"] = Endpoint(
                method, path, row["retry"], "(action attempt)" in row["answers"])
    return found


class Fake:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def request(self, method: str, path: str, body: Optional[JsonValue] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as answer:
            return json.loads(answer.read())

    def requests(self) -> Dict[str, int]:
        counts: Dict[str, int] = self.request("GET", "/_fake/requests")["counts"]
        return counts


@dataclass(frozen=True)
class Planned:
    at: float  # injected once fake-seam has seen this many requests of the load
    kind: FaultKind
    route: str


def plan_faults(w: Workload, calls: Dict[str, Endpoint]) -> List[Planned]:
    """The faults, the same for every language: kinds by weight, routes by how many calls (or
    polls) use them, spread over the first `spread` of the load's requests."""
    rng = random.Random(w.seed)
    routes: Counter[str] = Counter()
    for m in w.mix:
        routes[calls[m.call].path] += m.count
        if calls[m.call].action_attempt:
            routes[w.faults.poll_route] += m.count
    route_names = sorted(routes)
    faults = [
        Planned(
            at=rng.uniform(0, w.faults.spread * w.calls),
            kind=rng.choices(w.faults.kinds, weights=[k.weight for k in w.faults.kinds])[0],
            route=rng.choices(route_names, weights=[routes[r] for r in route_names])[0],
        )
        for _ in range(w.faults.count)
    ]
    return sorted(faults, key=lambda f: f.at)


class Driver:
    """A driver process: its stdout as JSON lines on a queue, its whole process group killable."""

    def __init__(self, language: str, command: str, env: Dict[str, str]) -> None:
        self.language = language
        self.process = subprocess.Popen(["bash", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, env=env, start_new_session=True)
        self.lines: queue.Queue[Optional[str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def message(self, key: str, timeout: float) -> Optional[Dict[str, Any]]:
        """The next JSON line holding `key`, or None at end of output or after `timeout` s."""
        end = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                return None
            if line is None:
                return None
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                log(f"{self.language}: {line.rstrip()}")  # not protocol: pass it on
                continue
            if isinstance(message, dict) and message.get(key) is True:
                return message
            log(f"{self.language}: unexpected message {line.rstrip()}")

    def stop(self) -> None:
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            log(f"{self.language}: the driver did not exit; stopping its process group")
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@dataclass
class Result:
    language: str
    calls: int
    ok: int = 0
    errors: Dict[str, int] = field(default_factory=dict)
    unaccounted: int = 0
    hung: int = 0
    usable_after: bool = False
    faults_queued: int = 0
    faults_used: int = 0
    requests: int = 0
    retries: int = 0
    polls: int = 0
    rss_growth_mb: Optional[float] = None
    secs: Optional[float] = None
    problems: List[str] = field(default_factory=list)
    detail: Dict[str, Any] = field(default_factory=dict)


def run_language(language: str, command: str, w: Workload, fake: Fake, calls: Dict[str, Endpoint],
                 workload_path: str) -> Result:
    result = Result(language, w.calls, hung=w.calls)
    fake.request("POST", "/_fake/reset", {})
    faults = plan_faults(w, calls)
    env = dict(os.environ, SEAM_LOAD_URL=fake.url, SEAM_LOAD_WORKLOAD=workload_path)
    log(f"{language}: starting the driver")
    driver = Driver(language, command, env)
    try:
        ready = driver.message("ready", READY_TIMEOUT_S)
        if ready is None:
            result.problems.append("the driver never got ready (see its output above)")
            return result
        base = sum(fake.requests().values())
        log(f"{language}: ready (setup: {base} requests); {w.calls} calls, {w.in_flight} in flight, "
            f"{len(faults)} faults")
        driver.send("go")
        loaded = inject(driver, fake, faults, base, w.deadline_s + GRACE_S)
        result.faults_queued = sum(1 for f in faults if f.at >= 0)
        pending = int(fake.request("POST", "/_fake/faults", [])["pending"])
        fake.request("DELETE", "/_fake/faults")
        if loaded is None:
            result.problems.append(f"the driver reported no outcome (it exited, or took more than "
                                   f"{w.deadline_s + GRACE_S:.0f} s): every call counts as hung")
            return result
        driver.send("check")
        done = driver.message("done", 120)
        counts = fake.requests()
        check(result, w, calls, faults, pending, ready, loaded, done, counts)
        return result
    finally:
        driver.stop()


def inject(driver: Driver, fake: Fake, faults: List[Planned], base: int, timeout: float) -> Optional[Dict[str, Any]]:
    """Queues each fault once fake-seam has seen its share of the load's requests, until the
    driver reports its outcome (returned) or `timeout` s pass (None). A fault still due when the
    driver reports is marked not queued (at = -1)."""
    end = time.monotonic() + timeout
    due = 0
    while True:
        loaded = driver.message("loaded", POLL_S if due < len(faults) else max(0.0, end - time.monotonic()))
        if loaded is not None or time.monotonic() >= end:
            break
        if driver.process.poll() is not None and driver.lines.empty():
            break
        if due < len(faults):
            seen = sum(fake.requests().values()) - base
            batch = []
            while due < len(faults) and faults[due].at <= seen:
                batch.append(faults[due].kind.fault.on(faults[due].route))
                due += 1
            if batch:
                fake.request("POST", "/_fake/faults", batch)
    for i in range(due, len(faults)):
        faults[i] = Planned(-1, faults[i].kind, faults[i].route)
    return loaded


def check(result: Result, w: Workload, calls: Dict[str, Endpoint], faults: List[Planned], pending: int,
          ready: Dict[str, Any], loaded: Dict[str, Any], done: Optional[Dict[str, Any]], counts: Dict[str, int]) -> None:
    """Fills `result` and lists what is wrong in `result.problems`."""
    problems = result.problems
    errors: Dict[str, int] = loaded["errors"]
    result.ok, result.hung = loaded["ok"], loaded["hung"]
    result.errors = {k: v for k, v in errors.items() if k in w.error_kinds}
    result.unaccounted = w.calls - result.ok - sum(result.errors.values()) - result.hung
    result.secs = loaded["secs"]
    result.faults_used = result.faults_queued - pending
    result.requests = sum(counts.values())
    result.detail = {"loaded": loaded, "done": done, "requests": counts, "faults_pending": pending,
                     "faults": [{"at": round(f.at, 1), "kind": f.kind.kind, "route": f.route} for f in faults]}
    if loaded["calls"] != w.calls:
        problems.append(f"the driver made {loaded['calls']} calls, not {w.calls}")
    if result.unaccounted:
        problems.append(f"{result.unaccounted} calls ended in no documented outcome: {loaded['unexpected']}")
    if result.hung:
        problems.append(f"{result.hung} calls had not finished after {w.deadline_s:.0f} s")
    if done is None:
        problems.append("no answer to the check after the load")
        return
    result.usable_after = bool(done["usable_after"])
    if not result.usable_after:
        problems.append(f"the client is not usable after the load: {done['usable_error']}")
    result.rss_growth_mb = (done["rss_after_kib"] - ready["rss_before_kib"]) * 1024 / 1e6

    # Requests: each call sent at least once; more only as retries its retry class allows after
    # the faults queued on its route (a create only after a 429: never twice once it may have
    # been applied).
    queued: Dict[str, List[FaultKind]] = {}
    for f in faults:
        if f.at >= 0:
            queued.setdefault(f.route, []).append(f.kind)
    made: Dict[str, int] = done["made"]
    for name, n in sorted(made.items()):
        e = calls[name]
        seen = counts.get(e.key, 0)
        allowed = sum(1 for k in queued.get(e.path, []) if e.retry in k.retried)
        if seen < n:
            problems.append(f"{e.key}: {n} calls but only {seen} requests reached fake-seam")
        elif seen - n > allowed:
            problems.append(f"{e.key} ({e.retry}): {seen - n} requests beyond the {n} calls, but the faults "
                            f"on its route allow {allowed} retries")
        result.retries += max(0, seen - n)
    poll_key = f"GET {w.faults.poll_route}"
    result.polls = counts.get(poll_key, 0)
    others = {k: v for k, v in counts.items() if k != poll_key and k not in {calls[n].key for n in made}}
    if others:
        problems.append(f"requests to routes no call uses: {others}")

    # Errors: each one caused by a fault, of a kind a fault causes, on a route that had one.
    failed = sum(result.errors.values())
    if failed > result.faults_used:
        problems.append(f"{failed} calls failed but only {result.faults_used} faults were used")
    strange = {k: v for k, v in result.errors.items() if k not in FAULT_KINDS}
    if strange:
        problems.append(f"errors no fault causes: {strange}")
    fault_statuses = {str(k.fault.status) for k in w.faults.kinds if k.fault.status is not None}
    statuses = {s: n for s, n in loaded["api_statuses"].items() if s not in fault_statuses}
    if statuses:
        problems.append(f"Api errors with statuses no fault sends: {statuses}")
    for name, outcomes in loaded["by_call"].items():
        failures = sum(n for o, n in outcomes.items() if o != "ok")
        e = calls[name]
        causes = len(queued.get(e.path, [])) + (len(queued.get(w.faults.poll_route, [])) if e.action_attempt else 0)
        if failures > causes:
            problems.append(f"{name}: {failures} failures but {causes} faults on its route")


def table(results: List[Result], kinds: Tuple[str, ...]) -> str:
    shown = [k for k in kinds if k in FAULT_KINDS[:4] or any(r.errors.get(k) for r in results)]
    head = (["language", "calls", "ok"] + shown +
            ["unaccounted", "hung", "usable after", "faults used", "requests (retries, polls)",
             "RSS growth", "time", "result"])
    rows = []
    for r in results:
        rows.append([r.language, str(r.calls), str(r.ok)] + [str(r.errors.get(k, 0)) for k in shown] + [
            str(r.unaccounted), str(r.hung), "yes" if r.usable_after else "NO",
            f"{r.faults_used}/{r.faults_queued}", f"{r.requests} ({r.retries}, {r.polls})",
            "-" if r.rss_growth_mb is None else f"{r.rss_growth_mb:+.1f} MB",
            "-" if r.secs is None else f"{r.secs:.1f} s", "FAIL" if r.problems else "pass"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--url", required=True, help="fake-seam's base URL")
    p.add_argument("--workload", required=True)
    p.add_argument("--endpoints", required=True, help="docs/endpoints.md")
    p.add_argument("--driver", action="append", default=[], metavar="LANGUAGE=COMMAND",
                   help="a driver, run with bash -c (repeatable; in this order)")
    p.add_argument("--out", help="write every figure and problem as JSON here")
    args = p.parse_args()

    w = load(args.workload)
    with open(args.endpoints, encoding="utf-8") as f:
        calls = endpoints(f.read())
    missing = [m.call for m in w.mix if m.call not in calls]
    if missing:
        raise SystemExit(f"calls not in {args.endpoints}: {missing}")
    fake = Fake(args.url)
    results = []
    for spec in args.driver:
        language, _, command = spec.partition("=")
        started = time.monotonic()
        r = run_language(language, command, w, fake, calls, os.path.abspath(args.workload))
        log(f"{language}: {'FAIL' if r.problems else 'pass'} in {time.monotonic() - started:.0f} s overall")
        for problem in r.problems:
            log(f"{language}: {problem}")
        results.append(r)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump([r.__dict__ for r in results], f, indent=2)
    print(table(results, w.error_kinds))
    failed = [r.language for r in results if r.problems]
    if failed:
        print(f"\nFAILED: {', '.join(failed)} (problems above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
