"""Build the report of a region: every section of :data:`revitalize.report.sections.ORDER`,
computed from the embedded fact base and, where given, a data directory and/or the store.

A section that raises does not stop the build: it comes back ``failed`` with the error, and
:attr:`Report.failed` names it (the CLI exits 1 after writing the files).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from revitalize.report.section import ReportContext, Section, guarded
from revitalize.results import Result, jsonable

__all__ = ["Report", "ReportTables", "build_report", "key_findings"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ReportTables(Result):
    """Every table of a report as one result: ``table`` is the overview (one row per table:
    section, status, table, rows); :meth:`to_json_dict` adds each section with its tables."""

    def to_json_dict(self) -> dict[str, Any]:
        out = super().to_json_dict()
        out["sections"] = self.extra["sections"]
        return out


@dataclass(frozen=True)
class Report:
    """A built report: its sections in order and the run's meta (region, year, language, data
    source, package version, time)."""

    region: str
    year: int | None
    lang: str
    sections: tuple[Section, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> Section:
        """The section ``key`` (``KeyError`` when the report has none)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def failed(self) -> tuple[str, ...]:
        """Keys of the sections that failed."""
        return tuple(s.key for s in self.sections if s.status == "failed")

    @property
    def needs_data(self) -> tuple[str, ...]:
        """Keys of the sections that need data."""
        return tuple(s.key for s in self.sections if s.status == "needs_data")

    def tables(self) -> dict[str, Result]:
        """Every table, keyed by a report-wide unique name (the workbook's sheet names)."""
        out: dict[str, Result] = {}
        for s in self.sections:
            for name, res in s.tables.items():
                out[name if name not in out else f"{s.key}_{name}"] = res
        return out

    def overview(self) -> pd.DataFrame:
        """One row per section: key, title, status, tables, message, command."""
        return pd.DataFrame([{
            "section": s.key, "title": s.title(self.lang), "status": s.status,
            "tables": ", ".join(s.tables), "figures": len(s.figures), "message": s.message,
            "command": s.command or ""} for s in self.sections])

    def to_result(self) -> ReportTables:
        """All tables as one :class:`ReportTables` (for ``--format json|csv|table``)."""
        rows, sections = [], []
        names = {id(res): name for name, res in self.tables().items()}
        for s in self.sections:
            tables = {}
            for res in s.tables.values():
                name = names[id(res)]
                rows.append({"section": s.key, "status": s.status, "table": name,
                             "rows": len(res.table), "method": res.meta.get("method")})
                tables[name] = res.to_json_dict()
            sections.append(jsonable({
                "key": s.key, "title_en": s.title_en, "title_zh": s.title_zh,
                "status": s.status, "message": s.message, "command": s.command,
                "needs": list(s.needs), "warnings": list(s.warnings), "sources": list(s.sources),
                "conventions": dict(s.conventions), "tables": tables}))
        table = pd.DataFrame(rows, columns=["section", "status", "table", "rows", "method"])
        return ReportTables(table=table, meta=self.meta, extra={"sections": sections})


def _meta(ctx: ReportContext, keys: Iterable[str]) -> Mapping[str, Any]:
    from revitalize import __version__
    from revitalize.model.regions import REGIONS

    reg = REGIONS[ctx.region]
    return MappingProxyType({
        "method": "report", "package": "revitalize", "version": __version__,
        "generated": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "region": ctx.region, "region_name_en": reg.name_en, "region_name_cn": reg.name_cn,
        "provinces": list(ctx.provinces), "year": ctx.year, "io_year": ctx.io_year,
        "lang": ctx.lang,
        "mirror": ctx.catalog.mirror_dir.name if ctx.catalog.mirror_dir else None,
        "store": "user store" if ctx.catalog.store_dir is not None and
                 ctx.catalog.store_dir.name != "__no_store__" else None,
        "sections": list(keys),
        "conventions": {"scope": "Liaoning, Jilin, Heilongjiang; eastern Inner Mongolia is not "
                                 "separable in the provincial tables" if ctx.region == "NE"
                        else reg.name_en,
                        "data": "the data directory (--mirror: registry mirror paths), then the "
                                "store, then the datasets bundled in the package"}})


