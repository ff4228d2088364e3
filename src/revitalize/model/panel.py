"""The labelled panel model: region x year x indicator values with units and quality flags.

A :class:`Panel` is what the provincial-panel readers return and what the indicator, evaluation
and forecasting families consume. Its ``data`` is a long frame with the columns of
:data:`PANEL_COLUMNS`; values carry their unit and any quality flag of the source (e.g. the
energy panel's ``E/V/J/S/B/P`` flags), which are kept, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.model._display import labelled_html, labelled_repr
from revitalize.results import Provenance

__all__ = ["PANEL_COLUMNS", "Panel"]

PANEL_COLUMNS = (
    "region",  # canonical region code
    "region_en",
    "region_cn",
    "year",  # int
    "indicator",
    "unit",
    "value",  # float
    "flag",  # "" when the source raises no issue
    "flag_note",
)


@dataclass(frozen=True, eq=False)
class Panel:
    """Region-year-indicator values with units, flags and provenance.

    Attributes
    ----------
    data
        Long frame with :data:`PANEL_COLUMNS`, one row per (region, year, indicator).
    provenance
        Source of the values.
    flag_legend
        Meaning of each flag letter used in ``data["flag"]``.
    """

    data: pd.DataFrame
    provenance: Provenance = field(default_factory=lambda: Provenance(source="unknown"))
    flag_legend: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [c for c in PANEL_COLUMNS if c not in self.data.columns]
        if missing:
            raise InputError(f"panel data lacks columns {missing}", field="data",
                             expected=f"columns {list(PANEL_COLUMNS)}")
        dup = self.data.duplicated(["region", "year", "indicator"])
        if dup.any():
            first = self.data.loc[dup, ["region", "year", "indicator"]].iloc[0].tolist()
            raise InputError(
                f"{int(dup.sum())} duplicate (region, year, indicator) rows, first {first}",
                file=self.provenance.file, expected="one value per region, year and indicator",
            )

    # ------------------------------------------------------------------ display
    def _summary_pairs(self) -> list[tuple[str, str]]:
        """(field, text) pairs shown by ``repr`` and ``_repr_html_``."""
        d = self.data

        def listed(values: list, limit: int = 4) -> str:
            shown = ", ".join(str(v)[:30] for v in values[:limit])
            return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")

        years = self.years
        span = f"{years[0]}-{years[-1]} ({len(years)} years)" if years else "--"
        units = sorted(d["unit"].dropna().astype(str).unique().tolist())
        flagged = int((d["flag"].fillna("").astype(str) != "").sum())
        return [("rows", f"{len(d):,}"), ("indicators", listed(self.indicators)),
                ("regions", listed(self.regions)), ("years", span), ("units", listed(units)),
                ("flagged values", str(flagged)),
                ("source", str(self.provenance.file or self.provenance.source))]

    def __repr__(self) -> str:
        """A few lines of labels instead of the dataclass default (the whole long frame)."""
        return labelled_repr("Panel", self._summary_pairs())

    def _repr_html_(self) -> str:
        """Notebook view: the same fields as ``repr`` in a small escaped HTML table."""
        return labelled_html("Panel", self._summary_pairs())

    @property
    def indicators(self) -> list[str]:
        return sorted(self.data["indicator"].unique().tolist())

    @property
    def regions(self) -> list[str]:
        return sorted(self.data["region"].unique().tolist())

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.data["year"].unique())

    def unit_of(self, indicator: str) -> str:
        units = self.data.loc[self.data["indicator"] == indicator, "unit"].unique()
        if len(units) == 0:
            raise UnknownLabelError(f"unknown indicator {indicator!r}", file=self.provenance.file,
                                    expected=f"one of {self.indicators}")
        if len(units) > 1:
            raise InputError(f"indicator {indicator!r} has mixed units {list(units)}",
                             file=self.provenance.file, expected="one unit per indicator")
        return str(units[0])

    def select(self, *, indicator=None, region=None, years=None, exclude_flags: str = "") -> Panel:
        """Subset by indicator(s), region(s) (any spelling) and years; optionally drop flagged values.

        ``exclude_flags`` lists flag letters whose values are dropped (e.g. ``"E"``); dropping is
        explicit and recorded in the provenance notes.
        """
        from revitalize.model.regions import region_code

        d = self.data
        if indicator is not None:
            wanted = [indicator] if isinstance(indicator, str) else list(indicator)
            unknown = sorted(set(wanted) - set(self.indicators))
            if unknown:
                raise UnknownLabelError(f"unknown indicator(s) {unknown}", file=self.provenance.file,
                                        expected=f"one of {self.indicators}")
            d = d[d["indicator"].isin(wanted)]
        if region is not None:
            regs = [region] if isinstance(region, (str, int)) else list(region)
            d = d[d["region"].isin([region_code(r) for r in regs])]
        if years is not None:
            d = d[d["year"].isin(list(years))]
        notes = self.provenance.notes
        if exclude_flags:
            bad = d["flag"].fillna("").apply(lambda f: any(ch in f for ch in exclude_flags))
            if bad.any():
                notes = notes + (f"dropped {int(bad.sum())} values flagged {exclude_flags!r}",)
            d = d[~bad]
        prov = Provenance(**{**self.provenance.to_dict(), "notes": tuple(notes)})
        return Panel(d.reset_index(drop=True), prov, dict(self.flag_legend))

    def wide(self, indicator: str, *, warn_flags: bool = True) -> pd.DataFrame:
        """Years x regions table of one indicator. Warns when any value carries a flag."""
        d = self.select(indicator=indicator).data
        flagged = d[d["flag"].fillna("") != ""]
        if warn_flags and len(flagged):
            letters = sorted(set("".join(flagged["flag"]).replace(";", "")))
            _warn(
                f"{indicator}: {len(flagged)} values carry quality flags {letters} "
                "(" + ", ".join(f"{k}={self.flag_legend.get(k, '?')}" for k in letters) + ")",
                DataQualityWarning,
                stacklevel=2,
            )
        out = d.pivot(index="year", columns="region", values="value").sort_index()
        out.columns.name = "region"
        return out

    def to_frame(self) -> pd.DataFrame:
        return self.data.copy()
