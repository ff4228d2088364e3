"""Key findings of the report's newer sections (issue 15): one sentence of numbers per section
(rank stability, efficiency and TFP, the ranking methods, opportunities, the decomposition of
the decline, the 2003 synthetic control, spillovers, documents vs data), linked to its section,
each number read back here from the section's own table (or the section's message) and
compared as formatted. The report is built once, from the bundled datasets, with only these
sections; the Chinese findings come from the same sections (``dataclasses.replace`` of the
language: the tables these findings read hold both languages' names, e.g. ``name`` and
``name_cn``, so they do not depend on the language the report was built in)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from revitalize.present import format_number
from revitalize.report.build import build_report, key_findings
from revitalize.report.render import render_report_html
from tests.report.conftest import without_plotly_library
from tests.report.zh_check import english_words

KEYS = ["stability", "productivity", "efficiency", "ranking", "opportunities", "decline", "policy",
        "spillovers", "documents"]
NE = ("210000", "220000", "230000")
NAMES = {"210000": ("Liaoning", "辽宁"), "220000": ("Jilin", "吉林"),
         "230000": ("Heilongjiang", "黑龙江")}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVITALIZE_BUNDLE", "1")
        mp.setenv("REVITALIZE_DATA_DIR", str(tmp_path_factory.mktemp("empty-store")))
        rep = build_report("northeast", sections=KEYS)
    assert {s.key: s.status for s in rep.sections if s.status != "ok"} == {}
    return rep


@pytest.fixture(scope="module")
def found(report):
    """lang -> section key -> finding text."""
    return {lang: {f["key"]: f["text"] for f in key_findings(dataclasses.replace(report,
                                                                                 lang=lang))}
            for lang in ("en", "zh")}


def _pct(v, decimals=2):
    return format_number(v, "percent", decimals=decimals, unit=True)


def test_every_new_section_has_a_finding_linked_to_it(report, found):
    want = set(KEYS)
    assert set(found["en"]) == want and set(found["zh"]) == want
    for f in key_findings(report):
        assert f["title"] == report.section(f["key"]).title("en")
    html = without_plotly_library(render_report_html(report))
    block = html[html.index('id="findings"'):html.index('id="contents"')]
    linked = dict(re.findall(r'<li><a href="#(\w+)">[^<]*</a>: ([^<]*)</li>', block))
    assert set(linked) == want
    for key in want:
        assert f'id="{key}"' in html  # the link's target
        assert re.search(r"\d", linked[key])


def test_stability_names_each_province_first_sector_and_its_probability(report, found):
    s = report.section("stability")
    for p in NE:
        mc = s.tables[f"rank_stability_{NAMES[p][0].lower()}"]
        top = mc.table["rank"].idxmin()
        prob = format_number(mc.extra["rank_probability"].loc[top].iloc[0], "probability")
        share = _pct(100 * mc.table["p_same_class"].mean(), 0)
        for lang, col in (("en", "name"), ("zh", "name_cn")):
            name = NAMES[p][lang == "zh"]
            assert re.search(re.escape(f"{name}：" if lang == "zh" else f"{name}: ")
                             + re.escape(mc.table.loc[top, col]), found[lang]["stability"])
        assert f"{NAMES[p][0]}: {mc.table.loc[top, 'name']} ranks first with probability " \
               f"{prob}, key-sector class unchanged in {share}" in found["en"]["stability"]
        assert f"probability {prob};" in s.message  # the section's own number
    assert f"({s.tables['rank_stability_liaoning'].meta['draws']} draws)" in found["en"]["stability"]


def test_efficiency_gives_dea_score_rank_and_tfp_per_province(report, found):
    s = report.section("efficiency")
    score = s.tables["dea_2017"].table["efficiency"]
    m = s.tables["malmquist"].table.set_index("region")
    text = found["en"]["efficiency"]
    for p in NE:
        sc = format_number(score[p])
        rank = int(score.rank(ascending=False, method="min")[p])
        tfp = 100 * (m.loc[p, "tfpch"] - 1)
        tfp_text = ("+" if tfp > 0 else "") + _pct(tfp, 1)
        assert f"{NAMES[p][0]} {sc} (rank {rank} of {len(score)}), TFP {tfp_text} a year " \
               f"(rank {int(m.loc[p, 'rank'])} of {len(m)}" in text
        # the section's message states the same numbers
        assert f"DEA efficiency {sc} in 2017 (rank {rank} of {len(score)})" in s.message
        assert f"TFP {tfp_text.replace('%', ' %')} a year" in s.message
        assert f"{NAMES[p][1]} {sc}（{len(score)} 个省份中第 {rank} 位）" in found["zh"]["efficiency"]
    diag = {"technical change": "shortfall: technical change",
            "catching up": "shortfall: catching up",
            "ahead on both": "ahead of the average on both"}
    for p in NE:
        assert diag[m.loc[p, "diagnosis"]] in text
    years = s.tables["malmquist"].meta["years"]
    assert text.startswith(f"DEA efficiency {s.tables['dea_2017'].meta['year']} and TFP change "
                           f"{years[0]}-{years[-1]}: ")


def test_ranking_gives_the_rank_range_across_methods(report, found):
    s = report.section("ranking")
    ranks = s.tables["methods"].table
    smaa = s.tables["rank_acceptability"].table
    methods = [c for c in ranks.columns if c != "consensus"]
    for p in NE:
        lo, hi = int(ranks.loc[p, methods].min()), int(ranks.loc[p, methods].max())
        assert f"{NAMES[p][0]} {lo}-{hi} (TOPSIS {int(ranks.loc[p, 'topsis'])}; " \
               f"{int(smaa.loc[p, 'rank_lo'])}-{int(smaa.loc[p, 'rank_hi'])} with 90% " \
               "probability" in found["en"]["ranking"]
        assert f"{lo}-{hi} across the {len(methods)} methods" in s.message
        assert f"{NAMES[p][1]}第 {lo}—{hi} 位" in found["zh"]["ranking"]
    assert f"Rank among {len(smaa)} provinces in 2017 across {len(methods)} decision methods" \
        in found["en"]["ranking"]


def test_opportunities_name_the_top_three_per_province(report, found):
    s = report.section("opportunities")
    t = s.tables["opportunities"].table
    v = s.tables["entry_auc"].table
    auc = v[(v["transition"] == "pooled") & (v["predictor"] == "density")]["auc"].iloc[0]
    for lang, col in (("en", "name_en"), ("zh", "name_cn")):
        text = found[lang]["opportunities"]
        for p in NE:
            top = t[t["region"] == p].nsmallest(3, "rank")
            sep = "，" if lang == "zh" else ", "
            head = f"{NAMES[p][lang == 'zh']}{'：' if lang == 'zh' else ': '}"
            assert head + sep.join(f"{c} {n}" for c, n in zip(top["industry"], top[col])) in text
            if lang == "en":  # the section's message names the same three
                assert f"{NAMES[p][0]}: " + ", ".join(top[col]) in s.message
        assert f"AUC {format_number(auc, 'probability')}" in text \
            or f"AUC 为 {format_number(auc, 'probability')}" in text
    assert f"AUC {auc:.2f}" in s.message


def test_decline_names_the_largest_component_of_the_share_change(report, found):
    s = report.section("decline")
    share = s.tables["sda_share"].table.iloc[0]
    factors = ("technology", "final_demand_structure", "final_demand_level")
    largest = max(factors, key=lambda f: abs(share[f]))
    value = f"{100 * share[largest]:+.2f}"
    label = {"technology": "technology", "final_demand_structure": "final-demand structure",
             "final_demand_level": "final-demand level"}[largest]
    text = found["en"]["decline"]
    assert f"{_pct(100 * share['start'])} in 2012, {_pct(100 * share['end'])} in 2017" in text
    assert f"largest component: {label} {value} (" in text
    # the section's message: the same share and component, at the same precision
    assert f"from {100 * share['start']:.2f} % to {100 * share['end']:.2f} %" in s.message
    assert value in s.message
    assert f"{_pct(100 * share['start'])}" in found["zh"]["decline"]


def test_policy_gives_the_post_2003_gap_and_the_placebo_p_value(report, found):
    s = report.section("policy")
    summary = s.tables["synthetic_control_ne"].meta["summary"][0]
    gap = f"{summary['mean_post_gap']:+.2f}"
    p = format_number(summary["p_value"], "probability")
    text = found["en"]["policy"]
    assert f"mean gap after 2003 {gap} points" in text
    assert f"placebo p-value {p} over " in text
    assert f"mean post-2003 gap {gap} points" in s.message
    assert f"p-value {p} over" in s.message
    n = re.search(r"over (\d+) placebos", s.message).group(1)
    assert f"over {n} placebos" in text and f"{n} 个安慰剂检验的置换 p 值为 {p}" in found["zh"]["policy"]


def test_spillovers_give_the_share_staying_in_each_province(report, found):
    s = report.section("spillovers")
    t = s.tables["spillovers_2017"].table.set_index("region")
    for p in NE:
        out = 100 * t.loc[p, "output_retained_share"]
        assert f"{NAMES[p][0]} {_pct(out, 0)}" in found["en"]["spillovers"]
        assert f"{NAMES[p][1]} {_pct(out, 0)}" in found["zh"]["spillovers"]
        assert f"{NAMES[p][0]}: {out:.0f} % of the output" in s.message


def test_documents_count_the_figures_the_data_reproduce(report, found):
    s = report.section("documents")
    t = s.tables["documents_vs_data"].table
    rel = (t["difference"].abs() / t["document_value"].abs()).where(t["data_value"].notna())
    close, with_value = int((rel <= 0.05).sum()), int(t["data_value"].notna().sum())
    text = found["en"]["documents"]
    assert text.startswith(f"{len(t)} figures of the founding documents: the data give a value "
                           f"for {with_value}, {close} within 5% of the document and "
                           f"{with_value - close} more than 5% off")
    assert f"{len(t)} figures of the founding documents compared; the data give a value for " \
           f"{with_value}, within 5 % of the document for {close}" in s.message
    assert t.loc[rel.idxmax(), "fact_id"] in text


def test_chinese_findings_have_no_english_words(found):
    for key, text in found["zh"].items():
        assert re.search(r"[\u4e00-\u9fff]", text), key
        assert english_words(text) == {}, (key, english_words(text))
