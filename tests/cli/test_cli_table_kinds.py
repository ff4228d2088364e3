"""CLI terminal tables (issue 15): every numeric column a task produces is formatted by its
quantity kind (revitalize.present, through the report catalogue), region codes get their names
beside them, and the JSON output keeps the table as computed."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from rich.cells import cell_len
from rich.console import Console

from revitalize.cli import main
from revitalize.cli import output as cli_output
from revitalize.cli.output import emit, with_region_names
from revitalize.results import Result


@pytest.fixture()
def terminal(monkeypatch):
    """An 80-column terminal that the CLI's tables print to; returns a reader of its text."""
    buffer = io.StringIO()
    console = Console(width=80, file=buffer, soft_wrap=False, color_system=None)
    monkeypatch.setattr(cli_output, "console", console)
    return buffer.getvalue


def tables(text: str) -> list[dict[str, list[str]]]:
    """The column blocks of a printed rich table as {header: [cells]} (folded headers joined)."""
    out: list[dict[str, list[str]]] = []
    header: list[list[str]] = []
    rows: list[list[str]] = []

    def close() -> None:
        if header:
            names = ["".join(parts) for parts in zip(*header)]
            out.append({n: [r[i] for r in rows] for i, n in enumerate(names)})

    for line in text.splitlines():
        if line.startswith("┏"):
            close()
            header, rows = [], []
        elif line.startswith("┃"):
            header.append([c.strip() for c in line.strip("┃").split("┃")])
        elif line.startswith("│"):
            rows.append([c.strip() for c in line.strip("│").split("│")])
    close()
    return out


def column(text: str, name: str) -> list[str]:
    for block in tables(text):
        if name in block:
            return block[name]
    raise AssertionError(f"no column {name!r} in\n{text}")


def decimals(cell: str) -> int:
    assert re.fullmatch(r"-?[\d,]+(\.\d+)?", cell), cell
    return len(cell.split(".")[1]) if "." in cell else 0


def test_malmquist_components_share_the_decimals_of_tfpch(terminal):
    assert main(["efficiency", "malmquist"]) == 0
    text = terminal()
    tfpch = {decimals(c) for c in column(text, "tfpch")}
    assert tfpch == {3}
    for name in ("effch", "techch", "pech", "sech", "tfpch_cumulative", "pech_cumulative",
                 "sech_cumulative"):
        assert {decimals(c) for c in column(text, name)} == tfpch, name
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "Liaoning" in column(text, "name") and "Heilongjiang" in column(text, "name")


