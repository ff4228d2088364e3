"""Number formatting by quantity kind and the category palettes (revitalize.present)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InputError
from revitalize.present import (
    KINDS,
    MISSING,
    PALETTES,
    colour,
    excel_format,
    format_number,
)


@pytest.mark.parametrize(("value", "kind", "expected"), [
    (11249030.7, "money", "11,249,031"),
    (85.70, "money", "85.7"),
    (0.884992, "coefficient", "0.885"),
    (14.215, "coefficient", "14.215"),
    (4.67123, "percent", "4.67"),
    (0.6888, "probability", "0.69"),
    (1234567, "count", "1,234,567"),
    (16, "rank", "16"),
    (2017, "year", "2017"),
    (-0.0001, "coefficient", "-0.0001"),
    (-0.0, "percent", "0.00"),
])
def test_each_kind_has_one_rule(value, kind, expected):
    assert format_number(value, kind) == expected


def test_missing_values_are_visible_and_never_scientific():
    assert format_number(None) == MISSING and format_number(math.nan, "money") == MISSING
    assert "e" not in format_number(1.125e7, "money")
    assert format_number(4.6, "percent", unit=True) == "4.60%"


def test_unknown_kind_and_palette_are_refused():
    with pytest.raises(InputError, match="quantity kind"):
        format_number(1.0, "weight")
    with pytest.raises(InputError, match="palette"):
        colour("sector", "01")


def test_excel_formats_match_the_text_rule():
    assert excel_format("money") == "#,##0"
    assert excel_format("coefficient") == "#,##0.000"
    assert excel_format("percent") == "0.00"
    assert excel_format("year") == "0" and excel_format("rank") == "0"


def test_palettes_give_distinct_stable_colours():
    for name, palette in PALETTES.items():
        if name != "model":
            assert len(set(palette.values())) == len(palette) - (name == "province")  # NE = NE4
    prov = PALETTES["province"]
    assert len([c for c in prov if c.endswith("0000") and c != "000000"]) == 31
    assert colour("province", "210000") == colour("province", 210000)
    assert colour("model", "holt_winters") == colour("model", "holt_winters")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
       st.sampled_from(KINDS))
def test_formatted_text_reads_back_close_to_the_value(v, kind):
    text = format_number(v, kind)
    back = float(text.replace(",", ""))
    tol = {"money": 0.5 if abs(v) >= 1000 else 0.05, "coefficient": 5e-4, "percent": 5e-3,
           "probability": 5e-3}.get(kind, 0.5)
    assert abs(back - v) <= tol + 1e-9 * abs(v)


def test_terminal_table_wraps_names_not_numbers_at_80_columns():
    """cli/output: numbers formatted by kind (influence 3 decimals, money with separators),
    each number whole on one line of an 80-column terminal; long names wrap."""
    import pandas as pd
    from rich.console import Console

    from revitalize.cli.output import _print_table, format_cell

    frame = pd.DataFrame({
        "sector": ["01", "02"],
        "name": ["Agriculture, forestry, animal husbandry and fishery",
                 "Mining and washing of coal"],
        "influence_coefficient": [0.884992, 0.597331], "output": [11249030.7, 1377375.0],
        "market_share_pct": [3.906159, 4.563266], "weight": [0.15721684322233, 0.017996],
        "key_sector_class": ["forward_oriented", "weak"]})
    console = Console(width=80, record=True, soft_wrap=False)
    _print_table(frame, None, 10, out=console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    for number in ("0.885", "0.597", "11,249,031", "1,377,375", "3.91", "4.56", "0.157"):
        assert number in text, number
    assert "Agriculture," in text and "fishery" in text
    assert format_cell(1.125e7) == "11,250,000" and "e" not in format_cell(1e-7)
    assert format_cell(2.5, "percent") == "2.50"


def test_wide_table_splits_into_column_blocks_that_fit_80_columns():
    """cli/output: a table wider than the terminal is printed in column blocks (pandas' way),
    each repeating the row code; every column appears once (besides the code), every number
    whole, no line over 80 cells (CJK names count two cells)."""
    import pandas as pd
    from rich.cells import cell_len
    from rich.console import Console

    from revitalize.cli.output import _NAME_WIDTH, _rich_table, column_blocks

    frame = pd.DataFrame({"sector": ["01", "02"],
                          "name": ["Agriculture", "Crude petroleum and natural gas extraction"],
                          "name_cn": ["农业", "石油和天然气开采业"],
                          **{f"measure_{i}_coefficient": [1.0 + i / 7, 2.0 - i / 9]
                             for i in range(8)},
                          "key_sector_class": ["forward_oriented", "weak"]})
    blocks = column_blocks(frame, 80)
    assert len(blocks) > 1 and blocks[0][:3] == ["sector", "name", "name_cn"]
    assert all(b[0] == "sector" for b in blocks)
    assert sorted(c for b in blocks for c in b[1:]) == sorted(frame.columns[1:])
    console = Console(width=80, record=True, soft_wrap=False)
    for block in blocks:
        console.print(_rich_table(frame[block], None, 10, _NAME_WIDTH))
    text = console.export_text()
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    for i in range(8):
        assert f"{1.0 + i / 7:.3f}" in text and f"{2.0 - i / 9:.3f}" in text
    assert column_blocks(frame, 400) == [list(frame.columns)]
