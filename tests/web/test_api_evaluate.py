"""``/api/evaluate/ahp`` and ``/api/evaluate/topsis``."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from revitalize.evaluate.ahp import ahp as library_ahp
from revitalize.evaluate.ahp_io import load_judgments, write_questionnaire
from revitalize.evaluate.topsis import topsis as library_topsis
from tests.web.conftest import JUDGMENTS_YAML

MATRIX = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
CSV = b"alternative,gdp,co2,extra\n=cmd(),3,4,0\nB,5,1,0\nC,2,2,0\n"


def ahp_upload(client, body=JUDGMENTS_YAML, name="judgments.yaml", params=None):
    return client.post("/api/evaluate/ahp", params=params or {}, files={"file": (name, body)})


def ahp_document(client, doc, params=None):
    """A judgments document sent as a JSON upload (the body's fields are the request's)."""
    return ahp_upload(client, body=json.dumps(doc).encode(), name="judgments.json",
                      params=params)


def test_ahp_yaml_upload_matches_the_library(client):
    data = ahp_upload(client).json()
    expected = library_ahp(MATRIX, ["economy", "society", "environment"]).table["weight"]
    got = {r["criterion"]: r["weight"] for r in data["table"]}
    assert got == pytest.approx(expected.to_dict(), rel=1e-9)
    assert data["meta"]["cr"] == pytest.approx(0.0032, abs=1e-4)
    assert data["meta"]["warnings"] == []
    assert data["meta"]["input"]["source"] == "judgments.yaml"
    assert data["meta"]["input"]["origin"] == "upload"


def test_ahp_json_body_and_methods(client):
    doc = {"criteria": ["a", "b"], "matrix": [[1, 4], [None, 1]]}
    for method in ("eigenvector", "geometric", "arithmetic"):
        r = ahp_document(client, doc, params={"method": method})
        assert r.status_code == 200
        assert [x["weight"] for x in r.json()["table"]] == pytest.approx([0.8, 0.2])
        assert r.json()["meta"]["conventions"]["method"] == method


def test_ahp_inconsistent_judgments_warn_in_meta(client):
    doc = {"criteria": ["a", "b", "c"], "matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]}
    data = ahp_document(client, doc).json()
    assert data["meta"]["cr"] > 0.1 and any("CR" in w["message"] for w in data["meta"]["warnings"])


def test_ahp_excel_questionnaire_upload(client, tmp_path):
    src = tmp_path / "j.yaml"
    src.write_bytes(JUDGMENTS_YAML)
    book = write_questionnaire(tmp_path / "q.xlsx", load_judgments(src)[0], expert="Li")
    r = ahp_upload(client, body=book.read_bytes(), name="q.xlsx")
    assert r.status_code == 200, r.text
    from_yaml = ahp_upload(client).json()["table"]
    assert [x["weight"] for x in r.json()["table"]] == pytest.approx(
        [x["weight"] for x in from_yaml], rel=1e-9)


def test_ahp_hierarchy(client):
    doc = {"goal": "revival", "matrix": [[1, 2], [None, 1]],
           "children": [{"name": "economy", "matrix": [[1, 3], [None, 1]],
                         "children": ["industry", "finance"]}, "society"]}
    data = ahp_document(client, doc).json()
    leaves = {r["criterion"]: r["weight"] for r in data["table"] if r["leaf"]}
    assert sum(leaves.values()) == pytest.approx(1.0)
    assert leaves["industry"] == pytest.approx(2 / 3 * 3 / 4)


@pytest.mark.parametrize("body, name, words", [
    (b"criteria: [a, b\nmatrix: [[1", "j.yaml", "cannot parse"),
    (b"criteria: [a, b]\nmatrix: [[1, 2], [1/2, 1]]\n".decode().encode("utf-16"), "j.yaml",
     "not UTF-8"),
    (b"criteria: [a, b]\nmatrix: [[1, 2], [0.9, 1]]\n", "j.yaml", "reciproc"),
    (b"criteria: [a, b]\nmatrix: [[1, x], [1, 1]]\n", "j.yaml", "'x'"),
    (b"[1, 2, 3]", "j.json", "list"),
    (b"PK\x03\x04broken", "q.xlsx", "corrupt"),
])
def test_ahp_bad_uploads(client, body, name, words):
    r = ahp_upload(client, body=body, name=name)
    assert r.status_code == 422, r.text
    assert words in r.json()["error"]["message"] and "/tmp" not in r.json()["error"]["message"]


def test_ahp_yaml_is_never_executed(client, tmp_path):
    marker = tmp_path / "pwned"
    body = f'!!python/object/apply:os.system ["touch {marker}"]\n'.encode()
    r = ahp_upload(client, body=body)
    assert r.status_code == 422 and not marker.exists()


def test_ahp_without_judgments(client):
    r = client.post("/api/evaluate/ahp", json=[1, 2])
    assert r.status_code == 422 and r.json()["field"] == "body"
    r = client.post("/api/evaluate/ahp", json={})
    assert r.status_code == 422 and r.json()["field"] == "source"


# ---------------------------------------------------------------------------- TOPSIS
def topsis_upload(client, body=CSV, criteria="gdp:+:0.5,co2:-:0.5", params=None):
    return client.post("/api/evaluate/topsis", params=params or {},
                       files={"file": ("m.csv", body)}, data={"criteria": criteria})


def test_topsis_upload_matches_the_library(client):
    data = topsis_upload(client).json()
    import pandas as pd

    X = pd.DataFrame({"gdp": [3, 5, 2], "co2": [4, 1, 2]}, index=["=cmd()", "B", "C"])
    expected = library_topsis(X, [0.5, 0.5], ["benefit", "cost"]).table
    got = {r["alternative"]: r for r in data["table"]}
    for alt in X.index:
        assert got[alt]["closeness"] == pytest.approx(expected.loc[alt, "closeness"], rel=1e-12)
        assert got[alt]["rank"] == expected.loc[alt, "rank"]
    assert any("extra" in w["message"] for w in data["meta"]["warnings"])  # unused column


def test_topsis_json_criteria_records_and_weighting(client):
    criteria = json.dumps([{"name": "gdp", "direction": "benefit"},
                           {"name": "co2", "direction": "cost"}])
    for weighting in ("entropy", "critic", "equal"):
        r = topsis_upload(client, criteria=criteria, params={"weighting": weighting})
        assert r.status_code == 200 and r.json()["meta"]["weighting"] == weighting
    r = topsis_upload(client, body=b"alternative,gdp,co2\nA,1,2\nB,2,1\n",
                      criteria="gdp:+:1,co2:-:1", params={"normalisation": "minmax"})
    assert r.status_code == 200
    assert [x["rank"] for x in r.json()["table"]] == [2, 1]
    assert r.json()["meta"]["conventions"]["normalisation"] == "minmax"


@pytest.mark.parametrize("criteria, params, field, words", [
    ("gdp:+,co2:-", {}, "criteria", "no weights"),
    ("gdp:+:0.5,co2:-", {}, "criteria", "some criteria"),
    ("gdp:up:1", {}, None, "gdp"),
    ("gdp", {}, "criteria", "name:direction"),
    ("gdp:+:1,gdp:-:1", {}, "criteria", "repeat"),
    ("gdp:+:1,steel:-:1", {}, "criteria", "steel"),
    ('[{"name": "gdp"}]', {}, "criteria.direction", "lacks name or direction"),
    ("[broken", {}, "criteria", "JSON"),
])
def test_topsis_bad_criteria(client, criteria, params, field, words):
    r = topsis_upload(client, criteria=criteria, params=params)
    assert r.status_code == 422, r.text
    assert words in r.json()["error"]["message"]
    if field:
        assert r.json()["field"].startswith(field)


@pytest.mark.parametrize("body, words", [
    (b"alternative,gdp,co2\nA,3,x\nB,5,1\n", "non-numeric"),
    (b"alternative,gdp,co2\nA,3,4\n", "1 alternative"),
    (b"alternative,gdp,co2\nA,3,4\nA,5,1\n", "duplicate"),
    ("alternative,gdp,co2\nÄ,3,4\nB,5,1\n".encode("latin-1"), "not UTF-8"),
    (b"", "CSV"),
])
def test_topsis_bad_matrices(client, body, words):
    r = topsis_upload(client, body=body, criteria="gdp:+:1,co2:-:1")
    assert r.status_code == 422, r.text
    assert words in r.json()["error"]["message"]


def test_topsis_formula_cells_escaped_in_csv_and_excel(client):
    csv = topsis_upload(client, params={"format": "csv"}).text
    assert csv.splitlines()[1].startswith("'=cmd(),") and "\n=cmd()" not in csv
    xlsx = topsis_upload(client, params={"format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["topsis"]
    assert sheet["A2"].value == "'=cmd()" and sheet["A2"].data_type == "s"
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
