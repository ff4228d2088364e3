"""The app itself: settings per app, data endpoints, the dashboard page, OpenAPI, error shapes."""

from __future__ import annotations

import io

import openpyxl
import pytest

from revitalize.data.store import Store
from revitalize.web import create_app
from revitalize.web.dashboard import content_security_policy
from tests.web.conftest import make_client, nbs_csv

TINY_PANEL = """\
region,year,indicator,value,unit
210000,2020,gdp,25000,100 million yuan
220000,2020,gdp,12000,100 million yuan
230000,2020,gdp,13000,100 million yuan
210000,2021,gdp,27000,100 million yuan
220000,2021,gdp,13000,100 million yuan
230000,2021,gdp,14000,100 million yuan
"""


@pytest.fixture()
def store_dir(tmp_path):
    """A store holding the tiny IO table (``tiny_io``) and the tiny panel (``tiny_panel``)."""
    d = tmp_path / "store"
    io_file = tmp_path / "cn_io_2017_2.csv"
    io_file.write_bytes(nbs_csv())
    panel_file = tmp_path / "tiny_panel.csv"
    panel_file.write_text(TINY_PANEL, encoding="utf-8")
    store = Store(d)
    store.import_file(io_file, name="tiny_io")
    store.import_file(panel_file, name="tiny_panel")
    return d


def test_apps_keep_their_own_settings(tmp_path):
    small = make_client(create_app(tmp_path / "a", max_upload_bytes=1000))
    large = make_client(create_app(tmp_path / "b", max_upload_bytes=10**6))
    assert small.get("/api/health").json()["max_upload_bytes"] == 1000
    assert large.get("/api/health").json() == {"status": "ok", "package": "revitalize",
                                               "version": large.get("/api/health").json()[
                                                   "version"], "max_upload_bytes": 10**6}
    body = nbs_csv() * 3
    assert small.post("/api/io/linkages", files={"file": ("cn_io_2017_2.csv", body)}
                      ).status_code == 413
    assert large.post("/api/io/linkages", files={"file": ("cn_io_2017_2.csv", nbs_csv())}
                      ).status_code == 200
    with pytest.raises(ValueError):
        create_app(tmp_path / "c", max_upload_bytes=0)


def test_regions(client):
    everything = client.get("/api/regions").json()
    codes = {r["code"] for r in everything}
    assert {"210000", "220000", "230000", "NE", "000000"} <= codes
    macro = client.get("/api/regions", params={"kind": "macro"}).json()
    ne = next(r for r in macro if r["code"] == "NE")
    assert ne["members"] == ["210000", "220000", "230000"] and ne["name_cn"] == "东北"
    assert all(r["kind"] == "macro" for r in macro)


