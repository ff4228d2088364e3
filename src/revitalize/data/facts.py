"""The embedded fact base: every figure of the five founding documents, each with its quote.

The fact base is two hand-made files shipped with the package (``data/factbase/``):

* ``sources.csv`` -- one row per founding document (``000`` ... ``004``, see
  ``../shared/seeds/README.md``): file name, title, author, publisher, kind, date and the sha256 of
  the text the figures were transcribed from;
* ``facts.csv`` -- one row per quantitative statement: ``fact_id`` (``D<source>-<nnn>``),
  ``indicator`` (snake_case code shared across documents), ``indicator_label``, ``region``
  (canonical code of :mod:`revitalize.model.regions`), ``sector`` (industry, when the figure is for
  one), ``period`` (``2022``, ``2003-2022``, ``1990s`` or empty when the text gives none),
  ``value`` (the number as stated; percentages as percent numbers), ``unit``, ``source``, ``quote``
  (the sentence, verbatim from the document; whitespace may differ) and ``note`` (ambiguities,
  qualifiers such as "more than", signs added to stated decreases, derived comparisons).

Figures are recorded as the documents state them, including loosely worded or garbled ones (the
documents are machine translations in places); the note says so. Nothing is corrected silently.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from revitalize.errors import InputError, LayoutError, UnknownLabelError, ValidationError
from revitalize.model.regions import REGIONS, normalise_region
from revitalize.results import Provenance, Result, build_meta

__all__ = [
    "FACTS_FILE",
    "FACT_COLUMNS",
    "SOURCES",
    "SOURCES_FILE",
    "FactsResult",
    "Source",
    "fact_sources",
    "facts",
    "load_facts",
    "load_sources",
]

FACTBASE_DIR = Path(__file__).with_name("factbase")
FACTS_FILE = FACTBASE_DIR / "facts.csv"
SOURCES_FILE = FACTBASE_DIR / "sources.csv"

FACT_COLUMNS = (
    "fact_id", "indicator", "indicator_label", "region", "sector", "period",
    "value", "unit", "source", "quote", "note",
)
SOURCE_COLUMNS = ("id", "file", "title", "author", "publisher", "kind", "date", "sha256")

_FACT_ID = re.compile(r"^D(\d{3})-\d{3}$")
_INDICATOR = re.compile(r"^[a-z][a-z0-9_]*$")
_PERIOD = re.compile(r"^(\d{4}s?(-\d{4})?)?$")
_TRANSCRIPTION_NOTE = ("figures transcribed by hand from the document text; each fact's quote is "
                       "verbatim (whitespace-normalised)")


@dataclass(frozen=True)
class Source:
    """One founding document (a row of ``sources.csv``)."""

    id: str
    file: str
    title: str
    author: str
    publisher: str
    kind: str
    date: str
    sha256: str

    def citation(self) -> str:
        """``Author, "Title" (publisher, kind, date)`` -- the human-readable reference."""
        tail = ", ".join(part for part in (self.publisher, self.kind, self.date) if part)
        return f'{self.author}, "{self.title}" ({tail})'

    def provenance(self) -> Provenance:
        """The :class:`~revitalize.results.Provenance` of facts cited from this document."""
        return Provenance(source=self.citation(), file=self.file, sha256=self.sha256 or None,
                          reader="fact_base", notes=(_TRANSCRIPTION_NOTE,))


@dataclass(frozen=True)
class FactsResult(Result):
    """Facts selected from the fact base.

    ``table`` has the columns of ``facts.csv`` plus ``region_name_en`` and ``region_name_cn``
    (after ``region``); ``meta["conventions"]`` records the filters, ``meta["provenance"]`` one
    entry per document cited in the table.
    """


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """Read a fact-base CSV as strings (no NA conversion) and check its header."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise LayoutError(f"missing column(s) {', '.join(missing)}", file=path.name,
                          field=missing[0], expected=f"header {','.join(columns)}")
    return frame


