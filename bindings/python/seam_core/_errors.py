"""`SeamError` and its seven variants: the generated errors, as Python exceptions.

The generated classes are not raised as they are: their `str()` is a dump of the fields, and
type checkers cannot see their variants. Each becomes its class here, with the same fields and
the core's sentence (`display()`) as text; the annotations type the fields, and
tests/test_errors.py checks them against the generated ones.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, ClassVar, Dict, List, Optional, Type, TypeVar

from ._ffi import seam_core as _ffi

T = TypeVar("T")


class SeamError(Exception):
    InvalidInput: ClassVar[Type[InvalidInput]]
    Config: ClassVar[Type[Config]]
    Unauthorized: ClassVar[Type[Unauthorized]]
    Api: ClassVar[Type[Api]]
    InvalidResponse: ClassVar[Type[InvalidResponse]]
    Timeout: ClassVar[Type[Timeout]]
    Network: ClassVar[Type[Network]]

    # Unpickling calls it with the message alone, then restores the fields.
    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.__dict__.update(fields)

    @property
    def message(self) -> str:
        """The error's sentence, as `str(e)` gives it."""
        return str(self.args[0])

    def __repr__(self) -> str:
        fields = "".join(f", {k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"{type(self).__name__}({self.message!r}{fields})"


class InvalidInput(SeamError):
    parameter: str
    reason: str


class Config(SeamError):
    reason: str


class Unauthorized(SeamError):
    request_id: Optional[str]


class Api(SeamError):
    status_code: int
    code: str
    reason: str
    request_id: Optional[str]
    validation_errors: Dict[str, List[str]]


class InvalidResponse(SeamError):
    status_code: int
    reason: str
    request_id: Optional[str]


class Timeout(SeamError):
    reason: str


class Network(SeamError):
    reason: str


OURS: Dict[type, Type[SeamError]] = {}
SeamError.__doc__ = inspect.cleandoc(_ffi.SeamError.__doc__ or "")
for _variant in SeamError.__subclasses__():
    _generated = getattr(_ffi.SeamError, _variant.__name__)
    _variant.__doc__ = inspect.cleandoc(_generated.__doc__ or "")
    OURS[_generated] = _variant
    setattr(SeamError, _variant.__name__, _variant)


def from_ffi(error: Any) -> SeamError:
    """This package's exception for a generated one (a variant unknown here: a SeamError)."""
    return OURS.get(type(error), SeamError)(error.display(), **vars(error))


def call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)`, raising this package's exceptions."""
    try:
        return function(*args, **kwargs)
    except _ffi.SeamError as error:
        raise from_ffi(error) from None
