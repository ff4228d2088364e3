"""Fill the expected outputs of the ``pycon`` blocks of the tutorials by running them.

Usage: python docs/fill_outputs.py docs/pages/tutorials/*.md   (rewrites the files in place)

Each page runs top to bottom in one namespace, like ``tests/docs/test_tutorials.py`` does with
doctest; the outputs written here are what that test then checks, so a tutorial whose numbers
change fails CI until this script is re-run and the change reviewed.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
import warnings
from pathlib import Path

BLOCK = re.compile(r"(```pycon\n)(.*?)(```)", re.S)


def _statements(block: str) -> list[str]:
    """The ``>>>``/``...`` sources of a block, one per statement (outputs dropped)."""
    out, current = [], []
    for line in block.splitlines():
        if line.startswith(">>> "):
            if current:
                out.append("\n".join(current))
            current = [line[4:]]
        elif line.startswith("... ") or line == "...":
            current.append(line[4:])
    if current:
        out.append("\n".join(current))
    return out


def _run(source: str, ns: dict) -> str:
    buf = io.StringIO()
    tree = ast.parse(source, mode="exec")
    with contextlib.redirect_stdout(buf):
        if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
            value = eval(compile(ast.Expression(tree.body[0].value), "<doc>", "eval"), ns)
            if value is not None:
                print(repr(value))
        else:
            exec(compile(tree, "<doc>", "exec"), ns)
    return buf.getvalue()


def fill(path: Path) -> None:
    ns: dict = {"__name__": "__doc__"}
    text = path.read_text(encoding="utf-8")

    def block(m: re.Match) -> str:
        lines = []
        for stmt in _statements(m.group(2)):
            src = stmt.splitlines()
            lines.append(">>> " + src[0])
            lines += ["... " + s if s else "..." for s in src[1:]]
            out = _run(stmt, ns).rstrip("\n")
            if out:
                lines += [o if o.strip() else "<BLANKLINE>" for o in out.splitlines()]
        return m.group(1) + "\n".join(lines) + "\n" + m.group(3)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path.write_text(BLOCK.sub(block, text), encoding="utf-8")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        fill(Path(p))
        print("filled", p)
