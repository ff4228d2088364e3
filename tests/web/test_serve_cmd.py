"""``revitalize serve``: loopback by default, remote only with --allow-remote."""

from __future__ import annotations

import pytest

from revitalize.cli.serve_cmd import is_loopback


@pytest.fixture()
def runs(monkeypatch):
    """Capture uvicorn.run instead of serving."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


@pytest.mark.parametrize("host, expected", [
    ("127.0.0.1", True), ("127.8.0.1", True), ("localhost", True), ("::1", True),
    ("[::1]", True), ("0.0.0.0", False), ("192.168.1.4", False), ("::", False),
    ("example.org", False), ("", False),
])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def test_serves_on_loopback_by_default(run_cli, runs, tmp_path):
    r = run_cli("--data-dir", tmp_path / "store", "serve", "--port", "8123", "--mirror",
                tmp_path, "--max-upload-mb", "2")
    assert r.code == 0, r.err
    app, kw = runs[0]
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    settings = app.state.settings
    assert settings.data_dir == tmp_path / "store" and settings.mirror_dir == tmp_path
    assert settings.max_upload_bytes == 2 * 2**20
    assert "http://127.0.0.1:8123/" in r.out


def test_loopback_server_refuses_foreign_host_headers(run_cli, runs):
    from fastapi.testclient import TestClient

    assert run_cli("serve").code == 0
    client = TestClient(runs[0][0])
    assert client.get("/api/health", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "rebound.example"}).status_code == 400


def test_refuses_a_remote_host_without_allow_remote(run_cli, runs):
    r = run_cli("serve", "--host", "0.0.0.0")
    assert r.code == 2 and runs == []
    assert "--allow-remote" in r.err and "loopback" in r.err


def test_allow_remote(run_cli, runs):
    r = run_cli("serve", "--host", "0.0.0.0", "--allow-remote")
    assert r.code == 0 and runs[0][1]["host"] == "0.0.0.0"
    from fastapi.testclient import TestClient

    assert TestClient(runs[0][0]).get("/api/health", headers={"host": "any.example"}
                                      ).status_code == 200


def test_help_says_loopback_and_allow_remote(run_cli):
    r = run_cli("serve", "--help")
    assert r.code == 0
    text = " ".join(r.out.split())
    assert "127.0.0.1" in text and "--allow-remote" in text and "no authentication" in text
