"""`Seam`, the client, and its `acs.credentials` namespace.

The native client is made once per `Seam`; so are the pure-Python `acs` and
`acs.credentials` objects, which only route `assign` to the one method the FFI exports
(`Seam.acs_credentials_assign`). A call creates no native object of its own.
"""

from __future__ import annotations

import datetime
import inspect
import math
from typing import Any, Callable, Optional, TypeVar

from ._errors import Config, InvalidInput, SeamError, _from_ffi
from ._ffi import seam_core as _ffi
from ._models import AcsCredential

__all__ = ["Seam", "Acs", "AcsCredentials"]

_T = TypeVar("_T")


def _call(function: Callable[..., _T], *args: Any) -> _T:
    """Calls into the generated bindings, raising the package's exceptions."""
    try:
        return function(*args)
    except _ffi.SeamError as error:
        raise _from_ffi(error) from None
    except _ffi.InternalError as error:
        # A failure inside the bindings themselves (the core never panics by design): still
        # a SeamError, with the original chained for a bug report.
        raise SeamError(f"internal error in seam-core: {error}") from error


def _config_error(reason: str) -> Config:
    # The core's Display of Config is "configuration error: {reason}".
    return Config(f"configuration error: {reason}", reason=reason)


def _check_text(name: str, value: Optional[str], *, argument: bool) -> None:
    if value is None and not argument:
        return
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        reason = "is not valid Unicode text (it contains a lone surrogate)"
        if argument:
            # The core's Display of InvalidInput is "invalid {parameter}: {reason}".
            raise InvalidInput(
                f"invalid {name}: {reason}", parameter=name, reason=reason
            ) from None
        raise _config_error(f"{name} {reason}") from None


def _duration(timeout: Optional[float]) -> Optional[datetime.timedelta]:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, not {type(timeout).__name__}")
    if not math.isfinite(timeout) or timeout <= 0:
        raise _config_error(f"timeout must be a positive number of seconds, got {timeout!r}")
    try:
        return datetime.timedelta(seconds=timeout)
    except OverflowError:
        raise _config_error(f"timeout is too large: {timeout!r} seconds") from None


def _retries(max_retries: Optional[int]) -> Optional[int]:
    if max_retries is None:
        return None
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise TypeError(f"max_retries must be an int, not {type(max_retries).__name__}")
    if max_retries < 0:
        raise _config_error(f"max_retries must not be negative, got {max_retries}")
    if max_retries >= 2**32:
        raise _config_error(f"max_retries is too large, got {max_retries}")
    # Other large values are the core's to refuse: it has the limit.
    return max_retries


class AcsCredentials:
    """Credentials of access control systems: `seam.acs.credentials`."""

    __slots__ = ("_native",)

    def __init__(self, native: _ffi.Seam) -> None:
        self._native = native

    def assign(self, *, acs_user_id: str, acs_credential_id: str) -> AcsCredential:
        _check_text("acs_user_id", acs_user_id, argument=True)
        _check_text("acs_credential_id", acs_credential_id, argument=True)
        return _call(self._native.acs_credentials_assign, acs_user_id, acs_credential_id)

    def __repr__(self) -> str:
        return "<seam.acs.credentials>"


class Acs:
    """Access control systems: `seam.acs`."""

    __slots__ = ("_credentials",)

    def __init__(self, native: _ffi.Seam) -> None:
        self._credentials = AcsCredentials(native)

    @property
    def credentials(self) -> AcsCredentials:
        """Credentials: `seam.acs.credentials.assign(…)`."""
        return self._credentials

    def __repr__(self) -> str:
        return "<seam.acs>"


class Seam:
    __slots__ = ("_native", "_acs", "__weakref__")

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        personal_access_token: Optional[str] = None,
        workspace_id: Optional[str] = None,
        endpoint: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
    ) -> None:
        for name, value in (
            ("api_key", api_key),
            ("personal_access_token", personal_access_token),
            ("workspace_id", workspace_id),
            ("endpoint", endpoint),
        ):
            _check_text(name, value, argument=False)
        self._native: _ffi.Seam = _call(
            _ffi.Seam,
            api_key,
            personal_access_token,
            workspace_id,
            endpoint,
            _duration(timeout),
            _retries(max_retries),
        )
        self._acs = Acs(self._native)

    @property
    def acs(self) -> Acs:
        """Access control systems: `seam.acs.credentials.assign(…)`."""
        return self._acs

    @property
    def endpoint(self) -> str:
        """The API base URL this client calls."""
        return str(self._native.endpoint())

    def __repr__(self) -> str:
        # Never the credentials.
        return f"Seam(endpoint={self.endpoint!r})"


def _docs() -> None:
    """The UDL's docs (carried by the generated bindings) become the docs of the layer."""

    def clean(text: Optional[str]) -> str:
        return inspect.cleandoc(text or "")

    Seam.__doc__ = clean(_ffi.Seam.__doc__)
    Seam.__init__.__doc__ = (
        clean(_ffi.Seam.__init__.__doc__)
        + "\n\nIn Python every argument is keyword-only and `timeout` is in seconds (a float)."
        + "\nRaises `seam_core.Config` when the configuration is refused."
    )
    AcsCredentials.assign.__doc__ = (
        clean(_ffi.Seam.acs_credentials_assign.__doc__)
        + "\n\nRaises a subclass of `seam_core.SeamError` on failure."
    )


_docs()
