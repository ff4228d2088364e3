"""Tests of :func:`revitalize.tasks.check.check_directory` and ``revitalize data check``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from revitalize.tasks.check import check_directory

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "user_table_3sectors.csv"


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "tables"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "mine.csv")
    (d / "._mine.csv").write_bytes(b"\x00\x05\x16\x07 resource fork")
    (d / "broken.csv").write_text("Code,Description,GO\n01,x,1\n")
    (d / "notes.txt").write_text("not a table")
    return d


def test_one_row_per_table_and_failures_named(folder):
    with pytest.warns(Warning, match=r"skipped 2 file\(s\): \._mine.csv \(macOS resource-fork"):
        res = check_directory(folder)
    t = res.table.set_index("file")
    assert t.loc["mine.csv", "status"] == "ok" and bool(t.loc["mine.csv", "linkages_run"])
    assert t.loc["mine.csv", "region"] == "210000" and t.loc["mine.csv", "sectors"] == 3
    assert t.loc["mine.csv", "worst_row_gap_rel"] == 0
    assert t.loc["broken.csv", "status"] == "read fails"
    assert "broken.csv" in t.loc["broken.csv", "error"]
    assert len(res.failed) == 1 and "._mine.csv (macOS resource-fork file)" in res.meta["skipped"]


def test_cli_exit_status_and_json(folder, run_cli, tmp_path):
    out = tmp_path / "check.json"
    r = run_cli("data", "check", folder, "--format", "json", "--output", out)
    assert r.code == 1
    doc = json.loads(out.read_text())
    assert {row["file"] for row in doc["table"]} == {"mine.csv", "broken.csv"}
    (folder / "broken.csv").unlink()
    assert run_cli("data", "check", folder, "--format", "csv").code == 0
