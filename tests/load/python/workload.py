"""tests/load/workload.json as typed values, read strictly (an unknown or missing key is an
error), and the order of the calls every driver makes. Standard library only: run.py uses it
too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

JsonValue = Union[None, bool, int, float, str, List[Any], Dict[str, Any]]


def _object(value: object, where: str, keys: Tuple[str, ...], optional: Tuple[str, ...] = ()) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object")
    unknown = set(value) - set(keys) - set(optional)
    missing = set(keys) - set(value)
    if unknown or missing:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    return value


def _int(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{where}: expected an integer")
    return value


def _number(value: object, where: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"{where}: expected a number")
    return float(value)


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string")
    return value


def _strs(value: object, where: str) -> List[str]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list")
    return [_str(v, f"{where}[{i}]") for i, v in enumerate(value)]


@dataclass(frozen=True)
class Client:
    timeout_s: float
    max_retries: int


@dataclass(frozen=True)
class Ids:
    acs_system: str
    acs_user: str
    other_acs_user: str
    user_identity: str
    client_session: str
    acs_encoder: str
    room_101_entrance: str
    mobile_key_credential: str
    pin_credential: str
    visionline_credential: str


@dataclass(frozen=True)
class MixEntry:
    call: str
    count: int


@dataclass(frozen=True)
class Fault:
    """The fields of a fake-seam fault (POST /_fake/faults) but its route and count."""

    status: Optional[int] = None
    body: Optional[str] = None
    headers: Optional[Dict[str, str]] = None
    mode: Optional[str] = None
    delay_ms: Optional[int] = None
    drip_ms: Optional[int] = None

    def on(self, route: str) -> Dict[str, JsonValue]:
        spec: Dict[str, JsonValue] = {"route": route}
        for name in ("status", "body", "headers", "mode", "delay_ms", "drip_ms"):
            value = getattr(self, name)
            if value is not None:
                spec[name] = value
        return spec


@dataclass(frozen=True)
class FaultKind:
    kind: str
    weight: int
    retried: Tuple[str, ...]
    fault: Fault


@dataclass(frozen=True)
class Faults:
    count: int
    spread: float
    poll_route: str
    kinds: Tuple[FaultKind, ...]


@dataclass(frozen=True)
class Workload:
    seed: int
    calls: int
    in_flight: int
    deadline_s: float
    client: Client
    list_limit: int
    ids: Ids
    mix: Tuple[MixEntry, ...]
    error_kinds: Tuple[str, ...]
    faults: Faults

    def count(self, call: str) -> int:
        return sum(m.count for m in self.mix if m.call == call)

    def order(self) -> Iterator[str]:
        """The call names in the order every driver makes them (a smooth weighted round robin:
        each name exactly its count, spread evenly; ties go to the earlier entry)."""
        return (self.mix[i].call for i in weighted_round_robin([m.count for m in self.mix]))


def weighted_round_robin(counts: List[int]) -> Iterator[int]:
    total = sum(counts)
    current = [0] * len(counts)
    for _ in range(total):
        best = 0
        for i, count in enumerate(counts):
            current[i] += count
            if current[i] > current[best]:
                best = i
        current[best] -= total
        yield best


def _fault(value: object, where: str) -> Fault:
    names = ("status", "body", "headers", "mode", "delay_ms", "drip_ms")
    o = _object(value, where, (), names)
    headers: Optional[Dict[str, str]] = None
    if o.get("headers") is not None:
        given = o["headers"]
        if not isinstance(given, dict):
            raise ValueError(f"{where}.headers: expected an object")
        headers = {str(k): _str(v, f"{where}.headers.{k}") for k, v in given.items()}
    return Fault(
        status=None if o.get("status") is None else _int(o["status"], f"{where}.status"),
        body=None if o.get("body") is None else _str(o["body"], f"{where}.body"),
        headers=headers,
        mode=None if o.get("mode") is None else _str(o["mode"], f"{where}.mode"),
        delay_ms=None if o.get("delay_ms") is None else _int(o["delay_ms"], f"{where}.delay_ms"),
        drip_ms=None if o.get("drip_ms") is None else _int(o["drip_ms"], f"{where}.drip_ms"),
    )


def parse(value: object) -> Workload:
    keys = ("seed", "calls", "in_flight", "deadline_s", "client", "list_limit", "ids", "mix", "error_kinds", "faults")
    o = _object(value, "workload", keys, ("about",))
    client = _object(o["client"], "client", ("timeout_s", "max_retries"))
    ids: Mapping[str, Any] = _object(o["ids"], "ids", tuple(Ids.__dataclass_fields__))
    mix = []
    for i, entry in enumerate(o["mix"] if isinstance(o["mix"], list) else []):
        e = _object(entry, f"mix[{i}]", ("call", "count"))
        mix.append(MixEntry(_str(e["call"], f"mix[{i}].call"), _int(e["count"], f"mix[{i}].count")))
    faults = _object(o["faults"], "faults", ("count", "spread", "poll_route", "kinds"))
    kinds = []
    for i, kind in enumerate(faults["kinds"] if isinstance(faults["kinds"], list) else []):
        k = _object(kind, f"faults.kinds[{i}]", ("kind", "weight", "retried", "fault"))
        kinds.append(FaultKind(
            kind=_str(k["kind"], f"faults.kinds[{i}].kind"),
            weight=_int(k["weight"], f"faults.kinds[{i}].weight"),
            retried=tuple(_strs(k["retried"], f"faults.kinds[{i}].retried")),
            fault=_fault(k["fault"], f"faults.kinds[{i}].fault"),
        ))
    workload = Workload(
        seed=_int(o["seed"], "seed"),
        calls=_int(o["calls"], "calls"),
        in_flight=_int(o["in_flight"], "in_flight"),
        deadline_s=_number(o["deadline_s"], "deadline_s"),
        client=Client(_number(client["timeout_s"], "client.timeout_s"), _int(client["max_retries"], "client.max_retries")),
        list_limit=_int(o["list_limit"], "list_limit"),
        ids=Ids(**{name: _str(ids[name], f"ids.{name}") for name in ids}),
        mix=tuple(mix),
        error_kinds=tuple(_strs(o["error_kinds"], "error_kinds")),
        faults=Faults(
            count=_int(faults["count"], "faults.count"),
            spread=_number(faults["spread"], "faults.spread"),
            poll_route=_str(faults["poll_route"], "faults.poll_route"),
            kinds=tuple(kinds),
        ),
    )
    if not mix or not kinds:
        raise ValueError("workload: mix and faults.kinds must not be empty")
    if sum(m.count for m in workload.mix) != workload.calls:
        raise ValueError(f"workload: the mix's counts add up to {sum(m.count for m in workload.mix)}, not calls = {workload.calls}")
    return workload


def load(path: Union[str, Path]) -> Workload:
    with open(path, encoding="utf-8") as f:
        return parse(json.load(f))
