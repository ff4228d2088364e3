"""Output conventions shared by every analysis command.

``--format table|json|csv``, ``--output FILE`` and ``--encoding`` (CSV only):

* ``json``  -- one object ``{"meta": {...}, "table": [{record}, ...]}`` (always UTF-8, as
  RFC 8259 requires);
* ``csv``   -- the table only (header row; formula-like text such as ``=HYPERLINK(..)``
  prefixed with ``'`` by :func:`revitalize.export.safe_text`, as every CSV/Excel writer does),
  encoded by ``--encoding``: ``utf-8`` (default, no byte-order mark: what other programs and
  pandas read), ``utf-8-sig`` (UTF-8 with a BOM, ``EF BB BF``, which Excel on Chinese Windows
  needs to open Chinese names without mojibake) or ``gb18030`` (the Chinese national standard
  encoding, a superset of GBK, for older tools; it encodes every Unicode character);
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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from revitalize.export import CsvEncoding, encode_csv, safe_frame, to_csv_text
from revitalize.results import Result, jsonable, summary_without_rows

__all__ = ["CsvEncoding", "EncodingOption", "FormatOption", "OutputFormat", "OutputOption",
           "atomic_write_text", "catalogue_table", "console", "emit", "format_cell",
           "with_region_names"]


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = typer.Option(
    OutputFormat.table, "--format", "-f", help="Output format: table (terminal), json or csv.",
    case_sensitive=False,
)


EncodingOption = typer.Option(
    CsvEncoding.utf8, "--encoding",
    help="Encoding of CSV output: utf-8 (default, no BOM), utf-8-sig (UTF-8 with a byte-order "
         "mark, for Excel on Chinese Windows) or gb18030 (GBK superset). Only with --format csv.",
    case_sensitive=False,
)
OutputOption = typer.Option(
    None, "--output", "-o", help="Write the output to FILE instead of standard output.",
    dir_okay=False, writable=True,
)

console = Console(soft_wrap=False)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (same-directory temp file + ``os.replace``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _column_kind(frame: pd.DataFrame, col: Any, table: str | None = None) -> str | None:
    """Quantity kind of a numeric column (the report catalogue's, else None); ``table`` names
    the table (``task:<analysis>``) for the columns whose kind depends on the task."""
    from revitalize.report.i18n import column_kind

    return column_kind(str(col), table) if _is_number_column(frame, col) else None


def catalogue_table(result: Result) -> str | None:
    """The catalogue's table name of a task's result, ``task:<analysis>`` (None without one)."""
    analysis = result.meta.get("analysis") if isinstance(result.meta, Mapping) else None
    return f"task:{analysis}" if analysis else None


# columns that may hold region codes (besides a named index), and the names shown beside them
_CODE_COLUMNS = ("region", "province", "dmu", "code", "alternative", "unit", "region_a",
                 "region_b")


def _region_of(value: Any):
    from revitalize.model.regions import REGIONS

    if value is None or isinstance(value, (bool, float)):
        return None
    return REGIONS.get(str(value))


# Row labels the IO family gives to aggregates that are no registry code (io.spillovers: the
# provinces outside the Northeast grouped as "rest"; its "NE" is a registry code). A column of
# codes may hold them; their name is the report catalogue's (VALUES: "rest of China").
_AGGREGATE_LABELS = ("rest",)


def _aggregate_names(value: Any) -> tuple[str, str] | None:
    """(English, Chinese) name of an aggregate row label, or None."""
    if not isinstance(value, str) or value not in _AGGREGATE_LABELS:
        return None
    from revitalize.report.i18n import value_label

    return value_label(value), value_label(value, "zh")


def _names_its_codes(frame: pd.DataFrame, code_col: Any, other: Any) -> bool:
    """Whether column ``other`` already names the regions of ``code_col`` (row by row, in any
    of the registry's spellings)."""
    if other == code_col or _is_number_column(frame, other):
        return False
    for code, name in zip(frame[code_col].tolist(), frame[other].tolist()):
        region = _region_of(code)
        spellings = ((region.name_en, region.name_cn, region.full_cn) if region is not None
                     else _aggregate_names(code))
        if spellings is None or str(name) not in spellings:
            return False
    return True


def with_region_names(frame: pd.DataFrame, index_names: tuple[Any, ...] = ()) -> pd.DataFrame:
    """``frame`` with the English name of the region beside each column of region codes, for
    the terminal table only (JSON and CSV keep the table as computed).

    A column of codes is one named ``region``, ``province``, ``dmu``, ``code``,
    ``alternative``, ``unit`` (the synthetic control's treated units), ``region_a`` or
    ``region_b``, or the frame's (reset) index, whose values are all codes of
    :data:`revitalize.model.regions.REGIONS` -- or, besides at least one code, row labels the
    IO family gives to aggregates (``rest``, named "rest of China"). The name column, ``name`` (or
    ``<column>_name`` when the frame already has a ``name*`` column), goes right after it,
    unless another column already gives the region's name. English only: a Chinese name
    beside it (for a frame with ``name_cn``) squeezed the sector names of 80-column tables
    into unreadable folds.
    """
    candidates = [c for c in frame.columns
                  if (c in _CODE_COLUMNS or (c in index_names and c is not None))
                  and not _is_number_column(frame, c)]
    out = frame
    for col in candidates:
        codes = [v for v in frame[col].dropna().tolist() if _aggregate_names(v) is None]
        if not codes or any(_region_of(v) is None for v in codes):
            continue
        if any(_names_its_codes(frame, col, other) for other in frame.columns):
            continue
        has_name = any(str(c).startswith("name") for c in out.columns)
        header = f"{col}_name" if has_name or len(candidates) > 1 else "name"
        if header in out.columns:
            continue
        names = [r.name_en if (r := _region_of(v)) is not None else
                 (a[0] if (a := _aggregate_names(v)) is not None else None)
                 for v in frame[col].tolist()]
        out = out.copy() if out is frame else out
        out.insert(list(out.columns).index(col) + 1, header, names)
    return out


def _is_number_column(frame: pd.DataFrame, col: Any) -> bool:
    return pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])


