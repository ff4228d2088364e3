"""``encoding=`` of the HTTP API's CSV downloads (issue 15: CSV without a BOM shows mojibake in
Excel on Chinese Windows): the CLI's three encodings and default, the same bytes as the CLI's
``--encoding`` (one helper, :func:`revitalize.export.encode_csv`), the charset in Content-Type,
on every endpoint that takes ``format``."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from revitalize.cli import main
from revitalize.export import CsvEncoding
from revitalize.web import create_app

BOM = b"\xef\xbb\xbf"
LINKAGES = ("/api/io/linkages", {"source": "prov_io_2017", "region": "Liaoning"})


def _csv(client, encoding: str | None, path: str = LINKAGES[0], body=LINKAGES[1]):
    params = {"format": "csv"} | ({} if encoding is None else {"encoding": encoding})
    return client.post(path, params=params, json=body)


@pytest.fixture(scope="module")
def api(store):
    """The app on a private module store (the bundled tables resolve)."""
    from tests.web.conftest import make_client

    return make_client(create_app(store))


@pytest.fixture(scope="module")
def downloads(api):
    """io linkages of Liaoning (bundled 2017 provincial table) as CSV in each encoding, and
    with no encoding given."""
    out = {enc.value: _csv(api, enc.value) for enc in CsvEncoding}
    out[None] = _csv(api, None)
    for r in out.values():
        assert r.status_code == 200, r.text
    return out


def test_default_is_utf8_without_bom(downloads):
    r = downloads[None]
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert not r.content.startswith(BOM)
    assert r.content == downloads["utf-8"].content
    assert "煤炭" in r.content.decode("utf-8")


def test_utf8_sig_starts_with_a_bom_and_says_utf8(downloads):
    r = downloads["utf-8-sig"]
    assert r.content.startswith(BOM)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content[len(BOM):] == downloads["utf-8"].content


def test_gb18030_decodes_the_chinese_sector_names(downloads):
    r = downloads["gb18030"]
    assert r.headers["content-type"] == "text/csv; charset=gb18030"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    back = pd.read_csv(io.BytesIO(r.content), encoding="gb18030", dtype=str)
    plain = pd.read_csv(io.BytesIO(downloads["utf-8"].content), dtype=str)
    pd.testing.assert_frame_equal(back, plain)
    assert back["name_cn"].str.contains("煤炭").any()


@pytest.mark.parametrize("encoding", [e.value for e in CsvEncoding])
def test_same_bytes_as_the_cli(downloads, store, tmp_path, capsys, encoding):
    """The HTTP download and the CLI's ``--output`` file of one task hold the same bytes."""
    out = tmp_path / "cli.csv"
    code = main(["--data-dir", str(store), "io", "linkages", "prov_io_2017", "--region",
                 "Liaoning", "--format", "csv", "--encoding", encoding, "--output", str(out)])
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes() == downloads[encoding].content


def test_facts_endpoint_takes_encoding_too(client):
    r = client.get("/api/facts", params={"format": "csv", "encoding": "utf-8-sig"})
    assert r.status_code == 200, r.text
    assert r.content.startswith(BOM) and r.headers["content-type"].endswith("charset=utf-8")


def test_unknown_encoding_is_a_one_line_422(client):
    r = _csv(client, "latin-1")
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["field"] == "encoding" and "\n" not in err["message"]
    assert "utf-8-sig" in err["message"] and "gb18030" in err["message"]
    r = client.get("/api/facts", params={"format": "csv", "encoding": "cp1252"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "encoding"


def test_encoding_with_another_format_is_refused(client):
    r = client.post(LINKAGES[0], params={"format": "json", "encoding": "gb18030"},
                    json=LINKAGES[1])
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["field"] == "encoding" and "format=csv" in err["expected"]
    ok = client.post(LINKAGES[0], params={"format": "json", "encoding": "utf-8"},
                     json=LINKAGES[1])
    assert ok.status_code == 200


def test_encoding_is_documented_on_every_endpoint_with_format(client):
    spec = client.get("/openapi.json").json()
    with_format = 0
    for path, ops in spec["paths"].items():
        for op in ops.values():
            names = {p["name"]: p for p in op.get("parameters", [])}
            if "format" not in names:
                continue
            with_format += 1
            assert "encoding" in names, path
            assert names["encoding"]["schema"]["default"] == "utf-8"
    assert with_format > 20
