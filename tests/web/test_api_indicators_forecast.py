"""``/api/indicators/share`` and ``/api/forecast``."""

from __future__ import annotations

import pytest

from revitalize.data.store import Store
from revitalize.forecast.grey import gm11
from revitalize.web import create_app
from tests.web.conftest import make_client, nbs_csv
from tests.web.test_app import TINY_PANEL

SERIES = {str(y): 10.0 * 1.08 ** (y - 2010) for y in range(2010, 2021)}


@pytest.fixture()
def panel_client(tmp_path):
    panel, table = tmp_path / "tiny_panel.csv", tmp_path / "cn_io_2017_2.csv"
    panel.write_text(TINY_PANEL, encoding="utf-8")
    table.write_bytes(nbs_csv())
    store = Store(tmp_path / "store")
    store.import_file(panel, name="tiny_panel")
    store.import_file(table, name="tiny_io")
    return make_client(create_app(tmp_path / "store"))


def test_share_of_a_named_reference(panel_client):
    r = panel_client.post("/api/indicators/share", json={
        "source": "tiny_panel", "region": "Liaoning", "reference": "Northeast"})
    assert r.status_code == 200, r.text
    rows = {x["year"]: x for x in r.json()["table"]}
    assert rows[2020]["share_pct"] == pytest.approx(100 * 25000 / 50000)
    assert rows[2021]["share_pct"] == pytest.approx(100 * 27000 / 54000)
    conv = r.json()["meta"]["conventions"]
    assert (conv["region"], conv["reference"], conv["unit"]) == ("210000", "NE",
                                                                 "100 million yuan")
    assert "fact_base" not in r.json()["meta"]  # the fact base compares with the nation only
    csv = panel_client.post("/api/indicators/share", params={"format": "csv"}, json={
        "source": "tiny_panel", "region": "210000", "reference": "NE", "years": "2021-2021"})
    assert csv.text.splitlines()[0].startswith("year,") and len(csv.text.splitlines()) == 2


def test_share_deprecated_dataset_key_still_works(panel_client):
    r = panel_client.post("/api/indicators/share", json={"dataset": "tiny_panel",
                                                         "region": "210000", "reference": "NE"})
    assert r.status_code == 200, r.text
    meta = r.json()["meta"]
    assert meta["input"]["dataset"] == "tiny_panel" and meta["input"]["origin"] == "store"
    assert any("deprecated" in w["message"] for w in meta["warnings"])


def test_share_of_the_nation_with_missing_members_is_empty_not_wrong(panel_client):
    r = panel_client.post("/api/indicators/share", json={"source": "tiny_panel"})
    assert r.status_code == 200
    assert all(x["share_pct"] is None and "reference incomplete" in x["note"]
               for x in r.json()["table"])


@pytest.mark.parametrize("params, field", [
    ({"source": "tiny_io"}, "source"),
    ({"source": "nope"}, "source"),
    ({"source": "/etc/passwd"}, "source"),  # paths on the server are never read
    ({"source": "tiny_panel", "indicator": "steel"}, None),
    ({"source": "tiny_panel", "region": "Atlantis"}, None),
    ({"source": "tiny_panel", "years": "2021-2020"}, "years"),
    ({"source": "tiny_panel", "years": "last year"}, "years"),
    ({"source": "tiny_panel", "years": "1800-1805"}, "years"),
    ({"source": "tiny_panel", "colour": "red"}, "colour"),
])
def test_share_errors(panel_client, params, field):
    r = panel_client.post("/api/indicators/share", json=params)
    assert r.status_code == 422, r.text
    if field:
        assert r.json()["field"] == field


def test_share_default_panel_is_bundled(client):
    r = client.post("/api/indicators/share", json={})
    assert r.status_code == 200, r.text
    assert r.json()["meta"]["input"]["origin"] == "bundle"


@pytest.mark.shared_data
def test_share_from_the_mirror_beside_the_fact_base(mirror_client):
    data = mirror_client.post("/api/indicators/share", json={}).json()
    rows = {x["year"]: x for x in data["table"]}
    assert 4 < rows[2020]["share_pct"] < 6  # Northeast GDP share of China, percent
    facts = data["meta"]["fact_base"]
    assert facts and all(f["fact_id"] for f in facts)
    for f in facts:
        if f["computed"] is not None:
            assert abs(f["difference"]) < 1.0, f  # within a percentage point of the documents