def load_sources(path: str | Path = SOURCES_FILE) -> dict[str, Source]:
    """Read ``sources.csv`` into ``{id: Source}``.

    Raises
    ------
    LayoutError
        A column is missing.
    InputError
        An ``id`` or ``file`` is empty or an ``id`` repeats.
    """
    path = Path(path)
    frame = _read_csv(path, SOURCE_COLUMNS)
    out: dict[str, Source] = {}
    for n, rec in enumerate(frame.to_dict(orient="records"), start=2):
        sid = rec["id"].strip()
        for field in ("id", "file"):
            if not rec[field].strip():
                raise InputError("empty value", file=path.name, row=sid or f"line {n}",
                                 field=field, expected="a non-empty value")
        if sid in out:
            raise InputError(f"duplicate source id {sid!r}", file=path.name, row=f"line {n}",
                             field="id", expected="unique ids")
        out[sid] = Source(**{c: rec[c].strip() for c in SOURCE_COLUMNS})
    return out


SOURCES: Mapping[str, Source] = MappingProxyType(load_sources())


def _check_row(rec: dict, file: str, row: str, sources: Mapping[str, Source]) -> float:
    """Validate one ``facts.csv`` record; return its value as a float."""

    def fail(field: str, message: str, expected: str) -> InputError:
        return InputError(message, file=file, row=row, field=field, expected=expected)

    match = _FACT_ID.match(rec["fact_id"])
    if match is None:
        raise fail("fact_id", f"bad fact id {rec['fact_id']!r}", "D<source>-<nnn>, e.g. D002-007")
    if rec["source"] not in sources:
        raise fail("source", f"unknown source {rec['source']!r}",
                   f"one of {', '.join(sorted(sources))}")
    if match.group(1) != rec["source"]:
        raise fail("fact_id", f"fact id does not carry its source {rec['source']!r}",
                   f"D{rec['source']}-<nnn>")
    if not _INDICATOR.match(rec["indicator"]):
        raise fail("indicator", f"bad indicator code {rec['indicator']!r}", "a snake_case code")
    for field in ("indicator_label", "unit", "quote"):
        if not rec[field].strip():
            raise fail(field, "empty value", "a non-empty value")
    try:
        code = normalise_region(rec["region"]).code
    except UnknownLabelError:
        raise fail("region", f"unknown region {rec['region']!r}",
                   "a code registered in revitalize.model.regions (e.g. 210000, NE, 000000, USA)"
                   ) from None
    if code != rec["region"]:
        raise fail("region", f"region {rec['region']!r} is not a canonical code",
                   f"the canonical code {code!r}")
    if not _PERIOD.match(rec["period"]):
        raise fail("period", f"bad period {rec['period']!r}", "YYYY, YYYY-YYYY, YYYYs or empty")
    try:
        value = float(rec["value"])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise fail("value", f"not a finite number: {rec['value']!r}", "a number, e.g. 19.3")
    return value


def _check_labels(frame: pd.DataFrame, file: str) -> None:
    """Each indicator code has exactly one label across the file."""
    labels = frame.groupby("indicator")["indicator_label"].nunique()
    for indicator in labels[labels > 1].index:
        rows = frame.loc[frame["indicator"] == indicator, "fact_id"].tolist()
        raise ValidationError(f"indicator {indicator!r} has several labels", file=file,
                              row=rows[-1], field="indicator_label",
                              expected="one label per indicator code")


def load_facts(path: str | Path | None = None, *,
               sources: Mapping[str, Source] | None = None) -> pd.DataFrame:
    """Read and validate a fact-base file (default: the embedded ``facts.csv``).

    Checks, in file order: the header; per row a well-formed ``fact_id`` carrying its source id,
    a known source, a snake_case indicator, non-empty label/unit/quote, a region that is a
    canonical registered code (:func:`~revitalize.model.regions.normalise_region`), a period of the
    form ``YYYY``, ``YYYY-YYYY``, ``YYYYs`` or empty, and a finite numeric value; then unique
    ``fact_id`` and one label per indicator.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`FACT_COLUMNS`; ``value`` as float, the others as strings.

    Raises
    ------
    LayoutError
        A column is missing.
    InputError
        A row fails a check; the message names the file, the row (its ``fact_id``) and the field.
    """
    if path is None:
        return _embedded_facts().copy()
    return _load(Path(path), SOURCES if sources is None else sources)


def _load(path: Path, sources: Mapping[str, Source]) -> pd.DataFrame:
    frame = _read_csv(path, FACT_COLUMNS)[list(FACT_COLUMNS)]
    values, seen = [], set()
    for n, rec in enumerate(frame.to_dict(orient="records"), start=2):
        row = rec["fact_id"].strip() or f"line {n}"
        values.append(_check_row(rec, path.name, row, sources))
        if row in seen:
            raise ValidationError(f"duplicate fact id {row!r}", file=path.name, row=row,
                                  field="fact_id", expected="unique fact ids")
        seen.add(row)
    _check_labels(frame, path.name)
    frame = frame.copy()
    frame["value"] = np.asarray(values, dtype=float)
    return frame


