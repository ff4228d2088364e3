"""``revitalize data import|list|show|remove|fetch``."""

from __future__ import annotations

import json

import pytest

from revitalize.data.fetch import registry_entry
from revitalize.data.store import Store
from tests.data.test_store import snapshot

pytestmark = pytest.mark.filterwarnings("ignore::revitalize.errors.DataQualityWarning")

NONCOMP = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
PROV = "cn_io_provincial/cn_prov_io_2017_42.csv"
CAPITAL = "cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv"


@pytest.mark.parametrize("command", ["import", "list", "show", "remove", "fetch"])
def test_help_texts(run_cli, command):
    r = run_cli("data", command, "--help")
    assert r.code == 0 and "Usage:" in r.out
    assert len(r.out.splitlines()) > 5


def test_import_list_show_remove(run_cli, shared_data, data_dir):
    r = run_cli("data", "import", shared_data / NONCOMP, "--name", "nat17")
    assert r.code == 0, r.err
    assert r.out.startswith("imported nat17: io_table, regions 000000, years 2017")
    r = run_cli("data", "list", "--origin", "store", "--format", "json")
    listing = json.loads(r.out)
    assert [d["name"] for d in listing["table"]] == ["nat17"]
    assert listing["table"][0]["sha256"] == Store(data_dir).info("nat17").sha256
    assert listing["meta"]["data_dir"] == str(data_dir)
    r = run_cli("data", "show", "nat17", "--format", "json")
    shown = json.loads(r.out)
    assert shown["meta"]["dataset"]["original_file"] == "cn_io_2017_42_noncomp.csv"
    assert len(shown["table"]) == 42 and shown["table"][0]["code"] == "01"
    gaps = [abs(row["row_gap"]) for row in shown["table"]]
    assert max(gaps) < 1.0  # NBS table balances within 1 (10^4 CNY)
    r = run_cli("data", "show", "nat17")
    assert r.code == 0 and "sha256" in r.out and "nat17" in r.out
    r = run_cli("data", "remove", "nat17")
    assert r.code == 0 and "removed nat17" in r.out
    assert Store(data_dir).list().empty


def test_show_collection_and_region_and_csv_output(run_cli, shared_data, data_dir, tmp_path):
    assert run_cli("data", "import", shared_data / PROV, "--name", "prov").code == 0
    out = tmp_path / "regions.csv"
    r = run_cli("data", "show", "prov", "--format", "csv", "--output", out)
    assert r.code == 0 and out.read_text(encoding="utf-8").count("\n") == 32
    r = run_cli("data", "show", "prov", "--region", "辽宁", "--format", "json")
    table = json.loads(r.out)["table"]
    assert len(table) == 42 and json.loads(r.out)["meta"]["region"] == "辽宁"
    r = run_cli("data", "show", "prov", "--region", "Atlantis")
    assert r.code == 1 and r.err.count("\n") == 1


def test_show_panel_summarises_indicators(run_cli, shared_data, data_dir):
    assert run_cli("data", "import", shared_data / CAPITAL, "--name", "cap").code == 0
    r = run_cli("data", "show", "cap", "--format", "json")
    table = json.loads(r.out)["table"]
    rows = {row["indicator"]: row for row in table}
    gfcf = rows["gfcf_current_100m_yuan"]
    assert (gfcf["regions"], gfcf["years"], gfcf["values"]) == (31, "1952-2022", 2157)
    assert gfcf["flagged"] == 155  # 2018-2022 estimates keep their flag
    assert sum(row["values"] for row in table) == Store(data_dir).info("cap").n_rows


def test_bad_file_exits_1_with_one_line_and_store_unchanged(run_cli, shared_data, data_dir,
                                                           tmp_path):
    assert run_cli("data", "import", shared_data / NONCOMP, "--name", "kept").code == 0
    before = snapshot(Store(data_dir))
    lines = (shared_data / NONCOMP).read_text(encoding="utf-8").splitlines(True)
    truncated = tmp_path / "truncated.csv"
    truncated.write_text("".join(lines[:30]), encoding="utf-8")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("foo,bar\n1,2\n", encoding="utf-8")
    for bad in (truncated, wrong, tmp_path / "missing.csv"):
        r = run_cli("data", "import", bad)
        assert r.code == 1, bad
        assert r.err.startswith("error: ") and r.err.count("\n") == 1
        assert bad.name in r.err and "Traceback" not in r.err
    assert snapshot(Store(data_dir)) == before


def test_reader_options_and_warnings_on_stderr(run_cli, shared_data, data_dir):
    prov2002 = shared_data / "cn_io_provincial/cn_prov_io_2002_42.csv"
    r = run_cli("data", "import", prov2002, "--reader-option", "blank_as_zero=false")
    assert r.code == 1 and r.err.count("\n") == 1
    assert "Guangxi 2002" in r.err and "VA004" in r.err and "sec42" in r.err
    assert Store(data_dir).list().empty
    r = run_cli("data", "import", prov2002, "--reader-option", "blank_as_zero=true")
    assert r.code == 0, r.err
    assert "warning: " in r.err and "read as 0" in r.err  # the reader's caveats, one per line
    assert Store(data_dir).info("cn_prov_io_2002_42").notes[0] == \
        "reader options: blank_as_zero=True"
    r = run_cli("data", "import", prov2002, "--reader-option", "oops", "--name", "z")
    assert r.code == 1 and "--reader-option" in r.err


