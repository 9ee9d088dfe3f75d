"""What the generated classes (`_api.py`) stand on: open enums that are strings, models that
are dataclasses read from the core's JSON, and the calls by name through the core.

Python does not lift records field by field through ctypes: a call crosses the FFI once, with
its arguments as one JSON object, and its answer comes back as one JSON text (the core's
normalized form: typed fields, plus `unknown_fields` and `other_metadata` as texts), which
`json.loads` (C) reads and the generated `_from` functions turn into dataclasses. Every check,
default and message is the core's.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import threading
from typing import TYPE_CHECKING, Any, AsyncIterator, Awaitable, Callable, ClassVar, Dict
from typing import Iterator, List
from typing import Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union

from ._errors import call as _native_call
from ._errors import translated
from ._ffi import seam_core as _ffi

T = TypeVar("T")
E = TypeVar("E", bound="OpenEnum")
M = TypeVar("M", bound="Model")
UTC = datetime.timezone.utc


class OpenEnum(str):
    """A value of one of the API's enums: the API's string itself (`access_method == "code"`,
    `str()`, hashing, dict keys and `match` need no FFI call). The known values are class
    attributes (`AccessMethod.CODE`); a value this version does not know yet is an
    `OTHER`, kept as the API sent it."""

    __slots__ = ()
    _values: ClassVar[Dict[str, Any]]
    OTHER: ClassVar[Type[Any]]

    def __new__(cls: Type[E], value: str) -> E:
        # `AccessMethod("code")` is the member `AccessMethod.CODE`, as with `enum`; a value this
        # version does not know is an `OTHER`. `AccessMethod.OTHER("x")` is always an `OTHER`.
        text = str.__str__(check("value", value, str, "str"))
        if "_members" in cls.__dict__:
            return cls._of(text)
        return str.__new__(cls, text)

    @property
    def value(self) -> str:
        """The value as the API spells it."""
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return repr(str.__str__(self))

    def __call__(self: E) -> E:
        # UniFFI's enums made each value with a call (`AccessMethod.CODE()`): it still works.
        return self

    def __reduce__(self) -> Tuple[Any, ...]:
        # By class and text: a member unpickles as itself, an `OTHER` as an `OTHER`.
        return (type(self), (str.__str__(self),))

    def is_other(self) -> bool:
        """Whether this version of the SDK does not know the value."""
        return isinstance(self, type(self).OTHER)

    @classmethod
    def _of(cls: Type[E], value: str) -> E:
        known = cls._values.get(value)
        if known is not None:
            return known  # type: ignore[no-any-return]
        other: E = cls.OTHER(value)
        return other


def open_enum(cls: Type[E]) -> Type[E]:
    """Completes a generated enum: each known value becomes an instance, and `OTHER` its
    subclass for values this SDK does not know."""
    values: Dict[str, Any] = {}
    members: Mapping[str, str] = vars(cls)["_members"]
    for name, text in members.items():
        member = str.__new__(cls, text)
        setattr(cls, name, member)
        values[text] = member
    cls._values = values
    other = type("OTHER", (cls,), {"__slots__": (), "__qualname__": f"{cls.__qualname__}.OTHER",
                                   "__module__": cls.__module__})
    cls.OTHER = other
    return cls


def time(text: str) -> datetime.datetime:
    """A timestamp of the core's JSON (RFC 3339, UTC)."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class _New:
    """The default of a list or map parameter of a model's `__init__`: a new empty one."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<new>"


NEW: Any = _New()


class LazyTime:
    """A model's timestamp field, converted from the core's text (RFC 3339, UTC) when first
    read and kept converted: a walk of thousands of objects pays for the timestamps it looks
    at, not for every one. Setting it (the dataclass's `__init__`, `dataclasses.replace`) stores
    the value as given."""

    __slots__ = ("name", "default", "required")

    def __init__(self, name: str, default: Any, required: bool) -> None:
        self.name, self.default, self.required = name, default, required

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self if self.required else self.default
        values = obj.__dict__
        try:
            value = values[self.name]
        except KeyError:
            if self.required:
                raise AttributeError(self.name) from None
            return self.default
        if type(value) is str:
            value = values[self.name] = time(value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


def lazy_times(cls: Type[M], names: Sequence[str]) -> None:
    """Makes `names`, timestamp fields of the dataclass `cls`, `LazyTime`s (after the class is
    made, so that the dataclass keeps each field's default)."""
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for name in names:
        field = fields[name]
        required = field.default is dataclasses.MISSING
        setattr(cls, name, LazyTime(name, None if required else field.default, required))


class LazyDefault:
    """A model's list or map field that the core's JSON left out (it writes no empty list or
    map): made empty when first read, and then kept in the object like any value."""

    __slots__ = ("name", "factory")

    def __init__(self, name: str, factory: Callable[[], Any]) -> None:
        self.name, self.factory = name, factory

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.factory()
        return value


def lazy_defaults(cls: type, lists: Sequence[str], maps: Sequence[str]) -> None:
    """Makes `lists` and `maps`, fields of the dataclass `cls` that are empty by default,
    `LazyDefault`s (after the class is made: a present value, in the object's `__dict__`, is
    read without them)."""
    for names, factory in ((lists, list), (maps, dict)):
        for name in names:
            setattr(cls, name, LazyDefault(name, factory))


def time_text(moment: datetime.datetime) -> str:
    """A timestamp for the API: RFC 3339; a naive time is UTC, as the official SDK reads it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------
# Dataclasses, completed when first used
#
# `dataclasses.dataclass` writes and compiles each class's `__init__` and `__eq__` with `exec`
# when it is applied: for the generated classes that was most of the import time of the
# package. The models' `__init__` and `__eq__` are written out by the generator instead (they
# are dataclasses from import on, without `exec`). The parameter classes and `Pagination`,
# which a program seldom builds, are marked (`lazy_dataclass`, which type checkers see as
# `dataclasses.dataclass`) and each becomes a dataclass the first time anything needs it to be
# one: constructing it, comparing it, `dataclasses.fields/asdict/replace/is_dataclass`, or
# printing it.

# What `dataclasses` adds that is looked up on the class (`__replace__`: `copy.replace`, 3.13).
_DATACLASS_NAMES = frozenset(
    ("__dataclass_fields__", "__dataclass_params__", "__match_args__", "__replace__")
)
_completing = threading.Lock()


def lazy_dataclass(**options: Any) -> Callable[[Type[T]], Type[T]]:
    """`dataclasses.dataclass(**options)`, applied when the class is first used."""

    def mark(cls: Type[T]) -> Type[T]:
        setattr(cls, "_dataclass_options", options)
        return cls

    return mark


def complete(cls: type) -> None:
    """Makes `cls` the dataclass it was declared to be (once; any thread)."""
    if "__dataclass_fields__" in cls.__dict__:
        return
    options = cls.__dict__.get("_dataclass_options")
    if options is None:
        raise TypeError(f"{cls.__name__} is not a generated dataclass")
    with _completing:
        if "__dataclass_fields__" not in cls.__dict__:
            dataclasses.dataclass(cls, **options)


class _LazyDataclass(type):
    if not TYPE_CHECKING:  # for type checkers, a misspelt attribute stays an error

        def __getattr__(cls, name: str) -> Any:
            # Only what is not found otherwise: `dataclasses.fields(Cls)`, `is_dataclass(Cls)`.
            if name in _DATACLASS_NAMES and "_dataclass_options" in cls.__dict__:
                complete(cls)
                return type.__getattribute__(cls, name)
            if name == "__signature__" and "_dataclass_options" in cls.__dict__:
                complete(cls)  # `inspect.signature`, `help()`: then the real `__init__`
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class Lazy(metaclass=_LazyDataclass):
    """The base of the generated dataclasses: completes its class when first used."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        complete(cls)
        if cls.__init__ is Lazy.__init__:
            raise TypeError(f"{cls.__name__} has no constructor")
        cls.__init__(self, *args, **kwargs)

    def __eq__(self, other: object) -> bool:
        cls = type(self)
        complete(cls)
        if cls.__eq__ is Lazy.__eq__:
            return NotImplemented
        equal: bool = cls.__eq__(self, other)
        return equal

    __hash__ = None  # type: ignore[assignment]  # mutable dataclasses are not hashable

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            # `dataclasses.fields(obj)`, `asdict`, `replace` look these up on the object.
            if name in _DATACLASS_NAMES:
                cls = type(self)
                complete(cls)
                return getattr(cls, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


class Model(Lazy):
    """What every generated model has besides its fields: its JSON (`to_json`, `to_dict`,
    `from_json`), and a printed form that shows a secret only by its prefix."""

    __slots__ = ()

    # Per class, from the generator: the API's name, the fields always written, the secrets.
    _api: ClassVar[str] = ""
    _always: ClassVar[Tuple[str, ...]] = ()
    _secrets: ClassVar[Tuple[str, ...]] = ()

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={_shown(self, f.name)}" for f in dataclasses.fields(self)  # type: ignore[arg-type]
        )
        return f"{type(self).__name__}({shown})"

    __str__ = __repr__

    def to_json(self) -> str:
        """The API's JSON of this object; members kept as text (not modeled, or not read)
        are written exactly as the API sent them."""
        return _json_text(self)

    def to_dict(self) -> Dict[str, Any]:
        """The API's object as Python values (the API's names and JSON types)."""
        value: Dict[str, Any] = json.loads(_json_text(self))
        return value

    @classmethod
    def from_json(cls: Type[M], text: str) -> M:
        """Reads the API's JSON of this object by the SDK's rules (as a call's answer would
        be read); what cannot be read raises `InvalidInput` on `json`."""
        normalized = _native_call(_ffi.read_model, cls._api, text)
        return cls._from(json.loads(normalized))  # type: ignore[attr-defined, no-any-return]


def _shown(model: Model, name: str) -> str:
    value = getattr(model, name)
    if name in model._secrets and isinstance(value, str):
        return repr(_ffi_free_prefix(value) + "…")
    return repr(value)


def _ffi_free_prefix(secret: str) -> str:
    # The same kinds the core's printed forms show (`seam_cst`, `whsec_`): nothing else.
    for kind in ("seam_cst", "seam_at", "seam_pk", "whsec_", "seam_"):
        if secret.startswith(kind):
            return kind
    return ""


def _json_text(model: Model) -> str:
    fields = [f.name for f in dataclasses.fields(model)]  # type: ignore[arg-type]
    kept: Mapping[str, str] = getattr(model, "unknown_fields", None) or {}
    parts: List[str] = []
    for name in fields:
        api = api_name(type(model), name)
        if name in ("unknown_fields", "other_metadata") or api in kept:
            continue
        value = getattr(model, name)
        if value is None or (value == [] and api not in model._always):
            continue
        parts.append(f"{json.dumps(api)}:{_value_text(value)}")
    metadata: Mapping[str, str] = getattr(model, "other_metadata", None) or {}
    for group in (metadata, kept):
        for name in sorted(group):
            parts.append(f"{json.dumps(name)}:{group[name]}")
    return "{" + ",".join(parts) + "}"


def _value_text(value: Any) -> str:
    if isinstance(value, Model):
        return _json_text(value)
    if isinstance(value, list):
        return "[" + ",".join(_value_text(v) for v in value) + "]"
    if isinstance(value, datetime.datetime):
        return json.dumps(time_text(value))
    if isinstance(value, OpenEnum):
        return json.dumps(value.value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# Arguments

def check(name: str, value: Any, kind: Union[type, Tuple[type, ...]], expected: str) -> Any:
    """`value`, when it is of `kind`; a `TypeError` naming the parameter otherwise (so that a
    wrong type never reaches the FFI as a confusing error)."""
    if isinstance(value, kind) and not (isinstance(value, bool) and kind is int):
        return value
    raise TypeError(f"{name} must be {expected}, not {type(value).__name__}")


def items(name: str, values: Any, of: str) -> Iterator[Tuple[int, Any]]:
    """The items of a list argument, numbered; a `TypeError` naming the parameter when it is
    not a sequence (a string is not a sequence of values here)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a sequence of {of}, not {type(values).__name__}")
    return enumerate(values)


def text_list(name: str, values: Sequence[Any]) -> List[str]:
    return [check(f"{name}[{i}]", v, str, "str") for i, v in items(name, values, "str")]


def moment(name: str, value: Any) -> str:
    return time_text(check(name, value, datetime.datetime, "a datetime"))


def moments(name: str, values: Sequence[Any]) -> List[str]:
    return [moment(f"{name}[{i}]", v) for i, v in items(name, values, "datetime")]


def enum_text(name: str, value: Any) -> str:
    """An enum argument: the enum or the API's string (the core refuses a value it does not
    know, naming the parameter)."""
    return str.__str__(check(name, value, str, "a str or its enum"))


def record(name: str, value: Any, cls: type) -> Dict[str, Any]:
    """A parameter object: its class, or a mapping of the API's names."""
    if isinstance(value, cls):
        params: Dict[str, Any] = value._params(name)  # type: ignore[attr-defined]
        return params
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{name} must be a {cls.__name__} or a dict, not {type(value).__name__}")


def params_of(obj: Any, fields: Mapping[str, Callable[[str, Any], Any]], prefix: str) -> Dict[str, Any]:
    """The API's object of a parameter record: each member that is set, converted."""
    out: Dict[str, Any] = {}
    for name, convert in fields.items():
        value = getattr(obj, name)
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        out[api_name(type(obj), name)] = convert(f"{prefix}.{name}", value)
    return out


def api_name(cls: type, name: str) -> str:
    renames: Mapping[str, str] = getattr(cls, "_renames", {})
    return renames.get(name, name)


@dataclasses.dataclass
class WaitOptions:
    """Whether and how a call that answers an action attempt waits for it to end: `wait`
    (False: return the pending attempt), `timeout` and `polling_interval` in seconds (None:
    the client's setting; the defaults are 10 s and 0.5 s)."""

    wait: bool = True
    timeout: Optional[float] = None
    polling_interval: Optional[float] = None


def wait_json(name: str, value: Union[bool, WaitOptions, Mapping[str, Any]]) -> Dict[str, Any]:
    """A call's `wait_for_action_attempt`: True, False, or the options."""
    if isinstance(value, bool):
        return {"wait": value}
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"wait", "timeout", "polling_interval"})
        if unknown:
            raise TypeError(f"{name} has no option {unknown[0]!r} (wait, timeout, polling_interval)")
        value = WaitOptions(**value)
    if not isinstance(value, WaitOptions):
        raise TypeError(f"{name} must be a bool or WaitOptions, not {type(value).__name__}")
    options: Dict[str, Any] = {"wait": check(f"{name}.wait", value.wait, bool, "bool")}
    for option in ("timeout", "polling_interval"):
        seconds = getattr(value, option)
        if seconds is None:
            continue
        if isinstance(seconds, bool):
            raise TypeError(f"{name}.{option} must be a number of seconds, not bool")
        check(f"{name}.{option}", seconds, (int, float), "a number of seconds")
        if not math.isfinite(seconds):
            # JSON has no NaN or infinity: refused here, as the client's `timeout` is.
            raise ValueError(f"{name}.{option} must be a finite number of seconds, not {seconds!r}")
        options[option] = seconds
    return options


