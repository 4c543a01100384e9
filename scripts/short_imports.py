#!/usr/bin/env python3
"""Gives the built module's imports short names, in the module and in its JavaScript glue alike.

wasm-bindgen names each function the module imports from its glue after the Rust item plus a
16-digit hash (`__wbg_set_onmessage_2f3a…`), and the module path they come from after the glue's
file (`./escalation-lab-app_bg.js`, repeated for every import). The names appear twice, in the
module's import section and as the keys of the glue's import object, and the hashes do not
compress: 6.6 KB of the gzipped download. This renames each import to a short name (`a`, `b`, …,
`aa`, …) and the module path to `w`, in both files, so they still meet; nothing else changes.

It checks what it relies on before writing anything: one module path, every import a key of the
glue's import object written once and named nowhere else, and the glue naming the module path once.
If a check fails it says which and leaves both files as they are (the app works either way).

Run by release_build (scripts/setup.sh) after Trunk:
    python3 scripts/short_imports.py [DIR]      (default: dist)
"""

import os
import re
import string
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "dist"


def refuse(why):
    sys.exit(f"short_imports.py: {why}; the imports keep their names")


def named(suffix):
    """The one built file `escalation-lab-app-<hash><suffix>`."""
    found = [n for n in os.listdir(folder) if n.startswith("escalation-lab-app-") and n.endswith(suffix)
             and not (suffix == ".js" and n.endswith("_bg.js"))]
    if len(found) != 1:
        refuse(f"expected one escalation-lab-app-*{suffix} in {folder}, found {found}")
    return os.path.join(folder, found[0])


def leb(data, i):
    """An unsigned LEB128 number at `i`, and where it ends."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def to_leb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def short_names():
    """a, b, …, z, A, …, Z, aa, ab, …: JavaScript identifiers, none of them a reserved word."""
    letters = string.ascii_letters
    for c in letters:
        yield c
    for c in letters:
        for d in letters + string.digits:
            if c + d not in ("do", "if", "in"):
                yield c + d


def import_section(module):
    """The import section's bounds and its entries as (module path, name, rest of the entry)."""
    if module[:8] != b"\0asm\1\0\0\0":
        refuse("the module is not WebAssembly version 1")
    i = 8
    while i < len(module):
        sid = module[i]
        size, start = leb(module, i + 1)
        end = start + size
        if sid == 2:
            entries = []
            count, j = leb(module, start)
            for _ in range(count):
                n, j = leb(module, j)
                path = module[j:j + n]
                j += n
                n, j = leb(module, j)
                name = module[j:j + n]
                j += n
                kind, desc = module[j], j
                j += 1
                if kind == 0:  # function: its type index
                    _, j = leb(module, j)
                elif kind in (1, 2):  # table or memory: (table: element type), limits
                    j += 1 if kind == 1 else 0
                    flags = module[j]
                    _, j = leb(module, j + 1)
                    if flags & 1:
                        _, j = leb(module, j)
                elif kind == 3:  # global: value type, mutability
                    j += 2
                else:
                    refuse(f"an import of unknown kind {kind}")
                entries.append((path, name, module[desc:j]))
            if j != end:
                refuse("the import section does not end where its size says")
            return i, end, entries
        i = end
    refuse("the module imports nothing")


def main():
    wasm_path, glue_path = named("_bg.wasm"), named(".js")
    module = open(wasm_path, "rb").read()
    glue = open(glue_path, encoding="utf-8").read()
    begin, end, entries = import_section(module)

    paths = {path for path, _, _ in entries}
    if len(paths) != 1:
        refuse(f"the imports come from {len(paths)} module paths, not one")
    path = paths.pop().decode()
    if glue.count(f'"{path}": ') != 1:
        refuse(f"the glue does not name the module path {path} exactly once")

    renamed = dict(zip(dict.fromkeys(name.decode() for _, name, _ in entries), short_names()))
    for old in renamed:
        if len(re.findall(rf"\b{re.escape(old)}\b", glue)) != 1:
            refuse(f"the glue names {old} other than once")
        if not re.search(rf"^ +{re.escape(old)}: ", glue, re.M):
            refuse(f"{old} is not a key of the glue's import object")

    section = bytearray(to_leb(len(entries)))
    for _, name, rest in entries:
        new = renamed[name.decode()].encode()
        section += to_leb(1) + b"w" + to_leb(len(new)) + new + rest
    module = module[:begin] + b"\2" + to_leb(len(section)) + bytes(section) + module[end:]

    glue = glue.replace(f'"{path}": ', '"w": ', 1)
    for old, new in renamed.items():
        glue = re.sub(rf"^( +){re.escape(old)}: ", rf"\g<1>{new}: ", glue, count=1, flags=re.M)
    open(wasm_path, "wb").write(module)
    open(glue_path, "w", encoding="utf-8").write(glue)
    print(f"short_imports.py: {len(renamed)} imports renamed")


main()
