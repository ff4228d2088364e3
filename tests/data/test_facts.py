"""The embedded fact base: every quote verbatim in its document, key figures, filters, validation."""

from __future__ import annotations

import csv
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from revitalize.data import facts as fb
from revitalize.errors import InputError, LayoutError, UnknownLabelError, ValidationError
from revitalize.model.regions import REGIONS, normalise_region
from revitalize.results import sha256_of

FACTS = fb.load_facts()

# Facts whose value the quote spells out in words (or derives from a word) instead of digits.
SPELLED = {
    "D002-007": "one-sixth",
    "D002-016": "one-fifth",
    "D003-002": "lowest level in the four",
    "D003-003": "top three",
    "D004-023": "nine",
    "D004-031": "two vertical",
    "D004-032": "five horizontal",
}


def _ws(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def documents(seeds_dir) -> dict[str, str]:
    return {sid: _ws((seeds_dir / src.file).read_text(encoding="utf-8"))
            for sid, src in fb.SOURCES.items()}


# ------------------------------------------------------------------ trust: quotes and sources
def test_every_quote_is_verbatim_in_its_source_document(documents):
    missing = [r.fact_id for r in FACTS.itertuples() if _ws(r.quote) not in documents[r.source]]
    assert missing == []


def test_every_value_is_written_in_its_quote():
    """The number recorded is the number quoted (digits, or the words listed in SPELLED)."""
    wrong = []
    for r in FACTS.itertuples():
        if r.fact_id in SPELLED:
            ok = SPELLED[r.fact_id] in r.quote and r.note != ""
        else:
            forms = {format(abs(r.value), "g"), repr(abs(r.value))}
            ok = any(re.search(rf"(?<![\d.]){re.escape(f)}(?!\.?\d)", r.quote) for f in forms)
        if not ok:
            wrong.append(r.fact_id)
    assert wrong == []


def test_negative_values_are_stated_decreases_and_say_so():
    neg = FACTS[FACTS["value"] < 0]
    assert len(neg) == 5
    assert neg["note"].str.contains("sign added").all()
    assert neg["quote"].str.contains("decrease|fell|lower", regex=True).all()


def test_sources_match_the_seed_files(seeds_dir):
    assert sorted(fb.SOURCES) == ["000", "001", "002", "003", "004"]
    for src in fb.SOURCES.values():
        assert sha256_of(seeds_dir / src.file) == src.sha256, src.id


def test_sources_follow_the_seed_readme(seeds_dir):
    readme = (seeds_dir / "README.md").read_text(encoding="utf-8")
    for src in fb.SOURCES.values():
        assert src.file in readme
        assert src.author.split(";")[0] in readme
        if src.date:
            assert src.date in readme


def test_each_document_contributes_facts():
    counts = FACTS["source"].value_counts().to_dict()
    assert counts == {"000": 8, "001": 15, "002": 16, "003": 7, "004": 51}


def test_every_region_code_is_registered_and_canonical():
    for code in FACTS["region"].unique():
        assert code in REGIONS
        assert normalise_region(code).code == code


def test_fact_ids_are_unique_and_carry_their_source():
    assert FACTS["fact_id"].is_unique
    assert (FACTS["fact_id"].str[1:4] == FACTS["source"]).all()


def test_ambiguous_figures_carry_a_note():
    for word in ("garbled", "ambiguous", "loosely"):
        assert FACTS["note"].str.contains(word).any(), word
    assert FACTS.loc[FACTS["quote"].str.contains("more than"), "note"].str.contains(
        "more than|lower bound").all()
    assert set(FACTS.loc[FACTS["indicator"].isin(["population_share_of_world", "gdp_share_of_world"]), "region"]) == {"BRI"}


# ------------------------------------------------------------------ key figures
@pytest.mark.parametrize("indicator, region, period, value, source", [
    ("gdp_share_of_national", "NE", "2003", 8.5, "002"),
    ("gdp_share_of_national", "NE", "2022", 4.8, "002"),
    ("population_census", "NE", "2020", 98.51, "002"),
    ("population_change", "NE", "2010-2020", -11.01, "002"),
    ("population_share_of_national", "NE", "2010", 8.18, "002"),
    ("population_share_of_national", "NE", "2020", 6.98, "002"),
    ("central_transfer_payments", "NE", "2003-2022", 12, "002"),
    ("land_area", "NE4", "", 1.52, "002"),
    ("foreign_trade_dependence", "NE", "2022", 19.3, "001"),
    ("foreign_trade_dependence", "000000", "2022", 34.76, "001"),
    ("fdi_inflow", "NE", "2020", 3.6, "001"),
    ("fdi_share_of_national", "NE", "2020", 2.5, "001"),
    ("foreign_trade_dependence", "NE", "2003", 24.7, "004"),
    ("foreign_trade_dependence", "NE", "2015", 14.6, "004"),
    ("foreign_trade_dependence", "EAST", "2013", 55.0, "004"),
    ("foreign_trade_dependence", "000000", "2013", 32.8, "004"),
    ("foreign_trade_dependence", "NE", "2013", 16.4, "004"),
    ("high_tech_trade_share", "210000", "2015", 9.6, "004"),
    ("high_tech_trade_share", "220000", "2015", 10.9, "004"),
    ("rd_intensity", "000000", "2015", 2.07, "004"),
    ("rd_intensity", "210000", "2015", 1.27, "004"),
    ("rd_intensity", "220000", "2015", 1.01, "004"),
    ("rd_intensity", "230000", "2015", 1.05, "004"),
    ("state_owned_asset_share", "000000", "2015", 38.8, "004"),
    ("state_owned_asset_share", "NE", "2015", 52.1, "004"),
    ("non_fossil_energy_share_of_primary", "000000", "2030", 25, "003"),
])
def test_key_figures(indicator, region, period, value, source):
    hit = FACTS[(FACTS["indicator"] == indicator) & (FACTS["region"] == region)
                & (FACTS["period"] == period) & (FACTS["source"] == source)
                & (FACTS["unit"] != "trillion USD")]  # the yuan figure, not its USD conversion
    assert hit["value"].tolist() == [pytest.approx(value)]


def test_influence_and_sensitivity_coefficients_of_table_1():
    res = fb.facts(source="000")
    wide = res.table.pivot(index="sector", columns="indicator", values="value")
    assert wide.loc["Agriculture", "influence_coefficient"] == 11.655
    assert wide.loc["High-tech industry", "influence_coefficient"] == 9.7643
    assert wide.loc["Industry", "sensitivity_coefficient"] == 14.215
    assert wide.loc["Service sector", "sensitivity_coefficient"] == 10.326
    assert wide.shape == (4, 2)


def test_belt_and_road_partner_ranking_2016():
    for flow, first in [("import", "RUS"), ("export", "SGP"), ("total", "RUS")]:
        t = fb.facts(indicator=f"trade_partner_rank_{flow}").table
        assert sorted(t["value"]) == [1, 2, 3, 4, 5, 6]
        assert t["region"].is_unique and set(t["period"]) == {"2016"}
        assert t.loc[t["value"] == 1, "region"].item() == first
    saudi = fb.facts(region="Saudi Arabia").table
    assert saudi[["indicator", "value"]].values.tolist() == [["trade_partner_rank_import", 2.0]]


def test_one_label_per_indicator():
    assert (FACTS.groupby("indicator")["indicator_label"].nunique() == 1).all()


# ------------------------------------------------------------------ facts() filters and result
def test_region_filter_accepts_any_spelling():
    ids = {tuple(fb.facts(region=r).table["fact_id"]) for r in ("辽宁", "Liaoning", "210000", 21)}
    assert len(ids) == 1 and len(next(iter(ids))) == 2


def test_region_filter_is_exact_not_members():
    t = fb.facts(region="Northeast").table
    assert set(t["region"]) == {"NE"}
    assert "210000" not in set(t["region"])


def test_filters_combine_and_region_names_are_added():
    res = fb.facts(indicator="rd_intensity", source=4)
    t = res.table
    assert list(t.columns[3:6]) == ["region", "region_name_en", "region_name_cn"]
    assert dict(zip(t["region_name_en"], t["value"]))["Heilongjiang"] == 1.05
    assert set(t["region_name_cn"]) == {"全国", "辽宁", "吉林", "黑龙江"}  # D004-030 is a gap
    assert fb.facts(indicator="rd_intensity", region="Jilin", period="2015").table["value"].item() == 1.01


def test_empty_combination_is_an_empty_result_not_an_error():
    res = fb.facts(indicator="influence_coefficient", region="Liaoning")
    assert res.table.empty and res.meta["n_facts"] == 0 and res.meta["provenance"] == []


def test_sector_filter_is_case_insensitive():
    assert len(fb.facts(sector="agriculture").table) == 2
    assert len(fb.facts(sector="MANUFACTURING").table) == 6


def test_meta_records_filters_and_cited_documents():
    res = fb.facts(indicator="foreign_trade_dependence", region="全国")
    meta = res.meta
    assert meta["method"] == "fact_base"
    assert meta["conventions"]["region"] == "000000"
    assert meta["conventions"]["indicator"] == "foreign_trade_dependence"
    files = [p["file"] for p in meta["provenance"]]
    assert files == [fb.SOURCES["001"].file, fb.SOURCES["004"].file]
    assert all(p["sha256"] for p in meta["provenance"])
    assert res.to_json_dict()["table"][0]["quote"]


def test_result_is_frozen_and_hands_out_copies():
    res = fb.facts(source="003")
    with pytest.raises(FrozenInstanceError):
        res.table = None  # type: ignore[misc]
    frame = res.to_frame()
    frame.loc[0, "value"] = -1
    assert res.table.loc[0, "value"] != -1
    loaded = fb.load_facts()
    loaded.loc[0, "value"] = -1
    assert fb.load_facts().loc[0, "value"] != -1


@pytest.mark.parametrize("kwargs, listed", [
    ({"indicator": "gdp_growth"}, "gdp_share_of_national"),
    ({"sector": "Fisheries"}, "Agriculture"),
    ({"period": "1999"}, "2022"),
    ({"source": "007"}, "000, 001, 002, 003, 004"),
])
def test_unknown_filter_values_raise_listing_known_ones(kwargs, listed):
    with pytest.raises(UnknownLabelError) as err:
        fb.facts(**kwargs)
    assert listed in str(err.value) and "\n" not in str(err.value)


def test_unknown_region_raises():
    with pytest.raises(UnknownLabelError, match="Atlantis"):
        fb.facts(region="Atlantis")


def test_fact_sources():
    src = fb.fact_sources("D002-009")
    assert src.id == "002" and src.date == "2024-05-20"
    assert src.provenance().file == src.file and "China Daily" in src.citation()
    with pytest.raises(UnknownLabelError, match="D009-001"):
        fb.fact_sources("D009-001")


# ------------------------------------------------------------------ validation of a facts file
def _copy_with(tmp_path: Path, fact_id: str, field: str, value: str) -> Path:
    rows = list(csv.DictReader(fb.FACTS_FILE.open(encoding="utf-8")))
    for r in rows:
        if r["fact_id"] == fact_id:
            r[field] = value
    out = tmp_path / "facts.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out


def test_a_faithful_copy_loads_identically(tmp_path):
    path = _copy_with(tmp_path, "D001-001", "value", "19.3")
    assert fb.load_facts(path).equals(FACTS)


@pytest.mark.parametrize("field, bad, expected_text", [
    ("region", "Atlantis", "unknown region"),
    ("region", "Liaoning", "canonical code '210000'"),
    ("value", "about 20", "not a finite number"),
    ("value", "", "not a finite number"),
    ("value", "nan", "not a finite number"),
    ("source", "009", "unknown source"),
    ("quote", "  ", "empty value"),
    ("unit", "", "empty value"),
    ("indicator", "GDP share", "snake_case"),
    ("period", "2022-23", "bad period"),
])
def test_bad_field_names_file_row_and_field(tmp_path, field, bad, expected_text):
    path = _copy_with(tmp_path, "D002-009", field, bad)
    with pytest.raises(InputError) as err:
        fb.load_facts(path)
    e = err.value
    assert (e.file, e.row, e.field) == ("facts.csv", "D002-009", field)
    assert expected_text in e.one_line()


def test_fact_id_must_carry_its_source(tmp_path):
    path = _copy_with(tmp_path, "D002-009", "source", "001")
    with pytest.raises(InputError, match="does not carry its source") as err:
        fb.load_facts(path)
    assert err.value.field == "fact_id"


def test_malformed_fact_id(tmp_path):
    path = _copy_with(tmp_path, "D002-009", "fact_id", "fact-9")
    with pytest.raises(InputError, match="bad fact id") as err:
        fb.load_facts(path)
    assert err.value.row == "fact-9"


def test_duplicate_fact_id(tmp_path):
    path = _copy_with(tmp_path, "D002-009", "fact_id", "D002-010")
    with pytest.raises(ValidationError, match="duplicate fact id") as err:
        fb.load_facts(path)
    assert err.value.row == "D002-010"


def test_inconsistent_indicator_label(tmp_path):
    path = _copy_with(tmp_path, "D002-009", "indicator_label", "GDP share")
    with pytest.raises(ValidationError, match="several labels") as err:
        fb.load_facts(path)
    assert err.value.field == "indicator_label"


def test_missing_column(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text("fact_id,indicator,value\nD002-001,x,1\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="missing column"):
        fb.load_facts(path)


def test_bad_sources_file(tmp_path):
    path = tmp_path / "sources.csv"
    text = fb.SOURCES_FILE.read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[1] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate source id '000'"):
        fb.load_sources(path)
    path.write_text(text.replace("000,000_", ",000_"), encoding="utf-8")
    with pytest.raises(InputError, match="field id: empty value"):
        fb.load_sources(path)
    path.write_text("id,file\n000,a.txt\n", encoding="utf-8")
    with pytest.raises(LayoutError):
        fb.load_sources(path)


def test_transfers_recorded_in_yuan_and_in_the_quoted_usd_conversion():
    t = fb.facts(indicator="central_transfer_payments").table
    assert dict(zip(t["unit"], t["value"])) == {"trillion yuan": 12.0, "trillion USD": 1.66}
