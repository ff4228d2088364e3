"""Output conventions shared by every analysis command.

``--format table|json|csv`` and ``--output FILE``:

* ``json``  -- one object ``{"meta": {...}, "table": [{record}, ...]}``;
* ``csv``   -- the table only (UTF-8, header row; formula-like text such as ``=HYPERLINK(..)``
  prefixed with ``'`` by :func:`revitalize.export.safe_text`, as every CSV/Excel writer does);
* ``table`` -- a rich table on the terminal, followed by a one-line summary of ``meta``.

Files are written atomically (temporary file then rename), so a failed run never leaves a
half-written output.
"""

from __future__ import annotations

import enum
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from revitalize.export import safe_frame, to_csv_text
from revitalize.results import Result, jsonable

__all__ = ["FormatOption", "OutputFormat", "OutputOption", "atomic_write_text", "console", "emit", "format_cell"]


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = typer.Option(
    OutputFormat.table, "--format", "-f", help="Output format: table (terminal), json or csv.",
    case_sensitive=False,
)
OutputOption = typer.Option(
    None, "--output", "-o", help="Write the output to FILE instead of standard output.",
    dir_okay=False, writable=True,
)

console = Console(soft_wrap=False)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (same-directory temp file + ``os.replace``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _rich_table(frame: pd.DataFrame, title: str | None, max_rows: int) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in frame.columns:
        justify = "right" if pd.api.types.is_numeric_dtype(frame[col]) else "left"
        table.add_column(str(col), justify=justify, overflow="fold")
    for _, row in frame.head(max_rows).iterrows():
        table.add_row(*[format_cell(v) for v in row.tolist()])
    return table


def format_cell(v: Any) -> str:
    v = jsonable(v)
    if v is None:
        return ""
    if isinstance(v, float):
        if abs(v) < 1e4:
            return f"{v:.6g}"
        return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.0f}"
    return str(v)


def emit(result: Result, fmt: OutputFormat | str = "table", output: Path | None = None, *,
         title: str | None = None, max_rows: int = 200) -> None:
    """Print or write a :class:`~revitalize.results.Result` in the chosen format."""
    fmt = OutputFormat(fmt)
    frame = result.table
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    if fmt is OutputFormat.json:
        text = json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt is OutputFormat.csv:
        text = to_csv_text(frame)  # formula-like cells escaped (revitalize.export)
    else:
        if output is not None:
            text = safe_frame(frame).to_string(index=False) + "\n"
        else:
            if len(frame) == 1 and frame.shape[1] > 6:  # one record: show it as field / value
                frame = pd.DataFrame({"field": frame.columns.astype(str),
                                      "value": [format_cell(v) for v in frame.iloc[0].tolist()]})
            console.print(_rich_table(frame, title, max_rows))
            if len(frame) > max_rows:
                console.print(f"... {len(frame) - max_rows} more rows (use --format csv or json)")
            console.print(result.summary(), style="dim", markup=False, highlight=False)
            return
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(Path(output), text)
        console.print(f"wrote {output}", style="dim", highlight=False)