def build_report(region: Any = "NE", year: int | None = None, lang: str = "en",
                 data_dir: str | Path | None = None, store: Any = None, *,
                 sections: Iterable[str] | None = None,
                 progress: Progress | None = None, catalog: Any = None) -> Report:
    """Build the report of ``region``.

    Parameters
    ----------
    region
        The Northeast (default; any spelling, ``NE4`` maps to it) or a mainland province.
    year
        Year of the input-output tables (the latest provincial table at or before it; default
        2017) and headline year of the panel sections (default: their latest year).
    lang
        ``"en"`` or ``"zh"``: labels of the titles, figures and headers.
    data_dir
        A directory laid out like ``shared/data`` (files located by the fetch registry's
        ``mirror_path``); None for none.
    store
        A :class:`~revitalize.data.store.Store` for datasets not in ``data_dir``; None for none.
        With neither, only the fact base is reported and every data section says
        ``needs_data`` with its command.
    sections
        Keys of the sections to build (default all, in :data:`~revitalize.report.sections.ORDER`).
    progress
        Called as ``progress(key, done, total)`` before each section and once at the end
        (``key == ""``).
    """
    from revitalize.report import sections as registry
    from revitalize.report.sections import ORDER

    keys = list(ORDER if sections is None else sections)
    unknown = [k for k in keys if k not in ORDER]
    if unknown:
        from revitalize.errors import InputError

        raise InputError(f"unknown sections {unknown}", field="sections",
                         expected=f"keys of {list(ORDER)}")
    ctx = ReportContext(region=region, year=year, lang=lang,
                        data_dir=Path(data_dir) if data_dir is not None else None, store=store,
                        catalog=catalog)
    built = []
    for i, key in enumerate(keys):
        if progress is not None:
            progress(key, i, len(keys))
        fn = getattr(registry, f"{key}_section")
        built.append(guarded(key, fn, ctx))  # guards replacements that do not guard themselves
    if progress is not None:
        progress("", len(keys), len(keys))
    return Report(region=ctx.region, year=ctx.year, lang=ctx.lang, sections=tuple(built),
                  meta=_meta(ctx, keys))


# ---------------------------------------------------------------------------- key findings
def _pct(v: Any) -> str:
    from revitalize.present import format_number

    return format_number(v, "percent", unit=True)


def _name(code: Any, lang: str) -> str:
    from revitalize.model.regions import REGIONS

    reg = REGIONS.get(str(code))
    return str(code) if reg is None else (reg.name_cn if lang == "zh" else reg.name_en)


