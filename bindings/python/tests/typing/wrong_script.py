"""Mistakes `mypy --strict` must report (each line marked `# error`); see test_typing.py."""

from __future__ import annotations

import datetime

import seam_core
from seam_core import Seam


def main() -> None:
    seam = Seam(api_key=1)  # error
    Seam(timeout="30")  # error
    Seam(max_retries="2")  # error
    seam.acs.credentials.assign("3", "6")  # error
    c = seam.acs.credentials.assign(acs_user_id="3", acs_credential_id="6")
    seam.acs.credentials.assign(acs_user_id="3", acs_credential_id=None)  # error
    name: int = c.display_name  # error
    when: datetime.date = c.created_at
    code: str = c.code  # error
    print(name, when, code)
    try:
        pass
    except seam_core.Api as e:
        status: str = e.status_code  # error
        print(status, e.parameter)  # error
    except seam_core.InvalidInput as e:
        print(e.status_code)  # error
