"""`Seam`, `AsyncSeam` and their `acs.credentials`: forwarders to the generated objects.

A client makes its native `acs.credentials` once, so a call is one call of the generated method
of the same name. Python adds keyword-only typed arguments, `timeout` in seconds, iterators for
`list_all`, its exceptions and the UDL's docs; every check, default and message is the core's.
"""

from __future__ import annotations

import atexit
import datetime
import functools
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, AsyncIterator, Awaitable, Callable, Coroutine, Generic
from typing import Iterator, List, Optional, Protocol, Sequence, TypeVar, cast

from ._errors import call, from_ffi
from ._ffi import seam_core as _ffi
from ._ffi.seam_core import AccessMethod, AcsCredential, AcsCredentialsPage, AcsEntrance
from ._ffi.seam_core import NewAssaAbloyVostioMetadata, NewSaltoSpaceMetadata
from ._ffi.seam_core import NewVisionlineMetadata, WorkerStats

if TYPE_CHECKING:  # for type checkers only (Python 3.9 has them in typing_extensions)
    from typing_extensions import Concatenate, ParamSpec

    P = ParamSpec("P")
T = TypeVar("T")
A = TypeVar("A")
C = TypeVar("C")
Time = datetime.datetime


class _Credentials(Protocol):
    """The calls of `acs.credentials` as Python types them (stubs, written as in a .pyi):
    each is forwarded by keyword to the generated method of the same name, which checks the
    values. `None` leaves the choice to the core."""

    def assign(self, *, acs_credential_id: str, acs_user_id: str | None = None,
               user_identity_id: str | None = None) -> AcsCredential: ...
    def unassign(self, *, acs_credential_id: str, acs_user_id: str | None = None,
                 user_identity_id: str | None = None) -> AcsCredential: ...
    def create(self, *, access_method: AccessMethod, acs_user_id: str | None = None,
               user_identity_id: str | None = None, acs_system_id: str | None = None,
               allowed_acs_entrance_ids: Sequence[str] = (), code: str | None = None,
               starts_at: Time | None = None, ends_at: Time | None = None,
               is_multi_phone_sync_credential: bool | None = None,
               credential_manager_acs_system_id: str | None = None,
               visionline_metadata: NewVisionlineMetadata | None = None,
               assa_abloy_vostio_metadata: NewAssaAbloyVostioMetadata | None = None,
               salto_space_metadata: NewSaltoSpaceMetadata | None = None) -> AcsCredential: ...
    def get(self, *, acs_credential_id: str) -> AcsCredential: ...
    def list(self, *, acs_user_id: str | None = None, acs_system_id: str | None = None,
             user_identity_id: str | None = None, is_multi_phone_sync_credential: bool | None = None,
             created_before: Time | None = None, search: str | None = None,
             limit: int | None = None, page_cursor: str | None = None) -> AcsCredentialsPage: ...
    def list_all(self, *, acs_user_id: str | None = None, acs_system_id: str | None = None,
                 user_identity_id: str | None = None,
                 is_multi_phone_sync_credential: bool | None = None,
                 created_before: Time | None = None, search: str | None = None,
                 limit: int | None = None) -> Iterator[AcsCredential]: ...
    def update(self, *, acs_credential_id: str, code: str | None = None,
               ends_at: Time | None = None) -> AcsCredential: ...
    def delete(self, *, acs_credential_id: str) -> None: ...
    def list_accessible_entrances(self, *, acs_credential_id: str) -> List[AcsEntrance]: ...


