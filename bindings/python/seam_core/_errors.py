"""`SeamError` and its variants, and `WebhookError`: the generated errors, as Python exceptions.

The generated classes are not raised as they are: their `str()` is a dump of the fields, and
type checkers cannot see their variants. Each becomes its class here, with the same fields and
the core's sentence (`display()`) as text; the annotations type the fields, and
tests/test_errors.py checks them against the generated ones.
"""

from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING, Any, Awaitable, Callable, ClassVar, Dict, List, Optional
from typing import Type, TypeVar

from ._ffi import seam_core as _ffi

if TYPE_CHECKING:
    from ._api import ActionAttempt

T = TypeVar("T")


class SeamError(Exception):
    InvalidInput: ClassVar[Type[InvalidInput]]
    Config: ClassVar[Type[Config]]
    Unauthorized: ClassVar[Type[Unauthorized]]
    Api: ClassVar[Type[Api]]
    InvalidResponse: ClassVar[Type[InvalidResponse]]
    Timeout: ClassVar[Type[Timeout]]
    Network: ClassVar[Type[Network]]
    ActionAttemptFailed: ClassVar[Type[ActionAttemptFailed]]
    ActionAttemptTimeout: ClassVar[Type[ActionAttemptTimeout]]

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


class ActionAttemptFailed(SeamError):
    action_attempt: ActionAttempt
    code: str
    reason: str


class ActionAttemptTimeout(SeamError):
    action_attempt: ActionAttempt
    reason: str


class WebhookError(Exception):
    """Why a webhook delivery was refused: `NotGenuine` or `NotAnEvent`."""

    NotGenuine: ClassVar[Type[NotGenuine]]
    NotAnEvent: ClassVar[Type[NotAnEvent]]
    reason: str

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.__dict__.update(fields)


class NotGenuine(WebhookError):
    pass


class NotAnEvent(WebhookError):
    pass


OURS: Dict[type, Type[Exception]] = {}
for _ours, _theirs in ((SeamError, _ffi.SeamError), (WebhookError, _ffi.WebhookError)):
    _ours.__doc__ = inspect.cleandoc(_theirs.__doc__ or "")
    for _variant in _ours.__subclasses__():
        _generated = getattr(_theirs, _variant.__name__)
        _variant.__doc__ = inspect.cleandoc(_generated.__doc__ or "")
        OURS[_generated] = _variant
        setattr(_ours, _variant.__name__, _variant)


def from_ffi(error: Any) -> Exception:
    """This package's exception for a generated one (a variant unknown here: its base)."""
    fields = dict(vars(error))
    if "action_attempt" in fields:
        from ._api import ActionAttempt

        attempt_json = _ffi.action_attempt_json(fields["action_attempt"])
        fields["action_attempt"] = ActionAttempt._from(json.loads(attempt_json))
    base = WebhookError if isinstance(error, _ffi.WebhookError) else SeamError
    return OURS.get(type(error), base)(error.display(), **fields)


def call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)`, raising this package's exceptions."""
    try:
        return function(*args, **kwargs)
    except (_ffi.SeamError, _ffi.WebhookError) as error:
        raise from_ffi(error) from None


async def translated(awaitable: Awaitable[T]) -> T:
    """`await awaitable`, raising this package's exceptions."""
    try:
        return await awaitable
    except _ffi.SeamError as error:
        raise from_ffi(error) from None
