"""``revitalize serve``: the web dashboard and the HTTP API (:mod:`revitalize.web`) under uvicorn.

Listens on the loopback interface (127.0.0.1) by default. The API has no authentication, so a
non-loopback ``--host`` is refused unless ``--allow-remote`` is given; on loopback, requests
whose ``Host`` header is not a loopback name are refused too (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

__all__ = ["NAME", "command", "is_loopback"]

NAME = "serve"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is ``localhost`` or a loopback IP address (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def command(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1", "--host",
        help="Address to listen on (default 127.0.0.1, loopback only). A non-loopback address "
             "(e.g. 0.0.0.0) is refused unless --allow-remote is given."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (default 8000)."),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", file_okay=False,
        help="Dataset store directory (default: the global --data-dir, REVITALIZE_DATA_DIR, or "
             "the user data directory)."),
    mirror: Path | None = typer.Option(
        None, "--mirror", envvar="REVITALIZE_SHARED_DATA", file_okay=False,
        help="Directory laid out like shared/data: its registered tables are served by name "
             "without importing them (env REVITALIZE_SHARED_DATA)."),
    allow_remote: bool = typer.Option(
        False, "--allow-remote",
        help="Allow a non-loopback --host. The API has no authentication: anyone who can reach "
             "the address can use it."),
    max_upload_mb: float = typer.Option(10.0, "--max-upload-mb", min=0.001,
                                        help="Largest uploaded file, in MiB (default 10)."),
) -> None:
    """Serve the web dashboard (/) and the HTTP API (/api, OpenAPI at /docs and /openapi.json)
    with uvicorn. Listens on 127.0.0.1 by default; a non-loopback --host needs --allow-remote."""
    import uvicorn

    from revitalize.cli.output import console
    from revitalize.web.app import LOOPBACK_HOSTS, create_app

    local = is_loopback(host)
    if not local and not allow_remote:
        raise typer.BadParameter(f"{host!r} is not a loopback address; the API has no "
                                 "authentication. Add --allow-remote to listen on it anyway.",
                                 param_hint="--host")
    if data_dir is None:
        obj = ctx.find_root().obj
        data_dir = obj.get("data_dir") if isinstance(obj, dict) else None
    allowed = None if not local else tuple(dict.fromkeys((*LOOPBACK_HOSTS, host.strip("[]"))))
    app = create_app(data_dir, mirror_dir=mirror, max_upload_bytes=int(max_upload_mb * 2**20),
                     allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"revitalize dashboard on http://{shown}:{port}/  (API docs: /docs)",
                  highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info")