@functools.lru_cache(maxsize=1)
def _embedded_facts() -> pd.DataFrame:
    return _load(FACTS_FILE, SOURCES)


def _source_id(source: object) -> str:
    """``"002"``, ``"2"`` and ``2`` all name document ``002``."""
    text = str(source).strip()
    sid = text.zfill(3) if text.isdigit() else text
    if sid not in SOURCES:
        raise UnknownLabelError(f"unknown source {source!r}", field="source",
                                expected=f"one of {', '.join(sorted(SOURCES))}")
    return sid


def _known(frame: pd.DataFrame, column: str, wanted: str, *, fold: bool = False) -> pd.Series:
    """Boolean mask of ``column == wanted``; raise listing the known values when none match."""
    values = frame[column]
    mask = values.str.casefold() == wanted.casefold() if fold else values == wanted
    if not mask.any():
        known = sorted(v for v in values.unique() if v)
        raise UnknownLabelError(f"unknown {column} {wanted!r}", field=column,
                                expected=f"one of {', '.join(known)}")
    return mask


def _with_region_names(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True)
    at = out.columns.get_loc("region") + 1
    out.insert(at, "region_name_cn", [REGIONS[c].name_cn for c in out["region"]])
    out.insert(at, "region_name_en", [REGIONS[c].name_en for c in out["region"]])
    return out


def facts(indicator: str | None = None, region: object | None = None,
          source: object | None = None, sector: str | None = None,
          period: str | None = None) -> FactsResult:
    """Select facts from the embedded fact base.

    Parameters
    ----------
    indicator
        Indicator code, exactly (e.g. ``"foreign_trade_dependence"``).
    region
        Any spelling :func:`~revitalize.model.regions.normalise_region` accepts (``"辽宁"``,
        ``"Liaoning"``, ``"210000"``, ``"Northeast"``). Matches the region code exactly: facts of
        the Northeast (``NE``) are not facts of its provinces and vice versa.
    source
        Document id (``"002"``, ``"2"`` or ``2``).
    sector
        Industry name, case-insensitive (e.g. ``"agriculture"``).
    period
        Period string exactly as recorded (``"2022"``, ``"2003-2022"``).

    Returns
    -------
    FactsResult
        The matching facts (possibly none, when each filter is known but their combination is
        empty), in file order.

    Raises
    ------
    UnknownLabelError
        An indicator, sector, period or source no fact has, or an unknown region; the message lists
        the known values.
    """
    base = _embedded_facts()
    mask = pd.Series(True, index=base.index)
    code = sid = None
    if indicator is not None:
        mask &= _known(base, "indicator", str(indicator))
    if region is not None:
        code = normalise_region(region, where="region filter").code
        mask &= base["region"] == code
    if source is not None:
        sid = _source_id(source)
        mask &= base["source"] == sid
    if sector is not None:
        mask &= _known(base, "sector", str(sector), fold=True)
    if period is not None:
        mask &= _known(base, "period", str(period))
    table = _with_region_names(base[mask])
    cited = sorted(set(table["source"]))
    meta = build_meta(
        "fact_base",
        conventions={"indicator": indicator, "region": code, "source": sid, "sector": sector,
                     "period": period,
                     "values": "as stated in the source; percentages as percent numbers; stated "
                               "decreases carry a minus sign (see note)"},
        provenance=[SOURCES[s].provenance() for s in cited],
        facts_file=FACTS_FILE.name,
        n_facts=len(table),
    )
    return FactsResult(table=table, meta=meta)


def fact_sources(fact_id: str) -> Source:
    """The document a fact is cited from.

    Raises
    ------
    UnknownLabelError
        No fact has this id.
    """
    base = _embedded_facts()
    hit = base.loc[base["fact_id"] == fact_id, "source"]
    if hit.empty:
        raise UnknownLabelError(f"unknown fact id {fact_id!r}", file=FACTS_FILE.name,
                                field="fact_id", expected="an id such as D002-007")
    return SOURCES[hit.iloc[0]]
