"""`Seam` and `AsyncSeam`: the clients, with the API's namespaces (generated in `_api.py`).

Each client holds one native client of the core; a call is one crossing of the FFI with its
arguments as JSON (see `_runtime.py`). Python adds keyword-only typed arguments, `timeout` in
seconds, and its exceptions; every check, default and message is the core's.
"""

from __future__ import annotations

import atexit
import datetime
from typing import Optional, Union

from ._api import AsyncNamespaces, Namespaces
from ._errors import call
from ._ffi import seam_core as _ffi
from ._ffi.seam_core import WorkerStats
from ._runtime import WaitOptions, wait_native


def _seconds(timeout: Optional[float]) -> Optional[datetime.timedelta]:
    return None if timeout is None else datetime.timedelta(seconds=timeout)


class Seam(Namespaces):
    __slots__ = ("_native",)

    def __init__(self, *, api_key: Optional[str] = None, personal_access_token: Optional[str] = None,
                 workspace_id: Optional[str] = None, client_session_token: Optional[str] = None,
                 endpoint: Optional[str] = None, timeout: Optional[float] = None,
                 max_retries: Optional[int] = None, check_id_format: Optional[bool] = None,
                 wait_for_action_attempt: Union[None, bool, WaitOptions] = None) -> None:
        """Python: the arguments are keyword-only, and `timeout` is in seconds."""
        self._native = call(_ffi.Seam, api_key, personal_access_token, workspace_id,
                            client_session_token, endpoint, _seconds(timeout), max_retries,
                            check_id_format, wait_native(wait_for_action_attempt))
        self._open(self._native)

    @property
    def endpoint(self) -> str:
        return str(self._native.endpoint())

    def __repr__(self) -> str:  # never the credentials
        return f"{type(self).__name__}(endpoint={self.endpoint!r})"

    # Nothing to close (connections go with the client): `with` is for code written for the
    # official SDK's `Seam`.
    def __enter__(self) -> Seam:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


class AsyncSeam(AsyncNamespaces):
    __slots__ = ("_native",)

    def __init__(self, *, api_key: Optional[str] = None, personal_access_token: Optional[str] = None,
                 workspace_id: Optional[str] = None, client_session_token: Optional[str] = None,
                 endpoint: Optional[str] = None, timeout: Optional[float] = None,
                 max_retries: Optional[int] = None, check_id_format: Optional[bool] = None,
                 wait_for_action_attempt: Union[None, bool, WaitOptions] = None,
                 worker_threads: Optional[int] = None) -> None:
        """Python: the arguments are keyword-only, and `timeout` is in seconds."""
        self._native = call(_ffi.AsyncSeam, api_key, personal_access_token, workspace_id,
                            client_session_token, endpoint, _seconds(timeout), max_retries,
                            check_id_format, wait_native(wait_for_action_attempt), worker_threads)
        self._open(self._native)

    @property
    def endpoint(self) -> str:
        return str(self._native.endpoint())

    def __repr__(self) -> str:  # never the credentials
        return f"{type(self).__name__}(endpoint={self.endpoint!r})"

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

Seam.__doc__ = _ffi.Seam.__doc__
AsyncSeam.__doc__ = _ffi.AsyncSeam.__doc__
Seam.__init__.__doc__ = f"{_ffi.Seam.__init__.__doc__}\n\n{Seam.__init__.__doc__}"
AsyncSeam.__init__.__doc__ = f"{_ffi.AsyncSeam.__init__.__doc__}\n\n{AsyncSeam.__init__.__doc__}"