def test_facts_json_csv_xlsx(client):
    data = client.get("/api/facts", params={"region": "辽宁"}).json()
    assert data["table"] and {r["region"] for r in data["table"]} == {"210000"}
    assert data["meta"]["method"] == "fact_base" and data["meta"]["provenance"]
    csv = client.get("/api/facts", params={"region": "Liaoning", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="facts.csv"'
    assert csv.text.splitlines()[0].startswith("fact_id,indicator")
    assert len(csv.text.strip().splitlines()) == len(data["table"]) + 1
    xlsx = client.get("/api/facts", params={"region": "210000", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["facts", "facts_meta"]
    assert book["facts"].max_row == len(data["table"]) + 1


def test_facts_unknown_region_is_422_one_line(client):
    r = client.get("/api/facts", params={"region": "Atlantis"})
    assert r.status_code == 422
    body = r.json()
    assert "Atlantis" in body["error"]["message"] and "\n" not in body["error"]["message"]
    assert set(body) == {"error", "field"}


def test_datasets_empty_store_lists_the_bundle(client):
    listed = client.get("/api/datasets").json()
    assert listed and {d["origin"] for d in listed} == {"bundle"}
    assert any("cn_prov_io_2017_42" in d["aliases"] for d in listed)
    r = client.get("/api/datasets/nothing")
    assert r.status_code == 422 and r.json()["field"] == "source"
    assert client.get("/api/datasets/%2Fetc%2Fpasswd").status_code in (404, 422)


def test_datasets_from_the_store(store_dir):
    client = make_client(create_app(store_dir))
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}
    assert listed["tiny_io"]["kind"] == "io_table" and listed["tiny_io"]["origin"] == "store"
    assert listed["tiny_panel"]["kind"] == "panel"
    detail = client.get("/api/datasets/tiny_panel").json()
    assert detail["indicators"] == [{"indicator": "gdp", "unit": "100 million yuan"}]
    assert detail["years"] == [2020, 2021] and detail["regions"] == ["210000", "220000", "230000"]
    io_detail = client.get("/api/datasets/tiny_io").json()
    assert (io_detail["sectors"], io_detail["unit"], io_detail["years"]) == (2, "10^4 CNY", [2017])


def test_a_new_import_is_listed_and_a_reimport_is_read_again(store_dir, tmp_path):
    client = make_client(create_app(store_dir))
    assert "again" not in {d["name"] for d in client.get("/api/datasets").json()}
    first = client.post("/api/io/linkages", json={"dataset": "tiny_io"}).json()
    path = tmp_path / "cn_io_2017_2.csv"
    Store(store_dir).import_file(path, name="again")
    assert "again" in {d["name"] for d in client.get("/api/datasets").json()}
    path.write_bytes(nbs_csv("Farming"))
    Store(store_dir).import_file(path, name="tiny_io", replace=True)
    second = client.post("/api/io/linkages", json={"dataset": "tiny_io"}).json()
    assert "table" in second, second
    assert (first["table"][0]["name"], second["table"][0]["name"]) == ("Agriculture", "Farming")


@pytest.mark.shared_data
def test_datasets_from_the_mirror(mirror_client):
    listed = {d["name"]: d for d in mirror_client.get("/api/datasets").json()}
    assert listed["cn_prov_io_2017_42"]["origin"] == "mirror"
    assert listed["cn_prov_io_2017_42"]["kind"] == "io_collection"
    assert listed["cn_prov_energy_panel"]["kind"] == "panel"
    detail = mirror_client.get("/api/datasets/cn_prov_io_2017_42").json()
    assert len(detail["regions"]) == 31 and detail["sectors"] == 42


def test_dashboard_page_and_offline_plotly(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'src="static/plotly.min.js"' in html and "cdn" not in html.lower()
    for element in ("lk-dataset", "lk-region", "lk-forward", "lk-file", "ahp-chart", "sh-chart",
                    'data-format="xlsx"'):
        assert element in html
    csp = page.headers["content-security-policy"]
    assert csp == content_security_policy() and "script-src 'self' 'sha256-" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/javascript")
    assert len(js.content) > 1_000_000 and b"plotly" in js.content[:2000].lower()
    again = client.get("/static/plotly.min.js", headers={"If-None-Match": js.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/health", "/api/regions", "/api/facts", "/api/datasets",
                 "/api/datasets/{name}", "/api/io/linkages", "/api/io/multipliers",
                 "/api/evaluate/ahp", "/api/evaluate/topsis", "/api/indicators/share",
                 "/api/forecast"):
        assert path in paths, path
    linkages = paths["/api/io/linkages"]["post"]
    body = linkages["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "application/json"}
    assert body["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
    assert set(linkages["responses"]) >= {"200", "413", "415", "422"}
    assert "text/csv" in linkages["responses"]["200"]["content"]
    forward = body["application/json"]["schema"]["properties"]["forward"]
    assert forward["enum"] == ["leontief", "ghosh"] and forward["default"] == "leontief"
    assert "/" not in paths and "/static/plotly.min.js" not in paths
    assert client.get("/docs").status_code == 200


def test_parameter_errors_have_the_error_shape(client):
    r = client.post("/api/io/linkages", params={"forward": "sideways"}, json={"dataset": "x"})
    assert r.status_code == 422
    body = r.json()
    assert body["field"] == "forward" and "leontief" in body["error"]["message"]


def test_allowed_hosts(tmp_path):
    client = make_client(create_app(tmp_path, allowed_hosts=("127.0.0.1", "localhost")))
    assert client.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "evil.example"}).status_code == 400
    body = client.get("/api/health", headers={"host": "evil.example"}).json()
    assert body["error"]["field"] == "Host" and "evil.example" in body["error"]["message"]


# ---------------------------------------------------------------- issue 14: hostile requests
DETAIL = {"message", "file", "row", "field", "expected"}


@pytest.mark.parametrize("method, path, status", [
    ("get", "/api/nothing", 404), ("delete", "/api/health", 405), ("get", "/api/io/linkages", 405)])
def test_routing_errors_have_the_error_shape(client, method, path, status):
    r = getattr(client, method)(path)
    assert r.status_code == status and set(r.json()["error"]) == DETAIL


@pytest.mark.parametrize("headers, field", [
    ({"Origin": "http://evil.example"}, "Origin"),
    ({"Origin": "null"}, "Origin"),
    ({"Referer": "http://evil.example/page.html"}, "Referer"),
    ({"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site"),
])
def test_cross_origin_state_changing_requests_are_403(client, headers, field):
    for kwargs in ({"json": {"source": "x"}},
                   {"files": {"file": ("cn_io_2017_2.csv", nbs_csv())}}):
        r = client.post("/api/io/linkages", headers=headers, **kwargs)
        assert r.status_code == 403, r.text
        assert r.json()["error"]["field"] == field and "cross-origin" in r.json()["error"][
            "message"]


def test_same_origin_and_header_less_requests_pass(client):
    same = {"Origin": "http://testserver", "Referer": "http://testserver/"}
    upload = {"file": ("cn_io_2017_2.csv", nbs_csv())}
    assert client.post("/api/io/linkages", headers=same, files=upload).status_code == 200
    assert client.post("/api/io/linkages", files=upload).status_code == 200
    assert client.get("/api/health", headers={"Origin": "http://evil.example"}
                      ).status_code == 200  # reads are not state-changing


@pytest.mark.parametrize("body, field, words", [
    ('{"year": ' + "9" * 5000 + "}", "year", "5,000 characters"),
    ('{"source": ' + "[" * 30000 + "]" * 30000 + "}", "body", "depth"),
    ('{"source": {"a": ' + "[" * 70 + "]" * 70 + "}}", "source.a" + "[0]" * 62, "nested"),
    ('{"year": NaN}', "year", "not a JSON number"),
    ('{"source": "x", "year": 22222222222222222222}', "year", "12 digits"),
    ('{"source": "x", "year": 1800}', "year", "1900"),
])
def test_hostile_json_bodies_are_422_naming_the_field(client, body, field, words):
    r = client.post("/api/io/linkages", content=body.encode(),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["field"] == field and words in error["message"], error


def test_wide_xlsx_bomb_upload_is_refused_fast_and_small(client):
    """A 44 kB workbook with one row of 16,384 cells: refused in well under 10 s, and the
    process grows by far less than 1 GB (the issue's bound for uploads under 1 MB)."""
    import resource
    import time

    from tests.badinput.generate import _sheet_xml, wide_row_bomb, xlsx_bytes, zip_bomb

    bombs = {"wide.xlsx": wide_row_bomb(),
             "corners.xlsx": xlsx_bytes(_sheet_xml(
                 '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576">'
                 "<v>1</v></c></row>")),
             "zip.xlsx": zip_bomb(mib=200)}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name, data in bombs.items():
        assert len(data) < 1024 * 1024
        started = time.perf_counter()
        r = client.post("/api/io/linkages", files={"file": (name, data)})
        assert time.perf_counter() - started < 10
        assert r.status_code in (413, 422) and r.json()["error"]["file"] in (name, None), r.text
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 1024 * 1024  # KiB


def test_a_slow_request_does_not_block_the_others(tmp_path):
    """No global lock: while one computation sleeps 3 s, health and a fast computation answer."""
    import threading
    import time

    from revitalize.tasks import load_all

    app = create_app(tmp_path / "store")
    client = make_client(app)
    spec = load_all()["io.linkages"]
    real = spec.fn
    gate = threading.Event()

    def slow(request, catalog):
        if request.region == "slow":
            gate.wait(3)
        return real(request, catalog)

    object.__setattr__(spec, "fn", slow)  # Task is a frozen dataclass
    try:
        upload = {"file": ("cn_io_2017_2.csv", nbs_csv())}
        slow_thread = threading.Thread(target=lambda: client.post(
            "/api/io/linkages", files=upload, data={"region": "slow"}))
        slow_thread.start()
        time.sleep(0.3)
        started = time.perf_counter()
        fast = client.post("/api/io/linkages", files=upload)
        assert fast.status_code == 200 and time.perf_counter() - started < 2.5
        gate.set()
        slow_thread.join(10)
    finally:
        object.__setattr__(spec, "fn", real)
    assert not hasattr(app.state, "compute_lock")
