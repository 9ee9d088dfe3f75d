"""Checks that every endpoint is in each built reference (scripts/docs runs it last).

    python tests/docs/check.py [DOCS_DIR]        (default: target/docs)

For each of the calls of docs/endpoints.md (the same set as tests/endpoints.json's
operations), with the names that table gives in each language, the reference documents the
whole way to it: `seam.acs().credentials().list(…)` in Rust is the method `acs` on `Seam`,
`credentials` on `Acs` and `list` on `AcsCredentials`. Each step must be a documented member
of its class's page:

- Rust (rustdoc, DOCS_DIR/rust): `id="method.NAME"` on the page `struct.CLASS.html`;
- Python (pdoc, DOCS_DIR/python/seam_core.html): `id="CLASS.NAME"`, for `Seam` and for
  `AsyncSeam` (whose namespaces are `AsyncCLASS`);
- Kotlin (Dokka, DOCS_DIR/kotlin): the member's page in the class's folder, which names the
  member in a declaration, for `Seam` and `AsyncSeam` alike.

A class's name is its namespace's segments, capitalized and joined (`acs.credentials`:
`AcsCredentials`). Prints what it found per language; exits 1 listing every missing one.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS_MD = ROOT / "docs" / "endpoints.md"
ENDPOINTS_JSON = ROOT / "tests" / "endpoints.json"


@dataclass(frozen=True)
class Endpoint:
    operation: str  # acs.credentials.list
    python: list[str]  # ["acs", "credentials", "list"]
    kotlin: list[str]
    rust: list[str]


def call_path(cell: str, language: str) -> list[str]:
    """`seam.acs().credentials().list(…)` -> ["acs", "credentials", "list"]."""
    match = re.fullmatch(r"`seam\.(.+)\(…\)`", cell.strip())
    if not match:
        raise ValueError(f"{language} cell {cell!r} is not `seam.….call(…)`")
    return [part.removesuffix("()") for part in match.group(1).split(".")]


def read_endpoints() -> list[Endpoint]:
    """The rows of docs/endpoints.md's tables, checked against tests/endpoints.json."""
    endpoints: list[Endpoint] = []
    namespace = ""
    columns: list[str] = []
    for line in ENDPOINTS_MD.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"## `([a-z_.]+)`", line):
            namespace = match.group(1)
        elif line.startswith("| call |"):
            columns = [cell.strip() for cell in line.strip("|").split("|")]
        elif line.startswith("| `"):
            cells = dict(zip(columns, (cell.strip() for cell in line.strip("|").split("|"))))
            endpoints.append(Endpoint(
                operation=f"{namespace}.{cells['call'].strip('`')}",
                python=call_path(cells["Python"], "Python"),
                kotlin=call_path(cells["Kotlin"], "Kotlin"),
                rust=call_path(cells["Rust"], "Rust"),
            ))
    operations = {case["operation"] for case in json.loads(ENDPOINTS_JSON.read_text(encoding="utf-8"))["cases"]}
    table = {endpoint.operation for endpoint in endpoints}
    if table != operations or len(endpoints) != len(operations):
        raise SystemExit(
            f"docs/endpoints.md ({len(endpoints)} rows) and tests/endpoints.json ({len(operations)} "
            f"operations) disagree: only in the table {sorted(table - operations)}, only in the "
            f"JSON {sorted(operations - table)}"
        )
    return endpoints


def pascal_snake(segments: list[str]) -> str:
    return "".join(part.capitalize() for segment in segments for part in segment.split("_"))


def pascal_camel(segments: list[str]) -> str:
    return "".join(segment[:1].upper() + segment[1:] for segment in segments)


def steps(root: str, path: list[str], pascal: Callable[[list[str]], str]) -> list[tuple[str, str]]:
    """(class, member) for each step of a call: ("Seam", "acs"), ("Acs", "credentials"), …"""
    return [(root if i == 0 else pascal(path[:i]), member) for i, member in enumerate(path)]


