"""The docs: the UDL's `///` comments are the Python docs (`help()`), the docs' Python sample
runs as written (and in its async form), and every Python block of README.md runs against
fake-seam."""

from __future__ import annotations

import asyncio
import inspect
import pydoc
import re
from typing import Any, Dict, List

import pytest

import seam_core
from seam_core import AsyncAcsCredentials, AcsCredentials, Seam
from support import API_KEY, CREDENTIAL, REPO_ROOT, USER, FakeSeam

# The request of the docs' Python tab (Assign a Credential to an ACS User), byte for byte.
DOCS_SAMPLE = """\
seam.acs.credentials.assign(
  acs_user_id="33333333-3333-3333-3333-333333333333",
  acs_credential_id="66666666-6666-6666-6666-666666666666"
)"""
CALLS = ["assign", "unassign", "create", "get", "list", "list_all", "update", "delete",
         "list_accessible_entrances"]  # fmt: skip


def udl_doc(line: str, after: str = "") -> str:
    """The `///` block right above the first UDL line containing `line` (after `after`)."""
    lines = (REPO_ROOT / "udl" / "seam_core.udl").read_text().splitlines()
    start = next(i for i, text in enumerate(lines) if after in text) if after else 0
    index = next(i for i in range(start, len(lines)) if line in lines[i])
    block: List[str] = []
    for text in reversed(lines[:index]):
        stripped = text.strip()
        if stripped.startswith("///"):
            block.append(stripped[3:].strip())
        elif not stripped.startswith("["):  # an attribute between the docs and the item
            break
    return " ".join(part for part in reversed(block) if part)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"(?m)^\s*\|", "", text))


def test_help_shows_the_udl_docs() -> None:
    assign = flat(pydoc.render_doc(AcsCredentials.assign, renderer=pydoc.plaintext))
    doc = udl_doc("AcsCredential assign(", after="interface AcsCredentials {")
    assert doc.startswith("Assigns a credential to an ACS user") and doc in assign
    assert "assign(self, *, acs_credential_id: 'str'" in assign
    assert udl_doc("interface Seam {") in flat(pydoc.render_doc(Seam, renderer=pydoc.plaintext))
    assert udl_doc("constructor(", after="interface Seam {") in flat(Seam.__init__.__doc__ or "")
    assert udl_doc("interface SeamError {") in flat(seam_core.SeamError.__doc__ or "")
    assert udl_doc("InvalidInput(string parameter") in flat(seam_core.InvalidInput.__doc__ or "")
    assert udl_doc("dictionary AcsCredential {") in flat(seam_core.AcsCredential.__doc__ or "")


@pytest.mark.parametrize("name", CALLS)
def test_every_call_has_the_generated_docs_and_keyword_only_arguments(name: str) -> None:
    # The docs of each call, blocking and async, are the UDL's (both come from the generator).
    for ours in (AcsCredentials, AsyncAcsCredentials):
        method = getattr(ours, name)
        doc = udl_doc(f" {name}(", after="interface AcsCredentials {")
        assert doc and doc == flat(method.__doc__ or "").strip()
        assert method.__qualname__ == f"{ours.__name__}.{name}"
        kinds = {p.kind for p in list(inspect.signature(method).parameters.values())[1:]}
        assert kinds == {inspect.Parameter.KEYWORD_ONLY}
        awaited = ours is AsyncAcsCredentials and name != "list_all"
        assert inspect.iscoroutinefunction(method) == awaited


def test_the_docs_sample_runs_as_written(fake: FakeSeam) -> None:
    seam = Seam(api_key=API_KEY, endpoint=fake.url)  # client setup: the only addition
    credential = eval(DOCS_SAMPLE, {"seam": seam})
    assert (credential.acs_credential_id, credential.acs_user_id) == (CREDENTIAL, USER)
    assert fake.last()["path"] == "/acs/credentials/assign"
    assert DOCS_SAMPLE in (REPO_ROOT / "bindings" / "python" / "README.md").read_text()


def test_the_docs_sample_in_its_async_form(fake: FakeSeam) -> None:
    async def main() -> seam_core.AcsCredential:
        async with seam_core.AsyncSeam(api_key=API_KEY, endpoint=fake.url) as seam:
            return await seam.acs.credentials.assign(
              acs_user_id="33333333-3333-3333-3333-333333333333",
              acs_credential_id="66666666-6666-6666-6666-666666666666"
            )

    credential = asyncio.run(main())
    assert (credential.acs_credential_id, credential.acs_user_id) == (CREDENTIAL, USER)


def readme_blocks() -> List[str]:
    """The Python blocks of this package's README and of the repository's."""
    readmes = (REPO_ROOT / "bindings" / "python" / "README.md", REPO_ROOT / "README.md")
    return [block for readme in readmes for block in re.findall(r"```python\n(.*?)```", readme.read_text(), re.S)]


def test_the_readme_has_its_samples() -> None:
    assert len(readme_blocks()) >= 3


@pytest.mark.parametrize("block", readme_blocks(), ids=lambda b: b.splitlines()[0][:40])
def test_every_readme_sample_runs(
    fake: FakeSeam, no_seam_env: pytest.MonkeyPatch, block: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The samples read their key and endpoint from the environment, as a deployment would.
    no_seam_env.setenv("SEAM_API_KEY", API_KEY)
    no_seam_env.setenv("SEAM_ENDPOINT", fake.url)
    scope: Dict[str, Any] = {"__name__": "readme"}
    exec(compile(block, "README.md", "exec"), scope)
    assert fake.count() > 0 or "acs_credential_id - " in capsys.readouterr().out
