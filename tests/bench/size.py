"""Where the bytes of libseam_core.so go, by crate: `python3 tests/bench/size.py LIB`.

LIB must be unstripped (scripts/bench leaves target/bench/lib/libseam_core.so so). Sums the
sizes of code and data symbols (`nm -S -C`) by the crate their demangled name starts with
(for `<A as B>::f`, the crate of A). Sections without symbols (.eh_frame, .gcc_except_table,
relocations) are not attributed: the total is printed next to the file's size.
"""

import collections
import os
import re
import subprocess
import sys


def crate_of(name):
    name = name.strip()
    while name.startswith("<"):
        name = name[1:]
    name = name.lstrip("&*").removeprefix("mut ").removeprefix("dyn ").removeprefix("[")
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(::|$| )", name)
    if not m:
        return "(other)"
    head = m.group(1)
    if m.group(2) != "::":
        return "(C / runtime)" if not name.startswith("_ZN") else "(other)"
    return head


def main():
    lib = sys.argv[1]
    out = subprocess.run(["nm", "-S", "-C", "--size-sort", lib], capture_output=True, text=True, check=True).stdout
    sizes = collections.Counter()
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        size, kind, name = int(parts[1], 16), parts[2], parts[3]
        if kind.lower() in "tdrbv":
            sizes[crate_of(name)] += size
    total = sum(sizes.values())
    print(f"{lib}: {os.path.getsize(lib):,} bytes on disk; {total:,} bytes in sized symbols")
    for crate, size in sizes.most_common(25):
        print(f"{size:>10,}  {size / total:6.1%}  {crate}")


if __name__ == "__main__":
    main()