def _rich_table(frame: pd.DataFrame, title: str | None, max_rows: int,
                text_width: int | None = None, table_name: str | None = None) -> Table:
    """A terminal table readable at 80 columns: numbers are formatted by their quantity kind
    and never wrapped (their column is as wide as its widest number); names and other text
    wrap instead (at ``text_width`` terminal cells when given)."""
    table = Table(title=title, show_lines=False, header_style="bold")
    shown = frame.head(max_rows)
    columns = []
    for col in frame.columns:
        kind = _column_kind(frame, col, table_name)
        cells = [format_cell(v, kind) for v in shown[col].tolist()]
        columns.append(cells)
        if _is_number_column(frame, col):
            width = max([len(c) for c in cells] + [1])
            # as wide as the widest number, never narrower; a long header folds instead
            table.add_column(str(col), justify="right", min_width=width,
                             max_width=max(width, 6, min(len(str(col)), _HEADER_WIDTH)),
                             overflow="fold")
        else:
            table.add_column(str(col), justify="left", overflow="fold", min_width=6,
                             max_width=text_width)
    for row in zip(*columns):
        table.add_row(*row)
    return table


_NAME_WIDTH = 24    # a wrapped name column in a split table
_HEADER_WIDTH = 14  # a numeric column's header folds beyond this
_CELL_FRAME = 3     # rich's padding (1 + 1) and border (1) around each column


def column_blocks(frame: pd.DataFrame, width: int, max_rows: int = 200,
                  table_name: str | None = None) -> list[list[Any]]:
    """The columns of ``frame`` in blocks that each fit ``width`` terminal columns, as pandas
    splits a wide frame: the first block holds the leading label columns (codes, names) and the
    first measures; each further block repeats the first column (the row's code) beside the
    next measures. One block when everything fits."""
    shown = frame.head(max_rows)

    def natural(col: Any) -> int:
        cells = [format_cell(v, _column_kind(frame, col, table_name)) for v in shown[col].tolist()]
        longest = max([cell_len(c) for c in cells] + [1])  # CJK characters are two cells wide
        if _is_number_column(frame, col):
            return max(longest, min(len(str(col)), _HEADER_WIDTH))
        return max(6, min(max(longest, cell_len(str(col))), _NAME_WIDTH))

    cols = list(frame.columns)
    widths = {col: natural(col) for col in cols}
    if sum(widths.values()) + _CELL_FRAME * len(cols) + 1 <= width or len(cols) < 3:
        return [cols]
    lead = 1
    while lead < len(cols) and not _is_number_column(frame, cols[lead]):
        lead += 1
    blocks: list[list[Any]] = [cols[:lead]]
    for col in cols[lead:]:
        used = sum(widths[c] + _CELL_FRAME for c in blocks[-1]) + 1
        if used + widths[col] + _CELL_FRAME > width and len(blocks[-1]) > (lead if len(blocks) == 1
                                                                           else 1):
            blocks.append([cols[0]])
        blocks[-1].append(col)
    return blocks


