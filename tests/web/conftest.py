"""Fixtures of the web tests: apps on private stores, tiny inline tables, a live server."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx vs httpx2
    from fastapi.testclient import TestClient

from revitalize.web import create_app

# A 2-sector competitive table in the NBS (ionet) layout, balanced (rows: TIU + TFU - IM + ERR =
# GO; columns: TII + TVA = TI = GO); the first sector's English name is filled in by the test.
NBS_TEMPLATE = """\
Code,Description,DescriptionInChinese,01,02,TIU,FU101,FU102,THC,FU103,TC,FU201,FU202,GCF,EX,TFU,IM,ERR,GO
01,{name},农业,10,20,30,5,15,20,10,30,20,5,25,15,70,10,0,90
02,Industry,工业,30,40,70,10,20,30,10,40,30,0,30,20,90,20,0,140
TII,Total intermediate input,中间投入合计,40,60,100,15,35,50,20,70,50,5,55,35,160,30,0,230
VA001,Compensation of employees,劳动者报酬,20,30,50,,,,,,,,,,,,,
VA002,Net taxes on production,生产税净额,5,10,15,,,,,,,,,,,,,
VA003,Depreciation of fixed assets,固定资产折旧,10,20,30,,,,,,,,,,,,,
VA004,Operating surplus,营业盈余,15,20,35,,,,,,,,,,,,,
TVA,Total value-added,增加值合计,50,80,130,,,,,,,,,,,,,
TI,Total inputs,总投入,90,140,230,,,,,,,,,,,,,
"""

JUDGMENTS_YAML = b"""\
criteria: [economy, society, environment]
matrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]
"""


def nbs_csv(name: str = "Agriculture") -> bytes:
    """The tiny balanced NBS-layout table, with ``name`` as sector 01's English name."""
    quoted = '"' + name.replace('"', '""') + '"' if any(c in name for c in ',"') else name
    return NBS_TEMPLATE.format(name=quoted).encode("utf-8")


def make_client(app) -> TestClient:
    return TestClient(app, raise_server_exceptions=True)


@pytest.fixture()
def client(tmp_path) -> TestClient:
    """An app on an empty private store, no mirror, 64 KiB upload limit."""
    return make_client(create_app(tmp_path / "store", max_upload_bytes=64 * 1024))


@pytest.fixture(scope="module")
def mirror_client(shared_data, tmp_path_factory) -> TestClient:
    """An app serving ``shared/data`` as its mirror (empty private store)."""
    store = tmp_path_factory.mktemp("mirror-store")
    return make_client(create_app(store, mirror_dir=shared_data))


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(app):
    """Run ``app`` with uvicorn on 127.0.0.1 and a free port in a thread; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
