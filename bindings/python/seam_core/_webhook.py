"""`SeamWebhook`: verifies the deliveries Seam signs, and reads their event (the core does both)."""

from __future__ import annotations

import datetime
import json
from typing import Mapping, Optional, Union

from ._api import Event
from ._errors import call
from ._ffi import seam_core as _ffi


class SeamWebhook:
    __slots__ = ("_native",)

    def __init__(self, secret: str, *, tolerance: Optional[float] = None) -> None:
        """A verifier for the webhook whose secret is `secret` (`whsec_…`); `tolerance` in
        seconds (default 300)."""
        seconds = None if tolerance is None else datetime.timedelta(seconds=tolerance)
        self._native = call(_ffi.SeamWebhook, secret, seconds)

    def verify(self, payload: Union[str, bytes], headers: Mapping[str, str]) -> Event:
        """The event of a genuine delivery: `payload` is the body exactly as received,
        `headers` the request's headers (names in any letter case). Raises
        `WebhookError.NotGenuine` (answer with an error status) or `WebhookError.NotAnEvent`
        (acknowledge it; it will never become an event)."""
        body = payload.encode() if isinstance(payload, str) else bytes(payload)
        event_json = call(self._native.verify_json, body, {str(k): str(v) for k, v in headers.items()})
        return Event._from(json.loads(event_json))

    def __repr__(self) -> str:  # never the secret
        return "SeamWebhook(secret='whsec_…')"


SeamWebhook.__doc__ = _ffi.SeamWebhook.__doc__