def test_region_codes_get_province_names_in_the_table_only(terminal, capsys):
    args = ["indicators", "rd-gap", "--years", "2015-2016"]
    assert main(args) == 0
    text = terminal()
    regions, names = column(text, "region"), column(text, "name")
    assert set(zip(regions, names)) >= {("210000", "Liaoning"), ("220000", "Jilin"),
                                        ("230000", "Heilongjiang")}
    assert {decimals(c) for c in column(text, "rd_intensity")} == {2}  # percent
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["table"] and all("name" not in rec for rec in doc["table"])
    assert {rec["region"] for rec in doc["table"]} >= {"210000", "220000", "230000"}
    assert main([*args, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split(",")[:2] == ["region", "year"]


def test_with_region_names_rules():
    from revitalize.model.regions import REGIONS

    frame = pd.DataFrame({"region": ["210000", "NE", "000000"], "x": [1.0, 2.0, 3.0]})
    named = with_region_names(frame)
    assert list(named.columns) == ["region", "name", "x"]
    assert named["name"].tolist() == [REGIONS[c].name_en for c in frame["region"]]
    assert named["name"].tolist()[0] == "Liaoning"
    assert list(frame.columns) == ["region", "x"]  # the input is not changed
    # a column already naming the regions (any spelling of the registry): nothing added
    for spelling in ("name_en", "name_cn", "full_cn"):
        given = frame.assign(label=[getattr(REGIONS[c], spelling) or REGIONS[c].name_cn
                                    for c in frame["region"]])
        if all(given["label"]):
            assert list(with_region_names(given).columns) == list(given.columns), spelling
    # a value that is no region code (nor an IO aggregate's label), city codes: nothing added
    assert "name" not in with_region_names(frame.assign(region=["210000", "others", "NE"]))
    assert "name" not in with_region_names(frame.assign(region=["231200", "230200", "x"]))
    # a frame with another name column (a sector's): the header says whose name it is
    sectors = pd.DataFrame({"region": ["210000", "220000"], "sector": ["01", "02"],
                            "name": ["Agriculture", "Coal"], "v": [1.0, 2.0]})
    assert list(with_region_names(sectors).columns) == ["region", "region_name", "sector",
                                                        "name", "v"]
    # a named index reset into a column, and two code columns
    idx = pd.DataFrame({"treated": ["220000"], "gap": [1.0]})
    assert list(with_region_names(idx, ("treated",)).columns) == ["treated", "name", "gap"]
    assert list(with_region_names(idx).columns) == ["treated", "gap"]
    pair = pd.DataFrame({"region_a": ["210000"], "region_b": ["220000"], "similarity": [0.9]})
    assert list(with_region_names(pair).columns) == ["region_a", "region_a_name", "region_b",
                                                     "region_b_name", "similarity"]


def test_task_specific_kinds_and_one_record_view(terminal):
    """Short names mean different things in different tasks (the table name ``task:<analysis>``
    chooses); a one-record table printed as field/value keeps the kinds too."""
    from revitalize.report.i18n import column_kind

    assert column_kind("S", "task:evaluate.vikor") == "coefficient"
    assert column_kind("period", "task:forecast.run") == "year"
    assert column_kind("period") is None  # the report's text column
    record = pd.DataFrame({"dmu": ["210000"], "pech": [1.0234567], "sech": [0.9876543],
                           "tfpch": [1.01], "effch": [1.02], "techch": [0.99],
                           "population_10k": [4352.0], "loss_pct": [3.14159]})
    emit(Result(table=record, meta={"analysis": "efficiency.malmquist"}), "table")
    text = terminal()
    field, value = column(text, "field"), column(text, "value")
    got = dict(zip(field, value))
    assert got["name"] == "Liaoning"
    assert got["pech"] == "1.023" and got["sech"] == "0.988" and got["tfpch"] == "1.010"
    assert got["population_10k"] == "4,352" and got["loss_pct"] == "3.14"


def test_catalogue_entries_are_well_formed():
    """Every column the CLI catalogue adds names a known kind and unit, in both languages."""
    from revitalize.present import KINDS
    from revitalize.report.catalogue import columns_cli
    from revitalize.report.i18n import UNITS

    specs = [*columns_cli.COLUMNS.values(), *columns_cli.TABLE_COLUMNS.values()]
    assert len(specs) > 150
    for en, zh, kind, unit in specs:
        assert en and any(ord(ch) > 127 for ch in zh), (en, zh)
        assert kind in KINDS, (en, kind)
        assert unit is None or unit in UNITS, (en, unit)
    for (table, _), _spec in columns_cli.TABLE_COLUMNS.items():
        assert table.startswith("task:")


def test_io_aggregate_rows_keep_the_region_names(terminal):
    """io spillovers has a row 'rest' (the provinces outside the Northeast): its provinces got
    no names because 'rest' is no region code. The IO family's aggregate labels are allowed:
    codes get the registry's name, 'rest' the catalogue's ('rest of China')."""
    frame = pd.DataFrame({"region": ["210000", "220000", "230000", "rest"],
                          "output_retained_share": [0.51, 0.29, 0.32, 0.95]})
    named = with_region_names(frame)
    assert list(named.columns) == ["region", "name", "output_retained_share"]
    assert named["name"].tolist() == ["Liaoning", "Jilin", "Heilongjiang", "rest of China"]
    two = with_region_names(pd.DataFrame({"region": ["NE", "rest"], "v": [1.0, 2.0]}))
    assert two["name"].tolist() == ["Northeast", "rest of China"]
    # a label alone is no column of codes; a column already naming them is kept
    assert "name" not in with_region_names(pd.DataFrame({"region": ["rest"], "v": [1.0]}))
    given = frame.assign(label=["Liaoning", "Jilin", "Heilongjiang", "rest of China"])
    assert list(with_region_names(given).columns) == list(given.columns)
    # through the CLI: the terminal table of io spillovers names every row
    assert main(["io", "spillovers"]) == 0
    text = terminal()
    assert column(text, "name") == ["Liaoning", "Jilin", "Heilongjiang", "rest of China"]
