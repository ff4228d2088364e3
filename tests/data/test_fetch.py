"""Fetching registered public tables: registry integrity, loopback downloads, failures."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from revitalize.data import fetch as fetch_mod
from revitalize.data.fetch import (
    ENV_BASE_URL,
    download,
    fetch,
    load_registry,
    parse_reader_options,
    registry_entry,
    registry_frame,
    source_url,
)
from revitalize.data.store import Store
from revitalize.errors import FetchError, InputError, RevitalizeWarning, UnknownLabelError
from revitalize.results import sha256_of

pytestmark = pytest.mark.filterwarnings("ignore::revitalize.errors.DataQualityWarning")

NONCOMP = "cn_io_2017_42_noncomp"
CAPITAL = "cn_prov_capital_inputs"
WORKBOOK = "cn_prov_io_2017_liaoning"
_COMMIT = re.compile(r"/[0-9a-f]{40}/")


# ------------------------------------------------------------------ loopback server
class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: ClassVar[list[str]] = []  # replaced per server by `serve`
    delay = 0.0

    def do_GET(self):
        type(self).requests.append(self.path)
        if self.delay:
            time.sleep(self.delay)
        super().do_GET()

    def log_message(self, *args):  # keep the test output quiet
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # clients that hang up on purpose
        pass


@pytest.fixture()
def serve():
    """``serve(folder, delay=0) -> (base_url, requests)``: a loopback HTTP server in a thread."""
    servers = []

    def _serve(folder: Path, delay: float = 0.0):
        handler = type("H", (_Handler,), {"requests": [], "delay": delay})
        server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", handler.requests

    yield _serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _cache_files(data_dir: Path) -> list[Path]:
    cache = data_dir / "cache"
    return sorted(p for p in cache.rglob("*")) if cache.exists() else []


# ------------------------------------------------------------------ the registry
def test_registry_matches_the_shared_data(shared_data):
    entries = load_registry()
    for e in entries.values():
        path = shared_data / e.mirror_path
        assert path.is_file(), e.name
        assert path.stat().st_size == e.size, e.name
        assert sha256_of(path) == e.sha256, e.name


def test_registry_covers_the_required_tables_with_known_readers():
    from revitalize.data.readers.detect import READERS

    entries = load_registry()
    paths = {e.mirror_path for e in entries.values()}
    nbs = {f"cn_io_nbs/cn_io_{s}.csv" for s in (
        "2002_122", "2005_42", "2007_135", "2010_41", "2012_139", "2015_42", "2017_149",
        "2017_42_noncomp", "2018_153", "2018_42_noncomp", "2020_42_noncomp")}
    assert nbs <= paths
    assert {f"cn_io_provincial/cn_prov_io_{y}_42.csv" for y in (2002, 2007, 2017)} <= paths
    workbooks = [e for e in entries.values() if e.mirror_path.endswith((".xls", ".xlsx"))]
    assert len(workbooks) == 12
    for name in ("cn_prov_energy_panel", "cn_prov_rd_fiscal", CAPITAL, "cn_prov_energy_raw"):
        assert name in entries
    assert all(e.reader in READERS for e in entries.values())
    pinned = [e for e in entries.values() if e.upstream_url]
    assert {e.name for e in pinned} == {e.name for e in workbooks} | {"cn_prov_energy_raw"}
    for e in pinned:
        assert e.upstream_url.startswith("https://raw.githubusercontent.com/")
        assert _COMMIT.search(e.upstream_url), e.name  # pinned at a commit, not a branch
    assert "2878da32500274f853c68d5b65dafc86d83b3c89" in entries[WORKBOOK].upstream_url
    assert registry_frame()["name"].tolist() == list(entries)


@pytest.mark.parametrize("change, message", [
    (lambda r: r, None),
    (lambda r: r.replace(",auto,,", ",auto,blank_as_zero,"), "bad reader option"),
    (lambda r: r.replace("a" * 64, "xyz"), "bad checksum"),
    (lambda r: r.replace(",123,", ",12x,"), "bad size"),
    (lambda r: r.replace("dir/f.csv", "../f.csv"), "unsafe path"),
    (lambda r: r.replace("dir/f.csv", ""), "empty value"),
])
def test_malformed_registry_rows_name_row_and_field(tmp_path, change, message):
    header = "name,mirror_path,sha256,size,reader,reader_options,upstream_url,source\n"
    row = f"x,dir/f.csv,{'a' * 64},123,auto,,,somewhere\n"
    path = tmp_path / "reg.csv"
    path.write_text(header + change(row), encoding="utf-8")
    if message is None:
        assert load_registry(path)["x"].size == 123
        return
    with pytest.raises(InputError, match=message) as exc:
        load_registry(path)
    assert exc.value.row == 2 and "reg.csv" in str(exc.value)


def test_registry_missing_columns_and_duplicates(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text("name,sha256\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks columns"):
        load_registry(path)
    row = f"x,dir/f.csv,{'a' * 64},1,auto,,,s\n"
    path.write_text("name,mirror_path,sha256,size,reader,reader_options,upstream_url,source\n"
                    + row * 2,
                    encoding="utf-8")
    with pytest.raises(InputError, match="duplicate name 'x'") as exc:
        load_registry(path)
    assert exc.value.row == 3


def test_parse_reader_options():
    got = parse_reader_options(["blank_as_zero=true", "", "year=2017", "w=0.5", "unit=10^4 CNY",
                                "flag=False"])
    assert got == {"blank_as_zero": True, "year": 2017, "w": 0.5, "unit": "10^4 CNY",
                   "flag": False}
    for bad in ("novalue", "=1", "2x=1"):
        with pytest.raises(InputError, match="bad reader option") as exc:
            parse_reader_options([bad], field="--reader-option")
        assert exc.value.field == "--reader-option"
    assert registry_entry("cn_prov_io_2002_42").options == {"blank_as_zero": True}
    assert registry_entry(NONCOMP).options == {}


def test_registry_reader_options_reach_the_reader_and_the_notes(shared_data, data_dir):
    info = fetch("cn_prov_io_2002_42", data_dir=data_dir, base_url=shared_data.as_uri())
    assert info.kind == "io_collection" and len(info.regions) == 30
    assert info.notes[0] == "reader options: blank_as_zero=True"
    assert any(n.startswith("450000: 1 blank cell(s) read as 0") for n in info.notes)


def test_unknown_registry_name():
    with pytest.raises(UnknownLabelError, match="no dataset 'nope'.*cn_io_2017_42_noncomp"):
        registry_entry("nope")


def test_source_url_precedence(monkeypatch):
    monkeypatch.delenv(ENV_BASE_URL, raising=False)
    nbs, wb = registry_entry(NONCOMP), registry_entry(WORKBOOK)
    assert source_url(nbs, "http://m.example/data/") == \
        "http://m.example/data/cn_io_nbs/cn_io_2017_42_noncomp.csv"
    assert source_url(wb) == wb.upstream_url
    with pytest.raises(FetchError, match="no upstream URL") as exc:
        source_url(nbs)
    assert "REVITALIZE_FETCH_BASE_URL" in str(exc.value)
    monkeypatch.setenv(ENV_BASE_URL, "http://env.example")
    assert source_url(wb).startswith("http://env.example/cn_io_provincial/")
    assert source_url(wb, "http://arg.example").startswith("http://arg.example/")


# ------------------------------------------------------------------ downloads over loopback
def test_fetch_two_real_files_through_a_loopback_server(shared_data, data_dir, serve):
    base, requests = serve(shared_data)
    info = fetch(NONCOMP, data_dir=data_dir, base_url=base)
    entry = registry_entry(NONCOMP)
    cached = data_dir / "cache" / entry.sha256 / "cn_io_2017_42_noncomp.csv"
    assert cached.is_file() and sha256_of(cached) == entry.sha256
    assert info.name == NONCOMP and info.sha256 == entry.sha256 and info.years == (2017,)
    assert info.original_file == "cn_io_2017_42_noncomp.csv" and info.n_rows > 4000
    cap = fetch(CAPITAL, data_dir=data_dir, base_url=base, dataset_name="capital")
    assert cap.kind == "panel" and cap.sha256 == registry_entry(CAPITAL).sha256
    assert Store(data_dir).names() == ["capital", NONCOMP]
    assert requests == ["/cn_io_nbs/cn_io_2017_42_noncomp.csv",
                        "/cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv"]
    again = fetch(NONCOMP, data_dir=data_dir, base_url=base, replace=True)
    assert len(requests) == 2 and again.sha256 == info.sha256  # served from the cache
    assert not [p for p in _cache_files(data_dir) if p.name.startswith(".part")]


def test_download_binary_workbook_via_env_base_url(shared_data, data_dir, serve, monkeypatch):
    base, requests = serve(shared_data)
    monkeypatch.setenv(ENV_BASE_URL, base + "/")
    path = download(WORKBOOK, data_dir=data_dir)
    assert path.name == "2017_liaoning.xls" and sha256_of(path) == registry_entry(WORKBOOK).sha256
    assert requests == ["/cn_io_provincial/original_xls_northeast/2017_liaoning.xls"]
    assert not Store(data_dir).path.exists()  # download only: nothing imported


def _tampered_mirror(shared_data: Path, tmp_path: Path, edit) -> Path:
    mirror = tmp_path / "mirror"
    rel = registry_entry(NONCOMP).mirror_path
    (mirror / rel).parent.mkdir(parents=True)
    data = bytearray((shared_data / rel).read_bytes())
    (mirror / rel).write_bytes(bytes(edit(data)))
    return mirror


@pytest.mark.parametrize("edit, message", [
    (lambda b: b[:100] + bytes([b[100] ^ 1]) + b[101:], "checksum mismatch"),  # 1 bit flipped
    (lambda b: b[:-10], "has 78709 bytes"),
    (lambda b: b + b"0,0,0\n", "larger than the registered"),
])
def test_tampered_download_is_rejected_deleted_and_not_imported(shared_data, data_dir, tmp_path,
                                                                serve, edit, message):
    base, _ = serve(_tampered_mirror(shared_data, tmp_path, edit))
    with pytest.raises(FetchError, match=message) as exc:
        fetch(NONCOMP, data_dir=data_dir, base_url=base)
    assert "cn_io_2017_42_noncomp.csv" in str(exc.value)
    assert _cache_files(data_dir) == []  # no partial download left
    assert Store(data_dir).list().empty


def test_http_404_is_a_fetch_error(data_dir, tmp_path, serve):
    base, requests = serve(tmp_path)
    with pytest.raises(FetchError, match="HTTP 404") as exc:
        fetch(NONCOMP, data_dir=data_dir, base_url=base)
    assert base in str(exc.value) and len(requests) == 1
    assert _cache_files(data_dir) == []


def test_unreachable_server_and_timeout(shared_data, data_dir, serve):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        download(NONCOMP, data_dir=data_dir, base_url=f"http://127.0.0.1:{port}")
    base, _ = serve(shared_data, delay=1.0)
    with pytest.raises(FetchError, match="timed out"):
        download(NONCOMP, data_dir=data_dir, base_url=base, timeout=0.2)
    assert _cache_files(data_dir) == []


def test_file_url_mirror_and_corrupt_cache_is_refetched(shared_data, data_dir):
    base = shared_data.as_uri()
    path = download(NONCOMP, data_dir=data_dir, base_url=base)
    path.write_bytes(b"corrupted")
    with pytest.warns(RevitalizeWarning, match="fails its checksum"):
        again = download(NONCOMP, data_dir=data_dir, base_url=base)
    assert again == path and sha256_of(path) == registry_entry(NONCOMP).sha256


def _mirror_only_registry(tmp_path, monkeypatch) -> str:
    """Point the package at a registry whose NONCOMP row is neither bundled nor pinned."""
    entry = registry_entry(NONCOMP)
    path = tmp_path / "reg.csv"
    path.write_text("name,mirror_path,sha256,size,reader,reader_options,upstream_url,source\n"
                    f"mirrored,{entry.mirror_path},{entry.sha256},{entry.size},nbs_io,,,s\n",
                    encoding="utf-8")
    monkeypatch.setattr(fetch_mod, "_registry_file", lambda: path)
    return "mirrored"


def test_no_url_at_all_is_a_fetch_error(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_BASE_URL, raising=False)
    name = _mirror_only_registry(tmp_path, monkeypatch)
    assert fetch_mod.availability(registry_entry(name)) == "mirror"
    with pytest.raises(FetchError, match="no upstream URL.*only a mirror serves"):
        fetch(name, data_dir=data_dir)
    assert not data_dir.exists()


# ------------------------------------------------------------------ the bundle (issue 13)
@pytest.fixture()
def bundle_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REVITALIZE_CACHE_DIR", str(tmp_path / "bundle-cache"))
    monkeypatch.delenv(ENV_BASE_URL, raising=False)
    return tmp_path / "bundle-cache"


def test_bundled_dataset_is_fetched_from_the_bundle_offline(data_dir, bundle_cache,
                                                             monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(fetch_mod.urllib.request, "urlopen", no_network)
    with pytest.warns(RevitalizeWarning, match=r"cn_io_2017_42_noncomp is already in the package "
                                                r"bundle as nbs_io_2017_42_noncomp.*offline"):
        info = fetch(NONCOMP, data_dir=data_dir)
    assert info.name == NONCOMP and info.sha256 == registry_entry(NONCOMP).sha256
    assert info.original_file == "cn_io_2017_42_noncomp.csv"
    assert _cache_files(data_dir) == []  # nothing downloaded: the bundle's copy was imported
    with pytest.warns(RevitalizeWarning, match="no download"):
        assert str(download(NONCOMP, data_dir=data_dir)).startswith(str(bundle_cache))


def test_bundle_message_names_an_offline_command():
    msg = fetch_mod.bundle_message(registry_entry("cn_prov_io_2017_42"))
    assert "`revitalize io linkages prov_io_2017 --region Liaoning`" in msg
    assert "`revitalize io linkages nbs_io_2017_42_noncomp`" in fetch_mod.bundle_message(
        registry_entry(NONCOMP))
    assert "revitalize.datasets.get('prov_capital_inputs').load()" in fetch_mod.bundle_message(
        registry_entry(CAPITAL))


def test_a_mirror_still_wins_over_the_bundle(shared_data, data_dir, bundle_cache):
    path = download(NONCOMP, data_dir=data_dir, base_url=shared_data.as_uri())
    assert path.parent.parent == data_dir / "cache" and not bundle_cache.exists()


def test_bundled_names_resolve_to_registry_entries():
    assert registry_entry("prov_io_2017").name == "cn_prov_io_2017_42"
    assert registry_entry("nbs_io_2017_42_noncomp").name == NONCOMP
    with pytest.raises(FetchError, match="in the package bundle as sector_employment and needs "
                                         "no fetch"):
        registry_entry("cn_sector_employment")  # bundled, but no store reader: not fetchable


def test_registry_says_where_every_dataset_comes_from():
    from revitalize import datasets

    entries = load_registry()
    kinds = {e.name: fetch_mod.availability(e) for e in entries.values()}
    assert set(kinds.values()) <= {"upstream", "bundle", "mirror"}
    assert kinds[WORKBOOK] == "upstream" and kinds[NONCOMP] == "bundle"
    assert kinds["cn_prov_energy_raw"] == "upstream"  # pinned public copy, and bundled too
    assert "mirror" not in kinds.values()  # every table is public or shipped
    for e in entries.values():
        if e.bundled:
            ds = datasets.get(e.bundled)
            assert e.name in ds.aliases
            assert (ds.sha256, ds.size, ds.mirror_path) == (e.sha256, e.size, e.mirror_path)
            assert ds.reader == e.reader and dict(ds.options) == e.options
            assert e.upstream_url == (ds.public_url or "")
    bundled = {e.bundled for e in entries.values() if e.bundled}
    no_reader = {n for n in datasets.names() if datasets.get(n).reader is None}
    assert bundled | no_reader == set(datasets.names())  # every loadable one is fetchable


def test_fetch_cli_from_the_bundle(run_cli, data_dir, bundle_cache):
    r = run_cli("data", "fetch", "prov_capital_inputs")
    assert r.code == 0, r.err
    # the CLI prints the caveat once on stderr (captured, not a stray Python warning)
    assert r.err.count("already in the package bundle") == 1
    assert "imported cn_prov_capital_inputs" in r.out
    assert Store(data_dir).names() == [CAPITAL]


def test_registry_file_ships_with_the_package():
    path = fetch_mod._registry_file()
    assert path.name == "fetch_registry.csv" and path.is_file()
    assert len(registry_frame()) == len(path.read_text(encoding="utf-8").splitlines()) - 1 >= 30
