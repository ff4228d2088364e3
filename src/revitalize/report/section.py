"""The building blocks of the report: what a section receives (:class:`ReportContext`) and what
it returns (:class:`Section`), and the guard that turns missing data and errors into a section
status instead of an aborted report.

Where data come from (:meth:`ReportContext.dataset`): a dataset of the fetch registry
(``revitalize/data/fetch_registry.csv``) is read from ``data_dir / mirror_path`` when
``data_dir`` (a directory laid out like ``shared/data``) holds the file, else loaded from the
dataset ``store`` when it holds a dataset of that name (``revitalize data fetch NAME`` imports it
under that name); otherwise the section says ``needs_data`` and names the one command that
brings the data. With neither (the embedded default) only the fact base is reported.

Statuses: ``ok`` (computed), ``needs_data`` (the data are absent; ``command`` brings them) and
``failed`` (the computation raised; ``message`` holds the error, the rest of the report is
still produced).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from revitalize.errors import InputError, RevitalizeError, collect_warnings
from revitalize.report.i18n import check_lang, tr
from revitalize.results import Result

__all__ = ["STATUSES", "MissingData", "ReportContext", "ReportTable", "Section", "guarded",
           "make_section", "report_region", "section"]

STATUSES = ("ok", "needs_data", "failed")
PROVINCIAL_IO_YEARS = (2002, 2007, 2012, 2017)
#: the datasets of the efficiency inputs (DEA, Malmquist, and real GDP for the capital-output ratio)
EFFICIENCY_DATA = ("cn_prov_nbs_2000_2019", "cn_prov_capital_inputs", "cn_prov_energy_panel",
                   "cn_prov_co2_ceads", "cn_national_nbs")
DATA_DIR_COMMAND = "revitalize report --data-dir DIR"


@dataclass(frozen=True)
class ReportTable(Result):
    """A table the API returns as a plain frame (e.g. the regionalization validation), wrapped
    with its conventions so that it carries meta like every other result."""


class MissingData(Exception):
    """Raised inside a section when datasets it needs are neither in the data directory nor in
    the store; the guard turns it into a ``needs_data`` section."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        super().__init__(f"missing datasets {list(self.names)}")


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Attributes
    ----------
    key
        Stable identifier (``weight``, ``linkages``...; see :data:`revitalize.report.sections.ORDER`).
    title_en, title_zh
        Titles in both languages.
    status
        ``ok``, ``needs_data`` or ``failed``.
    tables
        Name -> :class:`~revitalize.results.Result` (the API's own results; the names are the
        workbook's sheet names).
    figures
        Plotly figures, each with titled axes (units) and its source in an annotation.
    sources
        One mapping per source: ``kind`` (``dataset``, ``provenance`` or ``fact_base``) and its
        citation fields.
    conventions
        Method -> the conventions it was run with (from the results' ``meta``).
    message
        What the section found, or why it needs data, or the error.
    command
        The one command that brings the missing data (``needs_data`` only).
    needs
        Names of the missing datasets.
    warnings
        Distinct warnings raised while computing.
    """

    key: str
    title_en: str
    title_zh: str
    status: str
    tables: Mapping[str, Result] = field(default_factory=dict)
    figures: tuple[Any, ...] = ()
    sources: tuple[Mapping[str, Any], ...] = ()
    conventions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    message: str = ""
    command: str | None = None
    needs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InputError(f"unknown section status {self.status!r}", field="status",
                             expected=f"one of {list(STATUSES)}")
        object.__setattr__(self, "tables", MappingProxyType(dict(self.tables)))
        object.__setattr__(self, "conventions", MappingProxyType(dict(self.conventions)))

    def title(self, lang: str = "en") -> str:
        """The title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en


def report_region(region: Any) -> str:
    """The region code a report covers: ``"NE"`` for the Northeast (``NE4``, the Northeast with
    eastern Inner Mongolia, maps to ``NE``: the leagues are not separable in provincial tables)
    or a mainland province; anything else is an :class:`InputError`."""
    from revitalize.model.regions import REGIONS, members, normalise_region

    reg = normalise_region(region, where="--region")
    if reg.code in ("NE", "NE4"):
        return "NE"
    if reg.code in members("000000") and REGIONS[reg.code].kind == "province":
        return reg.code
    raise InputError(f"cannot report on {reg.name_en} ({reg.code})", field="region",
                     expected="northeast or a mainland province (e.g. liaoning, 吉林, 230000)")


@dataclass(frozen=True)
class ReportContext:
    """What every section function receives.

    Attributes
    ----------
    region
        ``"NE"`` or a province code (see :func:`report_region`).
    year
        Year of the input-output tables (the latest provincial table at or before it; default
        the latest, 2017) and the headline year of the panel sections (default: their latest).
    lang
        ``"en"`` or ``"zh"``.
    data_dir
        A directory laid out like ``shared/data`` (files found by the registry's
        ``mirror_path``), or None.
    store
        A :class:`~revitalize.data.store.Store`, or None.
    """

    region: str = "NE"
    year: int | None = None
    lang: str = "en"
    data_dir: Path | None = None
    store: Any = None
    catalog: Any = None
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", report_region(self.region))
        check_lang(self.lang)
        if self.year is not None and int(self.year) < PROVINCIAL_IO_YEARS[0]:
            raise InputError(f"year {self.year} is before the first provincial input-output "
                             f"table ({PROVINCIAL_IO_YEARS[0]})", field="year",
                             expected=f"a year from {PROVINCIAL_IO_YEARS[0]} on")
        if self.data_dir is not None:
            path = Path(self.data_dir).expanduser()
            if not path.is_dir():
                raise InputError("not a directory", file=path, field="data_dir",
                                 expected="a directory laid out like shared/data")
            object.__setattr__(self, "data_dir", path)
        if self.catalog is None:
            from revitalize.data.catalog import Catalog

            store_dir = getattr(self.store, "data_dir", None) if self.store is not None else None
            # without a store, a private empty one: the user's default store does not leak in
            object.__setattr__(self, "catalog", Catalog(
                store_dir=store_dir if store_dir is not None else _NO_STORE,
                mirror_dir=self.data_dir))

    # ------------------------------------------------------------------ region
    @property
    def provinces(self) -> tuple[str, ...]:
        """The provinces reported: the Northeast's three, or the province itself."""
        from revitalize.model.regions import members

        return tuple(members(self.region)) if self.region == "NE" else (self.region,)

    def region_name(self, code: str | None = None) -> str:
        """Name of ``code`` (default the report's region) in the report's language."""
        from revitalize.model.regions import REGIONS

        reg = REGIONS[code or self.region]
        return reg.name_cn if self.lang == "zh" else reg.name_en

    @property
    def io_year(self) -> int:
        """The provincial IO year used: the latest at or before ``year`` (default the latest)."""
        if self.year is None:
            return PROVINCIAL_IO_YEARS[-1]
        return max(y for y in PROVINCIAL_IO_YEARS if y <= int(self.year))

    # ------------------------------------------------------------------ data
    def _entry(self, name: str):
        from revitalize.data.fetch import registry_entry

        return registry_entry(name)

    def where(self, name: str) -> str | None:
        """Where dataset ``name`` is read from -- ``"mirror"`` (the data directory),
        ``"store"`` or ``"bundle"`` -- or None when the catalog cannot resolve it."""
        if name not in self.cache.setdefault("_where", {}):
            try:
                origin = self.catalog.entry(name).origin
            except InputError:
                origin = None
            self.cache["_where"][name] = origin
        return self.cache["_where"][name]

    def has(self, name: str) -> bool:
        """Whether dataset ``name`` is available."""
        return self.where(name) is not None

    def datasets(self, *names: str) -> list[Any]:
        """The datasets ``names`` (read through the catalog; its reader warnings are kept in the
        section's warnings); :class:`MissingData` names every one that is absent."""
        missing = [n for n in names if not self.has(n)]
        if missing:
            raise MissingData(missing)
        return [self.catalog.load(n) for n in names]

    def dataset_source(self, name: str) -> dict[str, Any]:
        """Citation of dataset ``name``: its source, file and checksum, and where it was read
        from (``mirror``, ``store`` or ``bundle``)."""
        entry = self._entry(name)
        out = {"kind": "dataset", "dataset": name, "citation": entry.source,
               "file": entry.file_name, "sha256": entry.sha256, "read_from": self.where(name)}
        if out["read_from"] == "bundle":
            from revitalize import datasets

            b = datasets.get(name)
            out.update(bundle=b.name, file=b.file, sha256=b.sha256)
        return out


_NO_STORE = Path(__file__).parent / "__no_store__"


# ---------------------------------------------------------------------------- building sections
def _conventions(tables: Mapping[str, Result]) -> dict[str, dict[str, Any]]:
    """Method -> conventions of the tables' meta (a method run with other conventions in
    another table is listed again under ``method [table]``)."""
    out: dict[str, dict[str, Any]] = {}
    for name, res in tables.items():
        meta = dict(res.meta)
        method = str(meta.get("method", name))
        conv = dict(meta.get("conventions", {}))
        if method not in out:
            out[method] = conv
        elif out[method] != conv:
            out[f"{method} [{name}]"] = conv
    return out


def _provenance_sources(tables: Mapping[str, Result]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for res in tables.values():
        for p in res.meta.get("provenance", []) or []:
            key = (p.get("source"), p.get("file"), p.get("sha256"))
            if key not in seen:
                seen.add(key)
                out.append({"kind": "provenance", "citation": p.get("source"),
                            "file": p.get("file"), "sha256": p.get("sha256"),
                            "reader": p.get("reader"), "notes": list(p.get("notes", []))})
    return out


def make_section(key: str, ctx: ReportContext, *, tables: Mapping[str, Result],
                 figures: Iterable[Any] = (), datasets: Iterable[str] = (), message: str = "",
                 extra_sources: Iterable[Mapping[str, Any]] = ()) -> Section:
    """An ``ok`` section: sources are the datasets used and the tables' provenance;
    conventions come from the tables' meta."""
    sources = [ctx.dataset_source(n) for n in datasets] + list(extra_sources)
    cited = {s.get("citation") for s in sources}
    sources += [p for p in _provenance_sources(tables) if p["citation"] not in cited]
    return Section(key=key, title_en=tr(key, "en"), title_zh=tr(key, "zh"), status="ok",
                   tables=tables, figures=tuple(figures), sources=tuple(sources),
                   conventions=_conventions(tables), message=message)


def fetch_command(names: Sequence[str]) -> str:
    """The one command line that brings ``names`` back for anyone: ``data fetch`` where the
    registry pins a public upstream URL, else the bundle (reinstalling the package restores a
    removed bundled dataset) or ``--mirror DIR`` with the files."""
    from revitalize.data.fetch import load_registry

    reg = load_registry()
    public = [n for n in names if n in reg and reg[n].upstream_url]
    rest = [n for n in names if n not in public]
    parts = [f"revitalize data fetch {n}" for n in public]
    if rest:
        parts.append("revitalize report --mirror DIR  # DIR holding "
                     + ", ".join(reg[n].mirror_path if n in reg else n for n in rest))
    return " && ".join(parts)


def _needs_data(key: str, ctx: ReportContext, names: Sequence[str],
                fallback: Callable[[ReportContext], Mapping[str, Result]] | None) -> Section:
    tables = fallback(ctx) if fallback is not None else {}
    what = ", ".join(names)
    return Section(key=key, title_en=tr(key, "en"), title_zh=tr(key, "zh"), status="needs_data",
                   tables=tables, sources=tuple(_provenance_sources(tables)),
                   conventions=_conventions(tables),
                   message=f"needs the datasets {what}; the fact base's figures on this topic "
                           "are shown where it has any",
                   command=fetch_command(names), needs=tuple(names))


def _failed(key: str, exc: BaseException) -> Section:
    text = exc.one_line() if isinstance(exc, RevitalizeError) else " ".join(str(exc).split())
    return Section(key=key, title_en=tr(key, "en"), title_zh=tr(key, "zh"), status="failed",
                   message=f"{type(exc).__name__}: {text}")


def guarded(key: str, fn: Callable[[ReportContext], Section], ctx: ReportContext,
            fallback: Callable[[ReportContext], Mapping[str, Result]] | None = None) -> Section:
    """Run one section function: :class:`MissingData` gives ``needs_data`` (with the fact-base
    ``fallback`` tables), any other exception ``failed`` with the error as its message (the
    report goes on); warnings raised are kept in ``Section.warnings``."""
    # other libraries' warnings (statsmodels...) too: the report is built in one thread
    with collect_warnings(others=True) as caught:
        try:
            out = fn(ctx)
        except MissingData as exc:
            out = _needs_data(key, ctx, exc.names, fallback)
        except Exception as exc:  # a failing section must not stop the report (issue contract)
            out = _failed(key, exc)
    texts = list(dict.fromkeys(w.message for w in caught))
    return replace(out, warnings=tuple(dict.fromkeys([*out.warnings, *texts])))


def section(key: str, fallback: Callable[[ReportContext], Mapping[str, Result]] | None = None):
    """Decorator: the section function ``fn(ctx) -> Section`` run under :func:`guarded`."""
    def wrap(fn: Callable[[ReportContext], Section]) -> Callable[[ReportContext], Section]:
        @functools.wraps(fn)
        def run(ctx: ReportContext) -> Section:
            return guarded(key, fn, ctx, fallback)

        run.key = key  # type: ignore[attr-defined]
        return run

    return wrap
