"""The docs' Python sample (shared/spec/docs-assign-credential.md), unchanged, and the
response it shows."""

from __future__ import annotations

import json
import warnings

from support import API_KEY, ASSIGN, CREDENTIAL, REPO_ROOT, USER, FakeSeam

# The sample request of the docs' Python tab, byte for byte.
DOCS_SAMPLE = """\
seam.acs.credentials.assign(
  acs_user_id="33333333-3333-3333-3333-333333333333",
  acs_credential_id="66666666-6666-6666-6666-666666666666"
)"""

DOCS = REPO_ROOT.parent / "shared" / "spec" / "docs-assign-credential.md"

# What the docs' sample response becomes for the seeded credential: the docs' layout,
# with this SDK's values (None and empty fields are left out; see seam_core/_models.py).
EXPECTED_REPR = """\
AcsCredential(
  acs_credential_id='66666666-6666-6666-6666-666666666666',
  acs_user_id='33333333-3333-3333-3333-333333333333',
  display_name='Multi Phone Sync Credential',
  acs_system_id='11111111-1111-1111-1111-111111111111',
  access_method='mobile_key',
  workspace_id='00000000-0000-0000-0000-000000000000',
  connected_account_id='22222222-2222-2222-2222-222222222222',
  created_at='2024-04-12T03:56:22.396Z',
  is_multi_phone_sync_credential=True,
  is_managed=True,
)"""


def test_the_docs_sample_runs_as_written(fake: FakeSeam) -> None:
    # Client setup (the only addition):
    from seam_core import Seam

    seam = Seam(api_key="seam_apikey1_token", endpoint=fake.url)
    # The docs' sample, unchanged:
    seam.acs.credentials.assign(
      acs_user_id="33333333-3333-3333-3333-333333333333",
      acs_credential_id="66666666-6666-6666-6666-666666666666"
    )
    last = fake.last()
    assert (last["method"], last["path"]) == ("POST", ASSIGN)
    assert json.loads(last["body"]) == {"acs_user_id": USER, "acs_credential_id": CREDENTIAL}
    assert last["headers"]["authorization"] == f"Bearer {API_KEY}"


def test_the_sample_is_the_docs_text() -> None:
    if not DOCS.is_file():
        # The docs live beside the repository (shared/); CI has them. The sample above is
        # still run by the other tests.
        warnings.warn(f"{DOCS} is not here: the sample was not compared with the docs")
        return
    assert DOCS_SAMPLE in DOCS.read_text()


def test_the_sample_returns_the_credential_shown_like_the_docs(fake: FakeSeam) -> None:
    from seam_core import AcsCredential, Seam

    seam = Seam(api_key="seam_apikey1_token", endpoint=fake.url)
    credential = eval(DOCS_SAMPLE, {"seam": seam})
    assert isinstance(credential, AcsCredential)
    assert repr(credential) == EXPECTED_REPR
    assert str(credential) == EXPECTED_REPR
