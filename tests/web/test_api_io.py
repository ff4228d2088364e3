"""``/api/io/linkages`` and ``/api/io/multipliers``: uploads, named datasets, variants, downloads,
and every kind of bad upload."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile

import numpy as np
import openpyxl
import pytest

from revitalize.data.readers import read_nbs_io
from revitalize.data.store import Store
from revitalize.io.linkages import linkages
from revitalize.io.multipliers import leontief_model
from revitalize.web import create_app
from tests.web.conftest import make_client, nbs_csv

NAME = "cn_io_2017_2.csv"


@pytest.fixture()
def private_tmp(tmp_path, monkeypatch):
    """Uploads' temporary directories go under this test's own folder (to see them deleted)."""
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def upload(client, path="/api/io/linkages", body=None, name=NAME, params=None, data=None):
    return client.post(path, params=params or {}, data=data or {},
                       files={"file": (name, nbs_csv() if body is None else body, "text/csv")})


def test_linkages_of_an_upload_match_the_library(client, tmp_path, private_tmp):
    r = upload(client, params={"forward": "ghosh", "influence_weights": "final_demand"})
    assert r.status_code == 200, r.text
    data = r.json()
    (tmp_path / NAME).write_bytes(nbs_csv())
    expected = linkages(leontief_model(read_nbs_io(tmp_path / NAME)), forward="ghosh",
                        influence_weights="final_demand").table
    got = {rec["sector"]: rec for rec in data["table"]}
    for code in ("01", "02"):
        for col in ("influence_coefficient", "sensitivity_coefficient", "output_multiplier"):
            assert got[code][col] == pytest.approx(expected.loc[code, col], rel=1e-12)
        assert got[code]["key_sector_class"] == expected.loc[code, "key_sector_class"]
    conv = data["meta"]["conventions"]
    assert (conv["forward"], conv["influence_weights"], conv["technology"]) == \
        ("ghosh", "final_demand", "published")
    assert data["meta"]["input"]["source"] == NAME and data["meta"]["input"]["origin"] == "upload"
    assert data["meta"]["provenance"][0]["file"] == NAME
    assert list(private_tmp.iterdir()) == []  # the upload was deleted


def test_upload_without_year_in_the_name_records_it_unknown_or_as_given(client):
    r = upload(client, name="my_table.csv")
    assert r.status_code == 200, r.text
    assert r.json()["meta"]["year"] is None  # never invented
    ok = upload(client, name="my_table.csv", data={"year": "2017", "region": "辽宁"})
    assert ok.status_code == 200
    assert (ok.json()["meta"]["region"], ok.json()["meta"]["year"]) == ("210000", 2017)
    bad = upload(client, name="my_table.csv", data={"year": "twenty"})
    assert bad.status_code == 422 and bad.json()["field"] == "year"


def test_multipliers_type_one_and_two(client):
    one = upload(client, "/api/io/multipliers", params={"type": "I"}).json()
    two = upload(client, "/api/io/multipliers").json()
    m1 = {r["sector"]: r["output_multiplier"] for r in one["table"]}
    m2 = {r["sector"]: r["output_multiplier"] for r in two["table"]}
    assert all(m2[k] > m1[k] > 1 for k in m1)  # induced effects add to the type I multiplier
    assert two["meta"]["method"] != "" and two["meta"]["input"]["source"] == NAME


def test_named_dataset_from_the_store(tmp_path):
    path = tmp_path / NAME
    path.write_bytes(nbs_csv())
    Store(tmp_path / "store").import_file(path, name="tiny")
    client = make_client(create_app(tmp_path / "store"))
    r = client.post("/api/io/linkages", json={"dataset": "tiny"})
    assert r.status_code == 200 and r.json()["meta"]["input"]["dataset"] == "tiny"
    assert len(r.json()["table"]) == 2
    wrong = client.post("/api/io/linkages", json={"dataset": "tiny", "province": "Jilin"})
    assert wrong.status_code == 422 and "holds no table of region" in wrong.json()["error"]["message"]
    missing = client.post("/api/io/linkages", json={"region": "Jilin"})
    assert missing.status_code == 422 and missing.json()["field"] == "source"


@pytest.mark.shared_data
def test_named_mirror_dataset_picks_the_province(mirror_client):
    r = mirror_client.post("/api/io/linkages", json={"dataset": "cn_prov_io_2017_42",
                                                     "province": "辽宁省"})
    assert r.status_code == 200
    data = r.json()
    assert data["meta"]["region"] == "210000" and len(data["table"]) == 42
    assert np.mean([x["influence_coefficient"] for x in data["table"]]) == pytest.approx(1.0)
    several = mirror_client.post("/api/io/linkages", json={"dataset": "cn_prov_io_2017_42"})
    assert several.status_code == 422 and several.json()["field"] == "region"
    panel = mirror_client.post("/api/io/linkages", json={"dataset": "cn_prov_energy_panel"})
    assert panel.status_code == 422 and "not an input-output table" in panel.json()["error"]["message"]


def test_downloads_csv_and_xlsx(client):
    csv = upload(client, params={"format": "csv"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.headers["content-disposition"] == 'attachment; filename="linkages.csv"'
    assert csv.text.splitlines()[0].startswith("sector,name")
    xlsx = upload(client, "/api/io/multipliers", params={"format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["multipliers", "multipliers_meta"]
    assert book["multipliers"]["A2"].value == "01"


def test_formula_cells_come_back_escaped_never_evaluated(client):
    body = nbs_csv("=cmd()")
    data = upload(client, body=body).json()
    assert data["table"][0]["name"] == "=cmd()"  # JSON carries the text as it was
    csv = upload(client, body=body, params={"format": "csv"}).text
    assert "'=cmd()" in csv and ",=cmd()" not in csv
    xlsx = upload(client, body=body, params={"format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["linkages"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "cmd" in str(c.value)]
    assert [c.value for c in cells] == ["'=cmd()"] and cells[0].data_type == "s"


# ---------------------------------------------------------------------------- bad uploads
@pytest.mark.parametrize("body, name, words", [
    (b"alpha,beta\n1,2\n", NAME, "matches no layout"),                       # wrong layout
    (b"", NAME, "empty"),                                                      # empty file
    ("Code,Description\n01,农业\n".encode("utf-16"), NAME, "UTF-16"),        # UTF-16
    (b"Code,Description,GO\n01,caf\xe9 \xff\xfe,1\n", NAME, "not UTF-8"),      # Latin-1 bytes
    (b"\x00\x01\x02binary" * 10, NAME, "binary"),                             # binary
    (b"PK\x03\x04 not really a zip", "table.xlsx", "corrupt"),                 # broken xlsx
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 broken", "table.xls", "cannot read"),  # broken xls
])
def test_bad_uploads_are_422_naming_the_file(client, private_tmp, body, name, words):
    r = upload(client, body=body, name=name)
    assert r.status_code == 422, r.text
    err = r.json()
    assert words in err["error"]["message"] and err["field"] is not None
    assert name.split(".")[0] in err["error"]["message"] and str(private_tmp) not in err["error"]["message"]
    assert list(private_tmp.iterdir()) == []


def test_gbk_nbs_tables_are_read_with_a_note(client):
    r = upload(client, body=nbs_csv().decode("utf-8").encode("gbk"))
    assert r.status_code == 200, r.text
    notes = " ".join(r.json()["meta"]["provenance"][0]["notes"])
    assert "GB" in notes  # the encoding is said, not guessed silently


def test_a_panel_upload_is_not_an_io_table(client):
    r = upload(client, body=b"region,year,indicator,value\n210000,2020,gdp,1\n", name="p.csv")
    assert r.status_code == 422 and "panel" in r.json()["error"]["message"]


def test_oversized_uploads_are_413(client):
    big = nbs_csv() + b"#" * (64 * 1024)
    r = upload(client, body=big)
    assert r.status_code == 413 and r.json()["field"] == "file"
    huge = b"x" * (200 * 1024)  # over the body limit: refused before parsing
    r = upload(client, body=huge)
    assert r.status_code == 413 and r.json()["field"] == "body"
    r = client.post("/api/io/linkages", content=b"{" + b" " * (200 * 1024) + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_zip_bomb_workbooks_are_413(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (64 * 1024 * 11))
    assert len(buf.getvalue()) < 64 * 1024
    r = upload(client, body=buf.getvalue(), name="bomb.xlsx")
    assert r.status_code == 413 and "expands" in r.json()["error"]["message"]


def test_request_shapes(client):
    assert client.post("/api/io/linkages", content=b"x",
                       headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/api/io/linkages").status_code == 415
    empty = client.post("/api/io/linkages", content=b" ",
                        headers={"content-type": "application/json"})
    assert empty.status_code == 422 and empty.json()["field"] == "body"
    broken = client.post("/api/io/linkages", content=b"{not json",
                         headers={"content-type": "application/json"})
    assert broken.status_code == 422 and "JSON" in broken.json()["error"]["message"]
    not_object = client.post("/api/io/linkages", json=[1, 2])
    assert not_object.status_code == 422
    no_file = client.post("/api/io/linkages", data={"year": "2017"},
                          files={"other": ("x.csv", b"a")})
    assert no_file.status_code == 422 and no_file.json()["field"] == "other"
    only_fields = client.post("/api/io/linkages", data={"year": "2017"},
                              headers={"content-type": "multipart/form-data; boundary=x"})
    assert only_fields.status_code in (400, 422)


def test_every_variant_is_recorded(client):
    params = {"technology": "domestic", "import_share": "supply", "zero_output": "zero",
              "sensitivity_weights": "value_added"}
    conv = upload(client, params=params).json()["meta"]["conventions"]
    assert {k: conv[k] for k in params} == params
    total = upload(client, params={"technology": "total"}).json()["meta"]["conventions"]
    assert total["technology"] == "total" and total["import_share"] is None  # not applicable
    bad = upload(client, params={"technology": "imported"})
    assert bad.status_code == 422 and bad.json()["field"] == "technology"


def test_temp_files_are_private_and_removed(client, private_tmp, monkeypatch):
    seen = {}
    import revitalize.data.readers as readers

    original = readers.read_any

    def spy(path, **kw):
        seen["dir_mode"] = os.stat(path.parent).st_mode & 0o777
        seen["file_mode"] = os.stat(path).st_mode & 0o777
        seen["path"] = path
        return original(path, **kw)

    monkeypatch.setattr(readers, "read_any", spy)
    assert upload(client).status_code == 200
    assert (seen["dir_mode"], seen["file_mode"]) == (0o700, 0o600)
    assert seen["path"].name == NAME and not seen["path"].exists()
    assert list(private_tmp.iterdir()) == []


def test_hostile_file_names_are_sanitised(client, private_tmp):
    r = upload(client, name="../../etc/cn_io_2017_2.csv")
    assert r.status_code == 200 and r.json()["meta"]["input"]["source"] == NAME
    r = upload(client, name="..\\..\\cn_io 2017 $(rm -rf).csv")
    assert r.json()["meta"]["input"]["source"] == "cn_io_2017_rm_-rf_.csv"
