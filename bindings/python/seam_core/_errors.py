"""The exceptions of the package: `SeamError` and one subclass per variant of the core's
`SeamError` (udl/seam_core.udl), with the variant's fields as attributes.

`str(e)` is the core's `Display` sentence. UniFFI's Python generator gives its error
classes a dump of their fields as text and ignores `[Traits=(Display)]`, so the sentence is
asked of the core itself: the generated error is lowered back into a buffer and passed to
the `Display` function the core exports for it (the same one Kotlin's `message` and Swift's
`description` use).
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, ClassVar, Dict, List, Optional, Tuple, Type, TypeVar

from ._ffi import seam_core as _ffi

__all__ = [
    "SeamError",
    "InvalidInput",
    "Config",
    "Unauthorized",
    "Api",
    "InvalidResponse",
    "Timeout",
    "Network",
]


def _doc(generated: object) -> str:
    return inspect.cleandoc(getattr(generated, "__doc__", None) or "")


class SeamError(Exception):
    """Base class of every error the package raises (see the subclasses)."""

    # Each variant is also reachable as `SeamError.<Variant>`, as in the generated bindings
    # and in Kotlin and Swift.
    InvalidInput: ClassVar[Type[InvalidInput]]
    Config: ClassVar[Type[Config]]
    Unauthorized: ClassVar[Type[Unauthorized]]
    Api: ClassVar[Type[Api]]
    InvalidResponse: ClassVar[Type[InvalidResponse]]
    Timeout: ClassVar[Type[Timeout]]
    Network: ClassVar[Type[Network]]

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        """The error's sentence, as `str(e)` gives it."""
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        fields = "".join(f", {name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({self.message!r}{fields})"

    # Keyword-only fields would break the default pickling of exceptions (which calls
    # cls(*args)): rebuild from the message and the attributes instead.
    def __reduce__(self) -> Tuple[Callable[..., SeamError], Tuple[Any, ...]]:
        return (_rebuild, (type(self), self.args, dict(vars(self))))


_E = TypeVar("_E", bound=SeamError)


def _rebuild(cls: Type[_E], args: Tuple[Any, ...], state: Dict[str, Any]) -> _E:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidInput(SeamError):
    parameter: str
    reason: str

    def __init__(self, message: str, *, parameter: str, reason: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.reason = reason


class Config(SeamError):
    reason: str

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Unauthorized(SeamError):
    request_id: Optional[str]

    def __init__(self, message: str, *, request_id: Optional[str]) -> None:
        super().__init__(message)
        self.request_id = request_id


class Api(SeamError):
    status_code: int
    code: str
    reason: str
    request_id: Optional[str]
    validation_errors: Dict[str, List[str]]

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str,
        reason: str,
        request_id: Optional[str],
        validation_errors: Dict[str, List[str]],
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.reason = reason
        self.request_id = request_id
        self.validation_errors = validation_errors


class InvalidResponse(SeamError):
    status_code: int
    reason: str
    request_id: Optional[str]

    def __init__(
        self, message: str, *, status_code: int, reason: str, request_id: Optional[str]
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.reason = reason
        self.request_id = request_id


class Timeout(SeamError):
    reason: str

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Network(SeamError):
    reason: str

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# The generated error class of each variant, and ours. The docs come from the UDL.
_VARIANTS: Dict[type, Type[SeamError]] = {}
SeamError.__doc__ = _doc(_ffi.SeamError)
for _ours in (InvalidInput, Config, Unauthorized, Api, InvalidResponse, Timeout, Network):
    _generated = getattr(_ffi.SeamError, _ours.__name__)
    _ours.__doc__ = _doc(_generated)
    _VARIANTS[_generated] = _ours
    setattr(SeamError, _ours.__name__, _ours)
del _ours, _generated

# The fields of each variant: the keyword-only parameters of its constructor.
_FIELDS: Dict[Type[SeamError], List[str]] = {
    ours: [
        p.name
        for p in inspect.signature(ours).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    for ours in _VARIANTS.values()
}


def _display(error: BaseException) -> str:
    """The core's `Display` of a generated SeamError, through the generated machinery: the
    error is lowered as the core receives it, and the returned string lifted."""
    ffi: Any = _ffi  # its helpers are untyped
    lowered = ffi._UniffiFfiConverterTypeSeamError.lower(error)
    text = ffi._uniffi_rust_call(
        ffi._UniffiLib.uniffi_seam_core_fn_method_seamerror_uniffi_trait_display, lowered
    )
    return str(ffi._UniffiFfiConverterString.lift(text))


def _from_ffi(error: BaseException) -> SeamError:
    """The package's exception for an error raised by the generated bindings."""
    try:
        message = _display(error)
    except Exception:  # never hide the error itself behind a failure to word it
        message = f"{type(error).__name__}: {error}"
    ours = _VARIANTS.get(type(error))
    if ours is None:
        return SeamError(message)
    fields = {name: getattr(error, name) for name in _FIELDS[ours]}
    return ours(message, **fields)
