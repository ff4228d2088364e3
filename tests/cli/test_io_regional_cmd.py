"""``revitalize io aggregate`` and ``revitalize io regionalize`` on the real 2017 tables."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

NATIONAL = "cn_io_nbs/cn_io_2017_42_noncomp.csv"
PROVINCIAL = "cn_io_provincial/cn_prov_io_2017_42.csv"


def test_aggregate_four_groups_json(shared_data, run_cli):
    r = run_cli("io", "aggregate", shared_data / NATIONAL, "--concordance", "four_groups",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    rows = {row["code"]: row for row in doc["table"]}
    assert list(rows) == ["AGR", "IND", "HTI", "SRV"]
    assert rows["HTI"]["name_en"] == "High-tech industry"
    for row in rows.values():  # domestic row balance of the non-competitive table
        uses = row["AGR"] + row["IND"] + row["HTI"] + row["SRV"] + row["final_use"]
        assert uses == pytest.approx(row["output"], rel=1e-9)
    assert sum(row["output"] for row in rows.values()) == pytest.approx(22577335292.36, rel=1e-9)
    meta = doc["meta"]
    assert meta["method"] == "io_aggregate" and meta["sectors_from"] == 42 and meta["sectors_to"] == 4
    assert meta["conventions"]["classification"] == "four_groups"
    assert meta["max_row_gap"] < 1.0 and meta["max_column_gap"] < 1.0


def test_aggregate_custom_file_and_errors(shared_data, run_cli, tmp_path):
    path = tmp_path / "two.csv"
    rows = ["from_code,to_code,to_name_cn,to_name_en"]
    rows += [f"{i:02d},{'G' if i <= 27 else 'S'},货物,Goods" if i <= 27 else
             f"{i:02d},S,服务,Services" for i in range(1, 43)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = run_cli("io", "aggregate", shared_data / NATIONAL, "--concordance", path, "--format", "csv")
    assert r.code == 0, r.err
    table = pd.read_csv(io.StringIO(r.out)).set_index("code")
    assert list(table.index) == ["G", "S"] and table.loc["S", "name_en"] == "Services"
    path.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")  # drop sector 42
    r = run_cli("io", "aggregate", shared_data / NATIONAL, "--concordance", path)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("error: ") and "sectors ['42']" in r.err and "field from_code" in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_regionalize_from_provincial(shared_data, run_cli):
    r = run_cli("io", "regionalize", shared_data / NATIONAL, "--province", "辽宁",
                "--from-provincial", shared_data / PROVINCIAL, "--method", "flq", "--delta", "0.15",
                "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert len(doc["table"]) == 42 and doc["table"][0]["sector"] == "01"
    conv = doc["meta"]["conventions"]
    assert conv["method"] == "flq" and conv["delta"] == 0.15 and conv["diagonal"] == "slq"
    assert doc["meta"]["region"] == "210000"
    mult = [row["output_multiplier"] for row in doc["table"]]
    assert sum(mult) / 42 == pytest.approx(1.520, abs=1e-3)  # cf. the validation table


def test_regionalize_from_output_csv_by_code_and_by_name(shared_data, run_cli, tmp_path):
    from revitalize.data.readers import read_provincial_io

    t = read_provincial_io(shared_data / PROVINCIAL, province="吉林")
    by_code = tmp_path / "by_code.csv"
    pd.DataFrame({"code": t.codes, "output": t.output.to_numpy()}).to_csv(by_code, index=False)
    by_name = tmp_path / "by_name.csv"
    frame = pd.DataFrame({"region": "Jilin", "name_cn": t.sectors["name_cn"].to_numpy(),
                          "output": t.output.to_numpy()})
    pd.concat([frame, frame.assign(region="Liaoning", output=1.0)]).to_csv(by_name, index=False)
    outs = []
    for path in (by_code, by_name):
        r = run_cli("io", "regionalize", shared_data / NATIONAL, "-r", "Jilin",
                    "--regional-output", path, "--method", "aflq", "--format", "csv")
        assert r.code == 0, r.err
        outs.append(pd.read_csv(io.StringIO(r.out), dtype={"sector": str}))
    pd.testing.assert_frame_equal(outs[0], outs[1])
    assert outs[0]["regional_output"].sum() == pytest.approx(t.output.sum())


def test_validate_prints_the_comparison(shared_data, run_cli):
    r = run_cli("io", "regionalize", shared_data / NATIONAL, "--province", "Heilongjiang",
                "--from-provincial", shared_data / PROVINCIAL, "--validate", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert len(doc["table"]) == 2 + 2 * 10
    assert doc["meta"]["best_delta"] == {"aflq": 0.15, "flq": 0.15}
    r = run_cli("io", "regionalize", shared_data / NATIONAL, "-r", "Heilongjiang",
                "--from-provincial", shared_data / PROVINCIAL, "--validate", "--method", "flq",
                "--survey-import-share", "use", "--format", "csv")
    assert r.code == 1 and "['03', '18', '20', '23', '38']" in r.err and "import_share" in r.err


@pytest.mark.parametrize(("extra", "message"), [
    ((), "give exactly one of regional_output and from_provincial"),
    (("--from-provincial", "{P}", "--delta", "1.5"), "field delta: delta=1.5 is outside [0, 1)"),
    (("--from-provincial", "{P}", "--method", "slq", "--delta", "0.2"), "no role in slq"),
    (("--regional-output", "{CSV}", "--validate"), "field validate: validate needs the survey"),
    (("--regional-output", "{BAD}"), "BAD.csv: row [44]: field code: sectors ['99'] are not in"),
    (("--regional-output", "{NEG}"), "NEG.csv: row [43]: field output: output is negative"),
    (("--regional-output", "{TXT}"), "TXT.csv: row [3]: field output: output is negative or not a"),
    (("--from-provincial", "{P}", "--validate", "--survey-import-share", "x"),
     "field survey_import_share: unknown value 'x'"),
])
def test_regionalize_errors_are_one_line(shared_data, run_cli, tmp_path, extra, message):
    files = {"P": shared_data / PROVINCIAL}
    codes = [f"{i:02d}" for i in range(1, 43)]
    for name, code, value in (("CSV", "01", "1"), ("BAD", "99", "1"), ("NEG", "02", "-1"),
                              ("TXT", "02", "n/a")):
        rows = [(c, "5") for c in codes if c != code] + [(code, value)]
        if name == "BAD":
            rows = [(c, "5") for c in codes] + [("99", "1")]
        if name == "TXT":
            rows = [("01", "5"), ("02", "n/a")] + [(c, "5") for c in codes[2:]]
        path = tmp_path / f"{name}.csv"
        path.write_text("code,output\n" + "\n".join(f"{c},{v}" for c, v in rows) + "\n")
        files[name] = path
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in extra]
    r = run_cli("io", "regionalize", shared_data / NATIONAL, "-r", "Jilin", *args)
    assert r.code == 1, r.out
    assert r.err.startswith("error: ") and message in r.err and len(r.err.strip().splitlines()) == 1


def test_usage_errors_exit_2(shared_data, run_cli):
    r = run_cli("io", "regionalize", shared_data / NATIONAL, "--from-provincial",
                shared_data / PROVINCIAL)
    assert r.code == 2  # --region is required
    r = run_cli("io", "regionalize", shared_data / NATIONAL, "-p", "Jilin", "--from-provincial",
                shared_data / PROVINCIAL)
    assert r.code == 2  # -p is not a short flag any more (one meaning per short flag)
    r = run_cli("io", "aggregate")
    assert r.code == 2  # SOURCE is required (the concordance defaults to four_groups)
    r = run_cli("io", "aggregate", shared_data / NATIONAL, "--no-such-option")
    assert r.code == 2
