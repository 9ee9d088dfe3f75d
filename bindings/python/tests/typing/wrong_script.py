"""Mistakes `mypy --strict` must report (each line marked `# error`); see test_typing.py."""

from __future__ import annotations

import datetime

import seam_core
from seam_core import AsyncSeam, Seam


async def main() -> None:
    seam = Seam(api_key=1)  # error
    Seam(timeout="30")  # error
    Seam(max_retries="2")  # error
    AsyncSeam(worker_threads=1.5)  # error
    credentials = seam.acs.credentials
    credentials.assign("3", "6")  # error
    c = credentials.assign(acs_user_id="3", acs_credential_id="6")
    credentials.assign(acs_user_id="3", acs_credential_id=None)  # error
    credentials.get(acs_credential_id="6", extra=1)  # error
    credentials.list(limit="10")  # error
    credentials.create(access_method=5, acs_user_id="3")  # error
    seam.acs.encoders.encode_credential(acs_encoder_id="e", wait_for_action_attempt=5)  # error
    seam_core.AccessMethod.CODE.is_code(1)  # error
    name: int = c.display_name  # error
    when: datetime.date = c.created_at
    code: str = c.code  # error
    print(c.display_nam)  # error
    print(seam_core.AcsCredential.from_jsn("{}"))  # error
    method: int = c.access_method  # error
    print(name, when, code, method)
    later: seam_core.AcsCredential = AsyncSeam().acs.credentials.get(acs_credential_id="6")  # error
    for x in AsyncSeam().acs.credentials.list_all():  # error
        print(x, later)
    try:
        pass
    except seam_core.Api as e:
        status: str = e.status_code  # error
        print(status, e.parameter)  # error
    except seam_core.InvalidInput as e:
        print(e.status_code)  # error