def _print_table(frame: pd.DataFrame, title: str | None, max_rows: int,
                 out: Console | None = None, table_name: str | None = None) -> None:
    """Print ``frame`` as one rich table, or as several column blocks (each repeating the row
    code) when it is wider than the terminal (``table_name``: see :func:`catalogue_table`)."""
    out = out or console
    blocks = column_blocks(frame, out.width, max_rows, table_name)
    for i, block in enumerate(blocks):
        label = f"{title} (columns {i + 1}/{len(blocks)})" if title and len(blocks) > 1 else title
        out.print(_rich_table(frame[block], label, max_rows,
                              _NAME_WIDTH if len(blocks) > 1 else None, table_name))


def format_cell(v: Any, kind: str | None = None) -> str:
    """A cell as terminal text: by ``kind`` (:func:`revitalize.present.format_number`) when
    given; other numbers with 4 significant digits in fixed notation (thousands separated
    from 10,000 on), never scientific."""
    import math

    from revitalize.present import format_number

    v = jsonable(v)
    if v is None:
        return ""
    if kind is not None and isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(v, kind)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return format_number(v)
        if abs(v) >= 1e4:
            return f"{v:,.0f}"
        digits = 1 + math.floor(math.log10(abs(v))) if v else 1
        return format_number(v, "coefficient", decimals=min(max(0, 4 - digits), 6))
    return str(v)


def check_encoding(fmt: OutputFormat | str, encoding: CsvEncoding | str | None) -> CsvEncoding:
    """The CSV encoding asked for; a usage error when it is not one of :class:`CsvEncoding` or
    is given (other than the default) with a format that is not CSV: never ignored silently."""
    from revitalize.errors import InputError

    choices = ", ".join(e.value for e in CsvEncoding)
    try:
        enc = CsvEncoding(str(encoding or CsvEncoding.utf8).lower())
    except ValueError:
        raise InputError(f"unknown encoding {encoding!r}", field="--encoding",
                         expected=f"one of {choices}") from None
    if enc is not CsvEncoding.utf8 and str(fmt) != OutputFormat.csv.value:
        raise InputError(f"--encoding {enc.value} given with --format {fmt}", field="--encoding",
                         expected="--format csv (JSON is always UTF-8; tables are for the "
                                  "terminal)")
    return enc


def emit(result: Result, fmt: OutputFormat | str = "table", output: Path | None = None, *,
         title: str | None = None, max_rows: int = 200,
         encoding: CsvEncoding | str = CsvEncoding.utf8) -> None:
    """Print or write a :class:`~revitalize.results.Result` in the chosen format
    (``encoding``: of CSV output only, see :class:`CsvEncoding`)."""
    enc = check_encoding(fmt, encoding)
    fmt = OutputFormat(fmt)
    frame = result.table
    index_names = tuple(name for name in frame.index.names if name is not None)
    if index_names:
        frame = frame.reset_index()
    if fmt is OutputFormat.json:
        text = json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt is OutputFormat.csv:
        text = to_csv_text(frame)  # formula-like cells escaped (revitalize.export)
    else:
        if output is not None:
            text = safe_frame(frame).to_string(index=False) + "\n"
        else:
            name = catalogue_table(result)
            frame = with_region_names(frame, index_names)
            if len(frame) == 1 and frame.shape[1] > 6:  # one record: show it as field / value
                frame = pd.DataFrame({"field": frame.columns.astype(str),
                                      "value": [format_cell(v, _column_kind(frame, c, name))
                                                for c, v in zip(frame.columns,
                                                                frame.iloc[0].tolist())]})
            _print_table(frame, title, max_rows, table_name=name)
            if len(frame) > max_rows:
                console.print(f"... {len(frame) - max_rows} more rows (use --format csv or json)")
            with summary_without_rows():  # the table is just above
                console.print(result.summary(), style="dim", markup=False, highlight=False)
            return
    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if enc is CsvEncoding.utf8 or buffer is None:
            sys.stdout.write(text)
        else:  # the bytes as asked (a BOM, GB18030), whatever the terminal's encoding
            sys.stdout.flush()
            buffer.write(encode_csv(text, enc))
            buffer.flush()
    else:
        atomic_write_text(Path(output), text, encoding=enc.value)
        console.print(f"wrote {output}", style="dim", highlight=False)