class Reference:
    """One language's built reference: which class documents which member."""

    def __init__(self, language: str, start: Path) -> None:
        self.language = language
        self.start = start
        self.missing: list[str] = []
        self.found = 0
        self._pages: dict[str, str] = {}

    def page(self, path: Path) -> str:
        key = str(path)
        if key not in self._pages:
            self._pages[key] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return self._pages[key]

    def documents(self, owner: str, member: str) -> bool:
        raise NotImplementedError

    def check(self, operation: str, call: list[tuple[str, str]]) -> None:
        absent = [f"{owner}.{member}" for owner, member in call if not self.documents(owner, member)]
        if absent:
            self.missing.append(f"{operation}: {', '.join(absent)}")
        else:
            self.found += 1


class Rustdoc(Reference):
    def __init__(self, docs: Path) -> None:
        super().__init__("Rust", docs / "rust" / "seam_core" / "index.html")
        # struct.NAME.html pages by name: each struct is documented where its module is public.
        self.structs: dict[str, list[Path]] = {}
        for path in (docs / "rust" / "seam_core").rglob("struct.*.html"):
            self.structs.setdefault(path.name, []).append(path)

    def documents(self, owner: str, member: str) -> bool:
        anchor = f'id="method.{member}"'
        return any(anchor in self.page(path) for path in self.structs.get(f"struct.{owner}.html", []))


class Pdoc(Reference):
    def __init__(self, docs: Path) -> None:
        super().__init__("Python", docs / "python" / "seam_core.html")

    def documents(self, owner: str, member: str) -> bool:
        return f'id="{owner}.{member}"' in self.page(self.start)


class Dokka(Reference):
    def __init__(self, docs: Path) -> None:
        super().__init__("Kotlin", docs / "kotlin" / "index.html")
        self.package = docs / "kotlin" / "seam-core" / "co.seam.core"

    @staticmethod
    def file_name(name: str) -> str:
        """Dokka's file name of a declaration: `AcsCredentials` -> `-acs-credentials`."""
        return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name)

    def documents(self, owner: str, member: str) -> bool:
        page = self.page(self.package / self.file_name(owner) / f"{self.file_name(member)}.html")
        # The member's own page shows its declaration: `fun list(`, `val credentials:`.
        text = re.sub(r"<[^>]+>", " ", page)
        return re.search(rf"\b(fun|val)\s+{re.escape(member)}\b", text) is not None


def main(argv: list[str]) -> int:
    docs = Path(argv[1]) if len(argv) > 1 else ROOT / "target" / "docs"
    endpoints = read_endpoints()
    rust, python, kotlin = Rustdoc(docs), Pdoc(docs), Dokka(docs)
    python_async, kotlin_async = Pdoc(docs), Dokka(docs)
    python_async.language, kotlin_async.language = "Python (AsyncSeam)", "Kotlin (AsyncSeam)"
    references = [rust, python, python_async, kotlin, kotlin_async]
    for reference in references:
        if not reference.start.is_file():
            reference.missing.append(f"the reference itself: {reference.start} does not exist")
    for endpoint in endpoints:
        rust.check(endpoint.operation, steps("Seam", endpoint.rust, pascal_snake))
        python.check(endpoint.operation, steps("Seam", endpoint.python, pascal_snake))
        python_async.check(endpoint.operation, [
            (owner if owner == "AsyncSeam" else f"Async{owner}", member)
            for owner, member in steps("AsyncSeam", endpoint.python, pascal_snake)])
        kotlin.check(endpoint.operation, steps("Seam", endpoint.kotlin, pascal_camel))
        kotlin_async.check(endpoint.operation, [
            (owner if owner == "AsyncSeam" else f"Async{owner}", member)
            for owner, member in steps("AsyncSeam", endpoint.kotlin, pascal_camel)])
    # A check that finds anything would pass too: each reference must also miss what is not there.
    for reference in references:
        if reference.start.is_file() and reference.documents("Seam", "no_such_call"):
            reference.missing.append("the check itself: it finds Seam.no_such_call")
    failed = False
    for reference in references:
        print(f"{reference.language}: {reference.found} of {len(endpoints)} endpoints documented")
        for missing in reference.missing:
            failed = True
            print(f"  missing: {missing}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
