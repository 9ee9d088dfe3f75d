"""Writes target/docs/index.html and target/docs/endpoints.html for scripts/docs.

    python scripts/lib/docs_index.py DOCS_DIR VERSION

index.html links the references that scripts/docs built (each only if its start page is
there) and endpoints.html, which is docs/endpoints.md rendered by markdown2 (pdoc's own
Markdown renderer, so nothing more is installed). Links of endpoints.md to the repository's
other docs (`reliability.md`) point at docs/ in the repository.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

import markdown2  # type: ignore[import-untyped]  # no stubs; pdoc installs it

ROOT = Path(__file__).resolve().parents[2]

# (label, start page under DOCS_DIR, what made it)
REFERENCES = [
    ("Rust", "rust/seam_core/index.html", "the crate <code>seam-core</code>: <code>cargo doc --no-deps -p seam-core</code>"),
    ("Python", "python/seam_core.html", "the package <code>seam_core</code> as the wheel installs it: pdoc"),
    ("Kotlin/JVM", "kotlin/index.html", "<code>co.seam:seam-core</code> (package <code>co.seam.core</code>): Dokka"),
]

SWIFT_NOTE = (
    "Swift: not built. DocC's usual route, <code>swift package generate-documentation</code>, "
    "needs the swift-docc-plugin package, which SwiftPM fetches from GitHub, out of this "
    "project's reach. The Swift API's docs are the generated sources' doc comments "
    "(<code>bindings/swift</code>, after <code>scripts/test swift</code>), which Xcode shows."
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}
code {{ font-size: 0.9em; }}
table {{ border-collapse: collapse; font-size: 0.85rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
li {{ margin: 0.4rem 0; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def endpoints_html(docs: Path) -> str:
    text = (ROOT / "docs" / "endpoints.md").read_text(encoding="utf-8")
    body = str(markdown2.markdown(text, extras=["tables", "fenced-code-blocks"]))
    # endpoints.md links its neighbours in docs/ by file name.
    repo_docs = os.path.relpath(ROOT / "docs", docs)
    body = re.sub(r'href="([a-z_-]+\.md)', lambda m: f'href="{repo_docs}/{m.group(1)}', body)
    return PAGE.format(title="seam-core endpoints", body='<p><a href="index.html">seam-core reference</a></p>\n' + body)


def index_html(docs: Path, version: str) -> str:
    title = f"seam-core {html.escape(version)} reference"
    items = []
    for label, page, made in REFERENCES:
        if (docs / page).is_file():
            items.append(f'<li><a href="{page}">{label}</a>: {made}.</li>')
        else:
            items.append(f"<li>{label}: not built ({page} is missing).</li>")
    items.append(f"<li>{SWIFT_NOTE}</li>")
    count = len(re.findall(r"^\| `", (ROOT / "docs" / "endpoints.md").read_text(encoding="utf-8"), re.M))
    body = "\n".join([
        f"<h1>{title}</h1>",
        "<p>The client of the Seam Connect access-control API, one Rust core in every language. "
        "Every doc comment comes from one place, <code>udl/seam_core.udl</code> and the generator's "
        "selection, so the references say the same things.</p>",
        f'<p><a href="endpoints.html">Endpoints</a>: the {count} calls, with their name in every language '
        "(<code>docs/endpoints.md</code>).</p>",
        "<ul>",
        *items,
        "</ul>",
        "<p>Built by <code>scripts/docs</code>, which then checks that every endpoint's method is in "
        "the Rust, Python and Kotlin references (<code>tests/docs/check.py</code>).</p>",
    ])
    return PAGE.format(title=title, body=body)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {argv[0]} DOCS_DIR VERSION", file=sys.stderr)
        return 2
    docs, version = Path(argv[1]).resolve(), argv[2]
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "endpoints.html").write_text(endpoints_html(docs), encoding="utf-8")
    (docs / "index.html").write_text(index_html(docs, version), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
