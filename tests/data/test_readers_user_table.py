"""A user's own table in the documented NBS CSV layout (issue 12): no year in the file name,
string sector codes, facts from the file or the caller or unknown; line endings and encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from revitalize.data.readers import read_io
from revitalize.data.readers.nbs import read_nbs_io
from revitalize.errors import InputError, LayoutError
from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "user_table_3sectors.csv"


def test_example_reads_and_linkages_run():
    t = read_io(EXAMPLE)
    assert t.codes == ["AGR", "MFG", "SRV"]
    assert (t.region, t.year, t.unit, t.classification) == ("210000", None, "10^4 CNY", "unknown")
    assert "NBS" not in t.provenance.source
    res = linkages(leontief_model(t, technology="total"))
    assert list(res.table.index) == ["AGR", "MFG", "SRV"]


def test_year_from_the_caller_and_contradictions(tmp_path):
    assert read_io(EXAMPLE, year=2020).year == 2020
    with pytest.raises(InputError, match="region='220000' but the file states '210000'"):
        read_nbs_io(EXAMPLE, region="Jilin")
    body = "\n".join(line for line in EXAMPLE.read_text().splitlines()
                     if not line.startswith("#"))
    bare = tmp_path / "table.csv"
    bare.write_text(body + "\n")
    t = read_io(bare, unit="亿元")
    assert (t.region, t.year, t.unit) == (None, None, "10^8 CNY")
    assert read_io(bare).unit == "unknown"


@pytest.mark.parametrize("newline", ["\r", "\r\n", "mixed"])
def test_line_endings(tmp_path, newline):
    lines = EXAMPLE.read_text().splitlines()
    text = ("".join(line + ("\r" if i % 2 else "\n") for i, line in enumerate(lines))
            if newline == "mixed" else newline.join(lines) + newline)
    path = tmp_path / "mac.csv"
    path.write_bytes(text.encode("utf-8"))
    assert read_io(path).codes == ["AGR", "MFG", "SRV"]


def test_gbk_is_read_with_a_note_and_bad_bytes_name_the_file(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(EXAMPLE.read_text().encode("gbk"))
    t = read_io(path)
    assert t.sectors.loc["MFG", "name_cn"] == "制造业"
    assert any("GBK" in n for n in t.notes)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Code,Description,GO\n\x81\xff\xfe\x80,x,1\n")
    with pytest.raises(LayoutError, match="bad.csv"):
        read_io(bad)


def test_duplicate_sector_names_are_named(tmp_path):
    text = EXAMPLE.read_text().replace("SRV,Services,服务业", "SRV,Services,制造业")
    path = tmp_path / "dup.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=r"duplicate sector names in name_cn: '制造业' "
                                         r"\(codes \['MFG', 'SRV'\]\)"):
        read_io(path)