def _kf_weight(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr

    gdp = s.tables["weight_gdp"].table["share_pct"].dropna()
    pop = s.tables["weight_population"].table["share_pct"].dropna()
    if gdp.empty or pop.empty:
        return None
    return tr("kf_weight", rep.lang, region=_name(rep.region, rep.lang), gdp=_pct(gdp.iloc[-1]),
              gdp_year=int(gdp.index[-1]), pop=_pct(pop.iloc[-1]), pop_year=int(pop.index[-1]),
              gdp0=_pct(gdp.iloc[0]), year0=int(gdp.index[0]))


def _kf_linkages(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr

    parts = []
    for name, res in s.tables.items():
        if name.startswith("linkages_") and "key_sector_class" in res.table:
            t = res.table
            parts.append(tr("kf_linkages_part", rep.lang, province=_name(t.attrs.get(
                "region", res.meta.get("region", name)), rep.lang), n=int(
                (t["key_sector_class"] == "key").sum()), total=len(t)))
    return tr("kf_linkages", rep.lang, year=rep.meta.get("io_year"),
              parts=_seps(rep.lang)[0].join(parts)) if parts else None


def _kf_competitiveness(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr

    t = s.tables["competitiveness"].table
    now = t[t["year"] == rep.meta.get("io_year")]
    parts = []
    for p, g in now.groupby("region", sort=False):
        top = g.sort_values("output", ascending=False).iloc[0]
        parts.append(tr("kf_competitiveness_part", rep.lang, province=_name(p, rep.lang),
                        code=top["sector"], name=top["name"], share=_pct(top["market_share_pct"])))
    return tr("kf_competitiveness", rep.lang, year=rep.meta.get("io_year"),
              parts=_seps(rep.lang)[0].join(parts)) if parts else None


def _kf_opening(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr

    t = s.tables["opening_trade_dependence"].table.reset_index()
    now = t[(t["year"] == rep.meta.get("io_year")) & t["foreign_trade_dependence"].notna()]
    if now.empty:
        return None
    parts = _seps(rep.lang)[1].join(f"{_name(r, rep.lang)} {_pct(v)}"
                                    for r, v in zip(now["region"], now["foreign_trade_dependence"]))
    return tr("kf_opening", rep.lang, year=rep.meta.get("io_year"), parts=parts)


def _kf_innovation(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    t = s.tables["innovation_rd_gap"].table
    own = t.xs(rep.region, level="region").dropna(subset=["gap_pp"])
    if own.empty:
        return None
    y = int(own.index.max())
    return tr("kf_innovation", rep.lang, value=_pct(own.loc[y, "rd_intensity"]), year=y,
              gap=("+" if own.loc[y, "gap_pp"] > 0 else "")
              + format_number(own.loc[y, "gap_pp"], "percent"))


def _kf_evaluation(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr, value_label
    from revitalize.report.sections.outlook import system_year

    out = []
    for name, res in s.tables.items():
        t = res.table
        if name.endswith("_weights") or t.empty or "rank" not in t:
            continue
        y = system_year(t, rep.year)  # the section's year
        rows = t[t["year"] == y]
        parts = _seps(rep.lang)[1].join(f"{_name(r.region, rep.lang)} {int(r.rank)}/"
                                        f"{int(r.n_ranked)}" for r in rows.itertuples())
        out.append(tr("kf_evaluation", rep.lang, year=y, parts=parts,
                      system=value_label(res.meta.get("system", name), rep.lang)))
    return ("" if rep.lang == "zh" else " ").join(out) or None


def _kf_forecast(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr, value_label
    from revitalize.report.sections.outlook import band_text

    out = []
    for ind in ("gdp", "population"):
        fc = s.tables.get(f"forecast_{ind}_share")
        if fc is None:
            continue
        t = fc.table
        f = t[t["kind"] == "forecast"].set_index("period")["value"]
        lo = t[t["kind"] == "lower"].set_index("period")["value"]
        hi = t[t["kind"] == "upper"].set_index("period")["value"]
        end = int(f.index.max())
        band, coverage = band_text(fc, rep.lang)
        out.append(tr("kf_forecast", rep.lang, what=tr(f"{ind}_share", rep.lang), end=end,
                      value=_pct(f[end]), model=value_label(fc.meta["model"], rep.lang), band=band,
                      lo=_pct(lo.get(end)), hi=_pct(hi.get(end)), coverage=coverage))
    return ("" if rep.lang == "zh" else " ").join(out) or None


def _kf_similarity(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    pairs = s.tables["similarity_pairs"].table
    prov = set(rep.meta.get("provinces", []))
    inner = pairs[pairs["region_a"].isin(prov) & pairs["region_b"].isin(prov)]
    if inner.empty:
        return None
    parts = _seps(rep.lang)[1].join(f"{_name(a, rep.lang)}-{_name(b, rep.lang)} {format_number(v)}"
                                    for a, b, v in inner.itertuples(index=False))
    return tr("kf_similarity", rep.lang, year=rep.meta.get("io_year"), parts=parts)


def _kf_regionalization(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    best = s.tables["regionalization_best"].table
    o, c = ("（", "）") if rep.lang == "zh" else (" (", ")")
    parts = _seps(rep.lang)[1].join(f"{_name(r.region, rep.lang)} "
                                    f"{format_number(r.delta, decimals=2)}{o}MAPE "
                                    f"{_pct(r.mape_multiplier)}{c}" for r in best.itertuples())
    return tr("kf_regionalization", rep.lang, parts=parts) if parts else None


def _kf_carbon(s: Section, rep: Report) -> str | None:
    from revitalize.report.i18n import tr
    from revitalize.report.sections.carbon import intensity_year

    it = s.tables["carbon_intensity"].table
    year = intensity_year(it, rep.region, rep.meta.get("provinces", []), rep.year)
    now = it[it["year"] == year]
    top = s.tables["carbon_top_sectors"].table.groupby("region", sort=False).head(1)
    name, sep = ("name_cn", "，") if rep.lang == "zh" else ("name", ", ")
    where = {r: tr("carbon_nation_30", rep.lang) if r == "000000" else _name(r, rep.lang)
             for r in now["region"]}
    return tr("kf_carbon", rep.lang, year=int(now["year"].iloc[0]), io_year=rep.meta.get("io_year"),
              parts=sep.join(f"{where[r]} {v:.2f}" for r, v in zip(now["region"],
                                                                   now["co2_intensity"])),
              top=sep.join(tr("kf_carbon_part", rep.lang, region=_name(r.region, rep.lang),
                              code=r.sector, name=getattr(r, name), mt=f"{r.embodied_mt:.1f}")
                           for r in top.itertuples()))


def _kf_productivity(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr
    from revitalize.report.sections.nation import capital_headline_year

    t = s.tables["productivity_capital_stock"].table
    row = t[t["year"] == capital_headline_year(t, rep.year)].set_index("region")
    provinces = [p for p in rep.meta.get("provinces", []) if p in row.index]
    if not provinces or "000000" not in row.index:
        return None
    ky = row["capital_output_ratio"]
    parts = _seps(rep.lang)[1].join(f"{_name(p, rep.lang)} {format_number(ky[p], decimals=2)}"
                                    for p in provinces)
    return tr("kf_capital", rep.lang, year=int(row["year"].iloc[0]), parts=parts,
              nation=format_number(ky["000000"], decimals=2))


# The findings below restate numbers the sections computed (their stored tables, at the
# precision of the section's own message); none re-runs an analysis. "facts" has no finding:
# it is the fact base itself.
def _signed(v: Any, kind: str = "coefficient", decimals: int | None = None,
            unit: bool = False) -> str:
    """``v`` formatted by :func:`revitalize.present.format_number`, with "+" when positive."""
    from revitalize.present import format_number

    text = format_number(v, kind, decimals=decimals, unit=unit)
    return ("+" + text) if not pd.isna(v) and float(v) > 0 and text[:1].isdigit() else text


def _seps(lang: str) -> tuple[str, str]:
    """Separators between a finding's parts and within one part (list items)."""
    return ("；", "、") if lang == "zh" else ("; ", ", ")


def _kf_stability(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    parts, draws = [], None
    for name, mc in s.tables.items():
        if not name.startswith("rank_stability_"):
            continue
        t = mc.table
        top = t["rank"].idxmin()  # the point estimate's first sector, as the section
        col = "name_cn" if rep.lang == "zh" and "name_cn" in t else "name"
        draws = mc.meta.get("draws", draws)
        parts.append(tr("kf_rank_stability_part", rep.lang,
                        province=_name(mc.meta.get("region"), rep.lang), sector=t.loc[top, col],
                        p=format_number(mc.extra["rank_probability"].loc[top].iloc[0],
                                        "probability"),
                        share=format_number(100 * t["p_same_class"].mean(), "percent",
                                            decimals=0, unit=True)))
    return tr("kf_rank_stability", rep.lang, draws=format_number(draws, "count"),
              parts=_seps(rep.lang)[0].join(parts)) if parts else None


def _kf_efficiency(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr
    from revitalize.report.sections.efficiency import rank_scores

    dea, mq = s.tables["dea_2017"], s.tables["malmquist"]
    score = dea.table["efficiency"]
    rank = rank_scores(score)  # the section's DEA rank
    m = mq.table.set_index("region")
    g = s.tables["malmquist_luenberger"].table.set_index("region")
    semi = _seps(rep.lang)[0]
    parts = []
    for p in rep.meta.get("provinces", []):
        if p not in m.index:
            continue
        diag = str(m.loc[p, "diagnosis"] or "").replace(" ", "_")
        ml = g.loc[p, "ml"] if p in g.index else None
        parts.append(tr(
            "kf_efficiency_part", rep.lang, province=_name(p, rep.lang),
            score=format_number(score.get(p)), rank=format_number(rank.get(p), "rank"),
            n=len(score), tfp=_signed(100 * (m.loc[p, "tfpch"] - 1), "percent", 1, unit=True),
            mrank=format_number(m.loc[p, "rank"], "rank"), mn=len(m),
            diag=semi + tr(f"kf_diag_{diag}", rep.lang) if diag else "",
            ml=tr("n_a", rep.lang) if ml is None or pd.isna(ml)
            else _signed(100 * (ml - 1), "percent", 1, unit=True)))
    first, last = mq.meta["years"][0], mq.meta["years"][-1]
    return tr("kf_efficiency", rep.lang, year=dea.meta["year"], first=first, last=last,
              parts=semi.join(parts)) if parts else None


def _kf_ranking(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    cmp_, smaa = s.tables["methods"], s.tables["rank_acceptability"]
    ranks, t = cmp_.table, smaa.table
    methods = [c for c in ranks.columns if c != "consensus"]
    level = format_number(100 * smaa.meta["level"], "percent", decimals=0, unit=True)
    parts = []
    for p in rep.meta.get("provinces", []):
        if p not in t.index:
            continue
        r = ranks.loc[p, methods]
        parts.append(tr("kf_ranking_part", rep.lang, province=_name(p, rep.lang),
                        lo=int(r.min()), hi=int(r.max()), rank=int(ranks.loc[p, "topsis"]),
                        ilo=int(t.loc[p, "rank_lo"]), ihi=int(t.loc[p, "rank_hi"]), level=level))
    return tr("kf_ranking", rep.lang, n=len(t), year=cmp_.meta["year"], k=len(methods),
              parts=_seps(rep.lang)[0].join(parts)) if parts else None


def _kf_opportunities(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr
    from revitalize.report.sections.opportunities import TOP

    opp, val = s.tables["opportunities"], s.tables["entry_auc"]
    t = opp.table
    pooled = val.table[val.table["transition"] == "pooled"].set_index("predictor")
    col = "name_cn" if rep.lang == "zh" else "name_en"
    semi, comma = _seps(rep.lang)
    colon = "：" if rep.lang == "zh" else ": "
    # items joined by ", " in English and "，" in Chinese (names hold "、"), each with its
    # code: a name may itself hold a comma or a semicolon
    sep = "，" if rep.lang == "zh" else comma
    k, tops = TOP, []  # the section's
    for p in rep.meta.get("provinces", []):
        top = t[t["region"] == p].nsmallest(k, "rank")
        if not top.empty:
            tops.append(_name(p, rep.lang) + colon + sep.join(
                f"{code} {name}" for code, name in zip(top["industry"], top[col])))
    years = val.meta["years"]
    return tr("kf_opportunities", rep.lang, k=k, year=int(opp.meta.get("year", years[-1])),
              tops=semi.join(tops), span=f"{years[0]}-{years[-1]}" if rep.lang == "en"
              else f"{years[0]}—{years[-1]}",
              auc=format_number(pooled.loc["density", "auc"], "probability"),
              rca=format_number(pooled.loc["rca", "auc"], "probability")) if tops else None


def _kf_decline(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    share = s.tables["sda_share"].table.iloc[0]
    factors = sorted(("technology", "final_demand_structure", "final_demand_level"),
                     key=lambda f: -abs(share[f]))
    pp = {f: _signed(100 * share[f], "percent") for f in factors}
    comma = _seps(rep.lang)[1]
    return tr("kf_decline", rep.lang, region=_name(rep.region, rep.lang),
              y0=int(share["start_year"]), y1=int(share["end_year"]),
              start=format_number(100 * share["start"], "percent", unit=True),
              end=format_number(100 * share["end"], "percent", unit=True),
              change=_signed(100 * share["change"], "percent"),
              largest=tr(f"kf_sda_{factors[0]}", rep.lang), value=pp[factors[0]],
              others=comma.join(f"{tr(f'kf_sda_{f}', rep.lang)} {pp[f]}" for f in factors[1:]))


def _kf_policy(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr
    from revitalize.report.sections.policy import placebo_count

    res = s.tables["synthetic_control_ne"]
    summary, req = res.meta["summary"][0], res.meta["request"]
    n = placebo_count(res.extra["fits"][summary["unit"]])
    return tr("kf_policy", rep.lang, y0=req["start_year"], y1=req["end_year"],
              treat=req["treatment_start"], gap=_signed(summary["mean_post_gap"], decimals=2),
              ratio=format_number(summary["ratio"], decimals=2),
              p=format_number(summary["p_value"], "probability"), n=n)


def _kf_spillovers(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import tr

    t = s.tables["spillovers_2017"].table.set_index("region")
    ne = [p for p in rep.meta.get("provinces", []) if p in t.index]
    if not ne:
        return None
    comma = _seps(rep.lang)[1]

    def shares(col: str) -> str:
        return comma.join(f"{_name(p, rep.lang)} "
                          f"{format_number(100 * t.loc[p, col], 'percent', decimals=0, unit=True)}"
                          for p in ne)

    return tr("kf_spillovers", rep.lang, parts=shares("output_retained_share"),
              va=shares("value_added_retained_share"))


def _kf_documents(s: Section, rep: Report) -> str | None:
    from revitalize.present import format_number
    from revitalize.report.i18n import indicator_label, tr
    from revitalize.report.sections.documents import CLOSE, relative_gap

    t = s.tables["documents_vs_data"].table
    rel = relative_gap(t)  # the section's criterion
    if rel.notna().sum() == 0:
        return None
    close = int((rel <= CLOSE).sum())
    worst = t.loc[rel.idxmax()]
    gap = tr("doc_vs_data", rep.lang, doc=worst["document_value"],  # the document's, as printed
             data=format_number(worst["data_value"], decimals=2))
    return tr("kf_documents", rep.lang, n=len(t), with_value=int(t["data_value"].notna().sum()),
              close=close, far=int(rel.notna().sum()) - close,
              worst=f"{worst['fact_id']} {indicator_label(worst['indicator'], rep.lang)}"
                    + (f"（{gap}）" if rep.lang == "zh" else f" ({gap})"))


_FINDINGS = {"weight": _kf_weight, "linkages": _kf_linkages, "carbon": _kf_carbon,
             "competitiveness": _kf_competitiveness, "similarity": _kf_similarity,
             "opening": _kf_opening, "innovation": _kf_innovation,
             "evaluation": _kf_evaluation, "forecast": _kf_forecast,
             "regionalization": _kf_regionalization, "stability": _kf_stability,
             "efficiency": _kf_efficiency, "ranking": _kf_ranking,
             "opportunities": _kf_opportunities, "decline": _kf_decline, "policy": _kf_policy,
             "spillovers": _kf_spillovers, "documents": _kf_documents,
             "productivity": _kf_productivity}


def key_findings(report: Report) -> list[dict[str, str]]:
    """One sentence of numbers per computed section, in the report's language, each with the
    section's key (the HTML links it) and title: ``[{"key", "title", "text"}]``. Sections
    that are not ``ok`` or whose tables lack what a finding needs are left out."""
    out = []
    for s in report.sections:
        fn = _FINDINGS.get(s.key)
        if fn is None or s.status != "ok":
            continue
        try:
            text = fn(s, report)
        except (KeyError, IndexError, ValueError):  # a replaced section with other tables
            text = None
        if text:
            out.append({"key": s.key, "title": s.title(report.lang), "text": text})
    return out
