"""A user's script, type-checked with `mypy --strict` by test_typing.py (never run)."""

from __future__ import annotations

import datetime
import json
from typing import Dict, List, Optional

import seam_core
from seam_core import AccessMethod, AcsCredential, Seam, SeamError


def assign(seam: Seam) -> AcsCredential:
    return seam.acs.credentials.assign(
        acs_user_id="33333333-3333-3333-3333-333333333333",
        acs_credential_id="66666666-6666-6666-6666-666666666666",
    )


def describe(c: AcsCredential) -> str:
    created: datetime.datetime = c.created_at
    starts: Optional[datetime.datetime] = c.starts_at
    user: Optional[str] = c.acs_user_id
    code: Optional[str] = c.code
    managed: bool = c.is_managed
    sync: Optional[bool] = c.is_multi_phone_sync_credential
    method: str = str(c.access_method)
    # Variants without fields have untyped generated constructors: under --strict, test
    # with is_<variant>() rather than == AccessMethod.MOBILE_KEY().
    is_key: bool = c.access_method.is_mobile_key() or c.access_method == AccessMethod.OTHER("x")
    if isinstance(c.access_method, AccessMethod.OTHER):
        method = c.access_method.value
    brand = str(c.external_type) if c.external_type is not None else "-"
    errors: List[str] = [f"{e.error_code}: {e.message}" for e in c.errors]
    warnings: List[str] = [str(w.warning_code) for w in c.warnings]
    warned: List[Optional[datetime.datetime]] = [w.created_at for w in c.warnings]
    metadata: Dict[str, object] = {k: json.loads(v) for k, v in c.other_metadata.items()}
    unknown: Dict[str, str] = c.unknown_fields
    doors: List[str] = []
    if c.visionline_metadata is not None:
        doors += c.visionline_metadata.guest_acs_entrance_ids
    if c.assa_abloy_vostio_metadata is not None:
        doors += c.assa_abloy_vostio_metadata.door_names
    parts: List[object] = [created, starts, user, code, managed, sync, method, is_key, brand]
    parts += [errors, warnings, warned, metadata, unknown, doors]
    return repr(parts)


def main() -> None:
    seam = Seam(
        api_key="seam_apikey1_token",
        endpoint="http://127.0.0.1:1",
        timeout=2.5,
        max_retries=0,
    )
    endpoint: str = seam.endpoint
    try:
        print(endpoint, describe(assign(seam)))
    except seam_core.InvalidInput as e:
        parameter: str = e.parameter
        print(parameter, e.reason)
    except seam_core.Unauthorized as e:
        request_id: Optional[str] = e.request_id
        print(request_id)
    except seam_core.Api as e:
        status: int = e.status_code
        messages: Dict[str, List[str]] = e.validation_errors
        print(status, e.code, e.reason, e.request_id, messages)
    except seam_core.InvalidResponse as e:
        print(e.status_code, e.reason, e.request_id)
    except seam_core.Timeout as e:
        print(e.reason)
    except seam_core.Network as e:
        print(e.reason)
    except SeamError.Config as e:
        print(e.reason)
    except SeamError as e:
        text: str = str(e)
        print(text, e.message)
    try:
        Seam()
    except seam_core.Config as e:
        print(e.reason)


if __name__ == "__main__":
    main()