def _blocking(
    stub: Callable[Concatenate[Any, P], T], then: Callable[[Any], Any] = lambda result: result
) -> Callable[Concatenate[Any, P], T]:
    """The generated method named like `stub`, called by keyword with the stub's defaults for
    what the call leaves out; `then` shapes its result. The stub sees the arguments first, so
    a call that does not fit it gets Python's own TypeError."""
    name, parameters = stub.__name__, inspect.signature(stub).parameters.values()
    defaults = {p.name: p.default for p in parameters if p.default is not p.empty}

    @functools.wraps(stub)
    def forward(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> T:
        stub(self, *args, **kwargs)
        native = getattr(self._native, name)
        result: T = then(call(native, **{**defaults, **kwargs}))
        return result

    return forward


def _awaited(
    stub: Callable[Concatenate[Any, P], T],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, T]]:
    """`_blocking` on the async client: the generated method's coroutine, awaited."""
    coroutine = _blocking(stub)

    @functools.wraps(stub)
    async def forward(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await _translated(cast("Awaitable[T]", coroutine(self, *args, **kwargs)))

    return forward


def _not_awaited(
    stub: Callable[Concatenate[Any, P], Iterator[T]],
) -> Callable[Concatenate[Any, P], AsyncIterator[T]]:
    """The async `list_all`: like the blocking one, it checks its filters at once."""
    forward = _blocking(stub, then=_each_awaited)
    return cast("Callable[Concatenate[Any, P], AsyncIterator[T]]", forward)


async def _translated(awaitable: Awaitable[T]) -> T:
    try:
        return await awaitable
    except _ffi.SeamError as error:
        raise from_ffi(error) from None


def _each(pages: _ffi.AcsCredentialPages) -> Iterator[AcsCredential]:
    while (page := call(pages.next_page)) is not None:
        yield from page.acs_credentials


async def _each_awaited(pages: _ffi.AsyncAcsCredentialPages) -> AsyncIterator[AcsCredential]:
    while (page := await _translated(pages.next_page())) is not None:
        for credential in page.acs_credentials:
            yield credential


class AcsCredentials:
    __slots__ = ("_native",)

    def __init__(self, native: _ffi.AcsCredentials) -> None:
        self._native = native

    assign = _blocking(_Credentials.assign)
    unassign = _blocking(_Credentials.unassign)
    create = _blocking(_Credentials.create)
    get = _blocking(_Credentials.get)
    list = _blocking(_Credentials.list)
    list_all = _blocking(_Credentials.list_all, then=_each)
    update = _blocking(_Credentials.update)
    delete = _blocking(_Credentials.delete)
    list_accessible_entrances = _blocking(_Credentials.list_accessible_entrances)


class AsyncAcsCredentials:
    __slots__ = ("_native",)

    def __init__(self, native: _ffi.AsyncAcsCredentials) -> None:
        self._native = native

    assign = _awaited(_Credentials.assign)
    unassign = _awaited(_Credentials.unassign)
    create = _awaited(_Credentials.create)
    get = _awaited(_Credentials.get)
    list = _awaited(_Credentials.list)
    list_all = _not_awaited(_Credentials.list_all)
    update = _awaited(_Credentials.update)
    delete = _awaited(_Credentials.delete)
    list_accessible_entrances = _awaited(_Credentials.list_accessible_entrances)


@dataclass(frozen=True)
class Acs(Generic[C]):
    credentials: C


class _Client(Generic[A]):
    __slots__ = ("_native", "_acs")

    def __init__(self, native: Any, acs: A) -> None:
        self._native, self._acs = native, acs

    @property
    def acs(self) -> A:
        return self._acs

    @property
    def endpoint(self) -> str:
        return str(self._native.endpoint())

    def __repr__(self) -> str:  # never the credentials
        return f"{type(self).__name__}(endpoint={self.endpoint!r})"


def _seconds(timeout: Optional[float]) -> Optional[datetime.timedelta]:
    return None if timeout is None else datetime.timedelta(seconds=timeout)


class Seam(_Client[Acs[AcsCredentials]]):
    __slots__ = ()

    def __init__(self, *, api_key: str | None = None, personal_access_token: str | None = None,
                 workspace_id: str | None = None, client_session_token: str | None = None,
                 endpoint: str | None = None, timeout: float | None = None,
                 max_retries: int | None = None) -> None:
        """Python: the arguments are keyword-only, and `timeout` is in seconds."""
        native = call(_ffi.Seam, api_key, personal_access_token, workspace_id,
                      client_session_token, endpoint, _seconds(timeout), max_retries)
        super().__init__(native, Acs(AcsCredentials(native.acs().credentials())))

    # Nothing to close (connections go with the client): `with` is for code written for the
    # official SDK's `Seam`.
    def __enter__(self) -> Seam:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


class AsyncSeam(_Client[Acs[AsyncAcsCredentials]]):
    __slots__ = ()

    def __init__(self, *, api_key: str | None = None, personal_access_token: str | None = None,
                 workspace_id: str | None = None, client_session_token: str | None = None,
                 endpoint: str | None = None, timeout: float | None = None,
                 max_retries: int | None = None, worker_threads: int | None = None) -> None:
        """Python: the arguments are keyword-only, and `timeout` is in seconds."""
        native = call(_ffi.AsyncSeam, api_key, personal_access_token, workspace_id,
                      client_session_token, endpoint, _seconds(timeout), max_retries,
                      worker_threads)
        super().__init__(native, Acs(AsyncAcsCredentials(native.acs().credentials())))

    def worker_stats(self) -> WorkerStats:
        stats: WorkerStats = self._native.worker_stats()
        return stats

    # Nothing to close either: idle worker threads end by themselves (see `worker_stats`).
    async def __aenter__(self) -> AsyncSeam:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass


# At exit, workers stop resuming coroutines: one that would resume then could only call into
# an interpreter that is shutting down, which aborts the process.
atexit.register(_ffi.stop_waking, datetime.timedelta(seconds=1))


def _document(cls: type, generated: type) -> None:
    """The UDL's docs, as the generated class carries them, on `cls` and on its members of
    the same names; a member's own docstring (what Python adds) follows them."""
    cls.__doc__ = inspect.cleandoc(generated.__doc__ or "")
    for name, member in vars(cls).items():
        doc = getattr(getattr(generated, name, None), "__doc__", None)
        if doc and (name == "__init__" or not name.startswith("_")):
            if inspect.isfunction(member):  # the forwarders: not the stub's name
                member.__qualname__ = f"{cls.__name__}.{name}"
            own = f"\n\n{member.__doc__}" if member.__doc__ else ""
            member.__doc__ = inspect.cleandoc(doc) + own


for _ours, _theirs in [(_Client, _ffi.Seam), (Seam, _ffi.Seam), (AsyncSeam, _ffi.AsyncSeam),
                       (Acs, _ffi.Acs),
                       (AcsCredentials, _ffi.AcsCredentials),
                       (AsyncAcsCredentials, _ffi.AsyncAcsCredentials)]:  # fmt: skip
    _document(_ours, _theirs)