def wait_native(value: Union[None, bool, WaitOptions]) -> Optional[Any]:
    """The client's `wait_for_action_attempt`, as the generated binding takes it."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = WaitOptions(wait=value)
    if not isinstance(value, WaitOptions):
        raise TypeError(f"wait_for_action_attempt must be a bool or WaitOptions, not {type(value).__name__}")
    def seconds(amount: Optional[float]) -> Optional[datetime.timedelta]:
        return None if amount is None else datetime.timedelta(seconds=amount)

    return _ffi.WaitOptions(wait=value.wait, timeout=seconds(value.timeout),
                            polling_interval=seconds(value.polling_interval))


# ---------------------------------------------------------------------------------------------
# Calls

def call(native: Any, operation: str, params: Dict[str, Any]) -> Any:
    """Runs `operation` on the blocking client; its answer's JSON, read."""
    return json.loads(_native_call(native.call, operation, json.dumps(params)))


async def call_async(native: Any, operation: str, params: Dict[str, Any]) -> Any:
    """Runs `operation` on the async client; its answer's JSON, read."""
    awaitable: Awaitable[str] = native.call(operation, json.dumps(params))
    return json.loads(await translated(awaitable))


def each(native: Any, operation: str, params: Dict[str, Any], key: str,
         read: Callable[[Any], T]) -> Iterator[T]:
    """The objects of every page of a list (the filters are checked now, before anything is
    sent; the next page is fetched while this one is read)."""
    pages = _native_call(native.pages, operation, json.dumps(params))

    def walk() -> Iterator[T]:
        while (page := _native_call(pages.next_page)) is not None:
            for item in json.loads(page)[key]:
                yield read(item)

    return walk()


def each_async(native: Any, operation: str, params: Dict[str, Any], key: str,
               read: Callable[[Any], T]) -> AsyncIterator[T]:
    """`each` on the async client: an async iterator, each page awaited."""
    pages = _native_call(native.pages, operation, json.dumps(params))

    async def walk() -> AsyncIterator[T]:
        while (page := await translated(pages.next_page())) is not None:
            for item in json.loads(page)[key]:
                yield read(item)

    return walk()