# ---------------------------------------------------------------------------- forecast
def _csv(series: dict[str, dict[str, float]]) -> bytes:
    years = sorted({int(y) for values in series.values() for y in values})
    lines = ["year," + ",".join(series)]
    for y in years:
        lines.append(f"{y}," + ",".join("" if series[n].get(str(y)) is None
                                        else str(series[n][str(y)]) for n in series))
    return ("\n".join(lines) + "\n").encode()


def _upload(client, series, params=None, **kwargs):
    return client.post("/api/forecast", params=params or {},
                       files={"file": ("s.csv", _csv(series))}, **kwargs)


def test_forecast_upload_matches_the_library(client):
    r = _upload(client, {"gdp": SERIES}, params={"horizon": 2})
    assert r.status_code == 200, r.text
    got = [x for x in r.json()["table"] if x["kind"] == "forecast"]
    import pandas as pd

    expected = gm11(pd.Series(list(SERIES.values()), index=range(2010, 2021)), 2, name="gdp")
    assert [x["period"] for x in got] == [2021, 2022]
    assert [x["value"] for x in got] == pytest.approx(
        expected.kind("forecast").tolist(), rel=1e-12)
    assert r.json()["meta"]["input"]["source"] == "s.csv"
    assert r.json()["meta"]["analysis"] == "forecast.run"


@pytest.mark.parametrize("model", ["dgm", "verhulst", "naive"])
def test_forecast_models(client, model):
    r = _upload(client, {"x": SERIES}, params={"model": model, "horizon": 1})
    assert r.status_code == 200, r.text
    assert sum(x["kind"] == "forecast" for x in r.json()["table"]) == 1


def test_forecast_csv_upload_several_series(client):
    body = b"year,a,b\n2000,1,2\n2001,1.1,2.2\n2002,1.2,2.3\n2003,1.3,2.5\n2004,1.5,2.6\n"
    r = client.post("/api/forecast", params={"model": "naive", "level": 0.8},
                    files={"file": ("s.csv", body)})
    assert r.status_code == 200, r.text
    table = r.json()["table"]
    assert {x["series"] for x in table} == {"a", "b"}
    assert {x["kind"] for x in table} >= {"forecast", "lower", "upper"}
    assert r.json()["meta"]["provenance"][0]["file"] == "s.csv"
    csv = client.post("/api/forecast", params={"format": "csv"}, files={"file": ("s.csv", body)})
    assert csv.text.splitlines()[0] == "series,period,value,kind"
    same = client.post("/api/forecast/run", params={"model": "naive", "level": 0.8},
                       files={"file": ("s.csv", body)})
    assert same.json()["table"] == table  # the generated path answers the same


@pytest.mark.parametrize("kwargs, words", [
    ({"series": {"x": {"2010": 1, "2011": 2, "2013": 3, "2014": 4}}}, "2012"),
    ({"series": {f"s{i}": SERIES for i in range(21)}}, "at most 20"),
    ({"files": {"file": ("s.csv", b"when,a\n2000,1\n")}}, "header"),
    ({"files": {"file": ("s.csv", b"year,a\n2000,1\n2001,x\n")}}, "not a number"),
    ({"files": {"file": ("s.csv", b"year,a\n2000,1\n2001,\xff\xfe\n")}}, "UTF-8"),
    ({"json": {"values": [1, 2]}}, "unknown field"),
])
def test_forecast_errors(client, kwargs, words):
    if "series" in kwargs:
        r = _upload(client, kwargs["series"])
    else:
        r = client.post("/api/forecast", **kwargs)
    assert r.status_code == 422, r.text
    assert words in r.json()["error"]["message"]


def test_forecast_parameter_bounds(client):
    for params in ({"horizon": 0}, {"horizon": 21}, {"level": 1}, {"model": "prophet"}):
        r = _upload(client, {"x": SERIES}, params=params)
        assert r.status_code == 422 and r.json()["field"] == next(iter(params))
