"""The UDL's `///` docs are the Python docs: `help()` shows them."""

from __future__ import annotations

import pydoc
import re

import seam_core
from seam_core import Seam
from support import REPO_ROOT


def udl_doc(before: str) -> str:
    """The `///` comment block right above the first UDL line that contains `before`."""
    lines = (REPO_ROOT / "udl" / "seam_core.udl").read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if before in line)
    block = []
    for line in reversed(lines[:index]):
        stripped = line.strip()
        if stripped.startswith("///"):
            block.append(stripped[3:].strip())
        elif stripped.startswith("["):
            continue  # an attribute between the docs and the item
        else:
            break
    return " ".join(part for part in reversed(block) if part)


def flat(text: str) -> str:
    """Text with pydoc's ` |  ` margins and line breaks folded to single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"(?m)^\s*\|", "", text))


def test_help_of_assign_shows_the_udl_doc(seam: Seam) -> None:
    text = flat(pydoc.render_doc(seam.acs.credentials.assign, renderer=pydoc.plaintext))
    doc = udl_doc("acs_credentials_assign(")
    assert doc.startswith("Assigns a credential to an ACS user")
    assert doc in text
    assert re.search(r"assign\(\*, acs_user_id: '?str'?, acs_credential_id: '?str'?\)", text)


def test_help_of_the_client_and_errors_shows_the_udl_docs() -> None:
    assert udl_doc("interface Seam {") in flat(pydoc.render_doc(Seam, renderer=pydoc.plaintext))
    assert udl_doc("constructor(") in flat(Seam.__init__.__doc__ or "")
    assert udl_doc("interface SeamError {") in flat(seam_core.SeamError.__doc__ or "")
    assert udl_doc("InvalidInput(string parameter") in flat(seam_core.InvalidInput.__doc__ or "")
    assert udl_doc("dictionary AcsCredential {") in flat(seam_core.AcsCredential.__doc__ or "")