def test_name_clash_unknown_names_and_bad_reader(run_cli, shared_data, data_dir):
    assert run_cli("data", "import", shared_data / NONCOMP, "--name", "x").code == 0
    r = run_cli("data", "import", shared_data / NONCOMP, "--name", "x")
    assert r.code == 1 and "already exists" in r.err and "--replace" in r.err
    assert run_cli("data", "import", shared_data / NONCOMP, "--name", "x", "--replace").code == 0
    r = run_cli("data", "remove", "nope")
    assert r.code == 1 and "no dataset named 'nope'" in r.err
    r = run_cli("data", "show", "nope")  # the catalog: neither a file nor a known dataset
    assert r.code == 1 and "no file or dataset 'nope'" in r.err and r.err.count("\n") == 1
    r = run_cli("data", "import", shared_data / NONCOMP, "--name", "y", "--reader", "bogus")
    assert r.code == 1 and "reader" in r.err
    assert Store(data_dir).names() == ["x"]


def test_root_data_dir_option_wins_over_env(run_cli, shared_data, data_dir, tmp_path):
    other = tmp_path / "other"
    r = run_cli("--data-dir", other, "data", "import", shared_data / NONCOMP)
    assert r.code == 0
    assert Store(other).names() == ["cn_io_2017_42_noncomp"]
    assert Store(data_dir).list().empty


def test_empty_list_message(run_cli, data_dir):
    r = run_cli("data", "list", "--origin", "store")
    assert r.code == 0 and "no datasets" in r.out
    r = run_cli("data", "list")  # the default lists every origin: the bundle is never empty
    assert r.code == 0 and "bundle" in r.out and "no datasets" not in r.out


def test_fetch_list_and_fetch_from_file_mirror(run_cli, shared_data, data_dir):
    r = run_cli("data", "fetch", "--list", "--format", "json")
    names = [row["name"] for row in json.loads(r.out)["table"]]
    assert "cn_io_2017_42_noncomp" in names and len(names) >= 30
    r = run_cli("data", "fetch", "--list", "--format", "csv")
    assert r.code == 0 and "\ncn_prov_io_2017_liaoning,cn_io_provincial/" in r.out
    r = run_cli("data", "fetch", "--list")
    assert r.code == 0 and "fetch registry" in r.out
    r = run_cli("data", "fetch", "cn_io_2017_42_noncomp", "--base-url", shared_data.as_uri())
    assert r.code == 0, r.err
    assert "verified" in r.out and "imported cn_io_2017_42_noncomp" in r.out
    info = Store(data_dir).info("cn_io_2017_42_noncomp")
    assert info.sha256 == registry_entry("cn_io_2017_42_noncomp").sha256
    r = run_cli("data", "fetch", "cn_prov_io_2017_liaoning", "--download-only",
                "--base-url", shared_data.as_uri())
    assert r.code == 0 and "2017_liaoning.xls" in r.out
    assert Store(data_dir).names() == ["cn_io_2017_42_noncomp"]


def test_fetch_errors(run_cli, data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("REVITALIZE_FETCH_BASE_URL", raising=False)
    assert run_cli("data", "fetch").code == 2  # usage: neither NAME nor --list
    r = run_cli("data", "fetch", "nope")
    assert r.code == 1 and "no dataset 'nope' in the fetch registry" in r.err
    r = run_cli("data", "fetch", "cn_io_2017_42_noncomp", "--download-only")  # from the bundle
    assert r.code == 0 and "verified" in r.out  # (issue 13; message: tests/data/test_fetch.py)
    r = run_cli("data", "fetch", "cn_io_2017_42_noncomp", "--base-url", tmp_path.as_uri())
    assert r.code == 1 and r.err.count("\n") == 1
    assert Store(data_dir).list().empty


def test_list_origins_show_bundled_datasets(run_cli, data_dir, shared_data):
    assert run_cli("data", "import", shared_data / NONCOMP, "--name", "nat17").code == 0
    r = run_cli("data", "list", "--format", "json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)["table"]
    origins = {row["name"]: row["origin"] for row in rows}
    assert origins["nat17"] == "store" and rows[0]["name"] == "nat17"
    assert "bundle" in set(origins.values())
    r = run_cli("data", "list", "--origin", "bundle", "--format", "json")
    bundled = json.loads(r.out)["table"]
    assert bundled and {row["origin"] for row in bundled} == {"bundle"}
    assert "nbs_io_2017_42_noncomp" in {row["name"] for row in bundled}
    r = run_cli("data", "show", "nbs_io_2017_42_noncomp")
    assert r.code == 0 and "bundle" in r.out
    r = run_cli("data", "show", "prov_io_2017", "-r", "Jilin", "--format", "json")
    doc = json.loads(r.out)
    assert r.code == 0 and len(doc["table"]) == 42 and doc["meta"]["origin"] == "bundle"
    r = run_cli("data", "list", "--origin", "mirror")  # no --mirror given: none
    assert r.code == 0 and "no datasets" in r.out
    r = run_cli("data", "list", "--origin", "elsewhere")
    assert r.code == 1 and "field origin" in r.err
