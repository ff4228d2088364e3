"""``--encoding`` of CSV output (issue 15: CSV without a BOM shows mojibake in Excel on Chinese
Windows): utf-8 (default, no BOM), utf-8-sig (BOM) and gb18030, on every generated command."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from revitalize.cli.output import CsvEncoding, emit
from revitalize.errors import InputError
from revitalize.results import Result, build_meta

BOM = b"\xef\xbb\xbf"
NAMES = ["农林牧渔产品和服务", "煤炭采选产品", "石油和天然气开采产品"]


def _result() -> Result:
    table = pd.DataFrame({"name_cn": NAMES, "value": [1.5, 2.0, 3.25]},
                         index=pd.Index(["01", "02", "03"], name="sector"))
    return Result(table=table, meta=build_meta("demo"))


@pytest.mark.parametrize("encoding", list(CsvEncoding))
def test_emit_writes_the_bytes_of_the_encoding_asked(tmp_path, encoding):
    out = tmp_path / "t.csv"
    emit(_result(), "csv", out, encoding=encoding)
    data = out.read_bytes()
    assert data.startswith(BOM) == (encoding is CsvEncoding.utf8_sig)
    back = pd.read_csv(io.BytesIO(data), encoding=encoding.value, dtype={"sector": str})
    assert back["name_cn"].tolist() == NAMES and back["sector"].tolist() == ["01", "02", "03"]


def test_gb18030_is_not_utf8_and_round_trips(tmp_path):
    out = tmp_path / "t.csv"
    emit(_result(), "csv", out, encoding="gb18030")
    data = out.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert NAMES[0].encode("gb18030") in data


def test_csv_to_standard_output_carries_the_bom(capsysbinary):
    emit(_result(), "csv", None, encoding="utf-8-sig")
    assert capsysbinary.readouterr().out.startswith(BOM + b"sector,name_cn,value")


def test_encoding_with_json_or_an_unknown_encoding_is_refused(tmp_path):
    with pytest.raises(InputError, match="--format csv"):
        emit(_result(), "json", tmp_path / "t.json", encoding="utf-8-sig")
    with pytest.raises(InputError, match="one of utf-8, utf-8-sig, gb18030"):
        emit(_result(), "csv", tmp_path / "t.csv", encoding="latin-1")


def test_generated_command_takes_encoding_on_real_data(tmp_path, run_cli):
    """A generated command (io linkages on the bundled 2017 provincial table): the BOM file
    and the GB18030 file hold the same Chinese sector names as the UTF-8 default."""
    files = {}
    for enc in ("utf-8", "utf-8-sig", "gb18030"):
        files[enc] = tmp_path / f"{enc}.csv"
        r = run_cli("io", "linkages", "prov_io_2017", "--region", "Liaoning", "--format", "csv",
                    "--encoding", enc, "--output", files[enc])
        assert r.code == 0, r.err
    assert files["utf-8-sig"].read_bytes().startswith(BOM)
    assert not files["utf-8"].read_bytes().startswith(BOM)
    plain = pd.read_csv(files["utf-8"], dtype=str)
    assert plain["name_cn"].str.contains("煤炭").any()
    for enc in ("utf-8-sig", "gb18030"):
        pd.testing.assert_frame_equal(pd.read_csv(files[enc], encoding=enc, dtype=str), plain)


def test_encoding_is_documented_and_checked_before_the_work(run_cli):
    r = run_cli("io", "linkages", "--help")
    assert "--encoding" in r.out and "utf-8-sig" in r.out and "Excel" in r.out
    r = run_cli("io", "linkages", "prov_io_2017", "--region", "Liaoning", "--format", "json",
                "--encoding", "gb18030")
    assert r.code != 0 and "--encoding" in r.err and r.out == ""


def test_report_csv_takes_the_same_option(tmp_path, run_cli, monkeypatch):
    """``revitalize report --format csv`` writes through the same emitter (the report build
    itself, ~40 s, is replaced by a stub: only the door is under test here)."""
    import revitalize.cli.report as report_cmd

    class Stub:
        failed = ()

        def to_result(self):
            return _result()

    monkeypatch.setattr(report_cmd, "_build", lambda *args, **kw: Stub())
    out = tmp_path / "report.csv"
    r = run_cli("report", "--region", "jilin", "--format", "csv", "--encoding", "utf-8-sig",
                "--output", out)
    assert r.code == 0, r.err
    assert out.read_bytes().startswith(BOM + b"sector,name_cn")
    r = run_cli("report", "--format", "html", "--encoding", "gb18030")
    assert r.code != 0 and "--encoding" in r.err
    assert "--encoding" in run_cli("report", "--help").out
