"""Test helper: write a small CSV with cell edits and dropped rows/columns."""

from __future__ import annotations


def write_edited_csv(tmp_path, text, name, edits=None, drop_rows=(), drop_cols=()):
    """Write ``text`` with cell edits ``{(row index, column label): value}`` and drops."""
    lines = [line.split(",") for line in text.strip("\n").split("\n")]
    header = lines[0]
    for (r, col), value in (edits or {}).items():
        lines[r][header.index(col)] = value
    keep = [i for i, h in enumerate(header) if h not in drop_cols]
    out = [[row[i] for i in keep] for k, row in enumerate(lines) if k not in drop_rows]
    path = tmp_path / name
    path.write_text("\n".join(",".join(row) for row in out) + "\n", encoding="utf-8")
    return path
