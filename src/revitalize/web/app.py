"""The web application: :func:`create_app` builds a FastAPI app serving the dashboard (``/``)
and the HTTP API (``/api/...``, documented at ``/docs`` and ``/openapi.json``).

Nothing is global: the settings and the dataset sources live on ``app.state`` of each app, so
two apps (two stores, two limits) coexist in one process. There is no computation lock:
requests run concurrently in worker threads, warnings recorded per request.

The local server accepts only its own pages (:class:`OriginGuard`): a state-changing request
(POST, PUT, PATCH, DELETE) whose ``Origin`` or ``Referer`` names another site, or whose
``Sec-Fetch-Site`` is ``cross-site``, is refused with 403 before its body is read -- so a web
page open in the user's browser cannot make the server parse uploads. Requests without these
headers (curl, scripts, the CLI) are accepted. With ``allowed_hosts`` an unknown ``Host`` is
400 (DNS rebinding).

Routers, one per family: :mod:`~revitalize.web.api_data` (regions, facts, datasets),
:mod:`~revitalize.web.api_tasks` (every application-layer task), :mod:`~revitalize.web.api_evaluate`
(AHP, TOPSIS),
:mod:`~revitalize.web.api_forecast` (forecasts), :mod:`~revitalize.web.dashboard` (the page and
its offline plotly.js).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError

from revitalize.errors import RevitalizeError
from revitalize.web.common import ApiError, error_for, error_response
from revitalize.web.uploads import MULTIPART_SLACK, BodyLimitMiddleware

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "LOOPBACK_HOSTS", "OriginGuard", "Settings", "create_app"]

log = logging.getLogger("revitalize.web")

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

_DESCRIPTION = """\
HTTP API of **revitalize**: input-output linkages and multipliers, AHP and TOPSIS, regional
shares and forecasts, on uploaded tables or named datasets. Every result is
`{"meta": {...}, "table": [records]}` where `meta` names the method, every convention, the
inputs' provenance and the package version; `format=csv|xlsx` downloads the table (formula-like
text escaped). Errors are `{"error": {"message": one line, "file", "row", "field", "expected"},
"field": ...}`: 422 invalid input (JSON bodies: at most 4 MiB, 64 levels, numbers of 40
characters), 413 too large, 415 unsupported content type, 403 cross-origin, 400 unknown host.
Uploads are parsed, never executed, bounded before parsing (size, line length, workbook
dimensions and cells) and deleted afterwards.
"""


@dataclass(frozen=True)
class Settings:
    """What an app was created with."""

    data_dir: Path | None
    mirror_dir: Path | None
    max_upload_bytes: int


def _same_site(value: str, host: str) -> bool:
    """Whether an Origin/Referer URL names the server itself (scheme ignored, host:port)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(value).netloc.lower() == host.lower()
    except ValueError:
        return False


class OriginGuard:
    """Pure ASGI middleware: 400 for a ``Host`` not in ``allowed_hosts`` (when given), 403 for a
    state-changing request from another site (see the module docstring)."""

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, app, allowed_hosts: tuple[str, ...] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers") or ()}
        host = headers.get("host", "")
        if self.allowed_hosts is not None:
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.lower() not in self.allowed_hosts:
                await error_response(400, f"host {host[:80]!r} is not served here", "Host",
                                     expected=f"one of {sorted(self.allowed_hosts)}"
                                     )(scope, receive, send)
                return
        if scope.get("method", "GET").upper() in self.UNSAFE:
            refused = self._cross_site(headers, host)
            if refused:
                await error_response(403, f"cross-origin request refused ({refused})", refused,
                                     expected="a request from the server's own pages, or "
                                              "without Origin/Referer (scripts, curl)"
                                     )(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _cross_site(headers: dict[str, str], host: str) -> str | None:
        """The header that shows the request comes from another site, or ``None``."""
        origin = headers.get("origin")
        if origin is not None and not _same_site(origin, host):
            return "Origin"
        referer = headers.get("referer")
        if origin is None and referer and not _same_site(referer, host):
            return "Referer"
        if headers.get("sec-fetch-site", "").lower() == "cross-site":
            return "Sec-Fetch-Site"
        return None


def _handlers(app: FastAPI) -> None:
    from starlette.exceptions import HTTPException

    from revitalize.safety import bad_input_exceptions, input_error_from

    @app.exception_handler(RevitalizeError)
    async def revitalize_error(request: Request, exc: RevitalizeError):
        return error_for(exc)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return error_response(exc.status_code, exc.message, exc.field)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 405:
            response = error_response(405, f"method {request.method} is not allowed here",
                                      "method")
        else:
            response = error_response(exc.status_code, str(exc.detail), None)
        response.headers.update(exc.headers or {})  # Allow: on 405 (RFC 9110)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        field = ".".join(loc) or None
        message = f"{field}: {first.get('msg', 'invalid request')}" if field else \
            first.get("msg", "invalid request")
        return error_response(422, message, field, expected=None,
                              detail=jsonable_encoder(errors, custom_encoder={bytes: repr}))

    async def bad_input(request: Request, exc: Exception):
        """Bad input that third-party code refused: 422 (413 for memory)."""
        error = input_error_from(exc)
        if error is None:  # pragma: no cover - only the classes below are registered
            raise exc
        return error_for(error, 413 if isinstance(exc, MemoryError) else 422)

    for cls in bad_input_exceptions():
        app.add_exception_handler(cls, bad_input)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        """Anything else is a bug: 500 in the documented shape (and logged)."""
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__}); please report it "
                                   "with the request that caused it", None)


def create_app(data_dir: str | Path | None = None, *, mirror_dir: str | Path | None = None,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
               allowed_hosts: tuple[str, ...] | None = None) -> FastAPI:
    """Build the dashboard and API app.

    Parameters
    ----------
    data_dir
        Directory of the dataset store (:class:`revitalize.data.store.Store`; default: the
        user data directory or ``REVITALIZE_DATA_DIR``).
    mirror_dir
        Optional directory laid out like the project's ``shared/data``: its registered tables
        are served by their registry names without importing them
        (:mod:`revitalize.web.datasets`).
    max_upload_bytes
        Largest uploaded file (and, plus 64 KiB of multipart framing, largest request body);
        larger is 413.
    allowed_hosts
        ``Host`` header values accepted (others get 400), e.g. :data:`LOOPBACK_HOSTS` so a
        web page cannot reach a loopback server through DNS rebinding; ``None`` accepts any.
    """
    from revitalize import __version__
    from revitalize.web import (
        api_data,
        api_evaluate,
        api_forecast,
        api_tasks,
        dashboard,
    )

    if max_upload_bytes < 1:
        raise ValueError("max_upload_bytes must be positive")
    app = FastAPI(title="revitalize", version=__version__, description=_DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.settings = Settings(None if data_dir is None else Path(data_dir),
                                  None if mirror_dir is None else Path(mirror_dir),
                                  int(max_upload_bytes))
    from revitalize.data.catalog import Catalog

    # One catalog per app: names resolve to the store, the mirror and the bundle; paths on this
    # machine never (uploads are allowed one by one).
    app.state.catalog = Catalog(store_dir=app.state.settings.data_dir,
                                mirror_dir=app.state.settings.mirror_dir, allow_files=False)
    app.state.sources = app.state.catalog
    app.add_middleware(BodyLimitMiddleware, max_bytes=int(max_upload_bytes) + MULTIPART_SLACK,
                       upload_limit=int(max_upload_bytes))
    app.add_middleware(OriginGuard, allowed_hosts=allowed_hosts)  # outermost: before the body
    _handlers(app)
    for module in (api_data, api_tasks, api_evaluate, api_forecast, dashboard):
        app.include_router(module.router)
    _offline_docs(app)
    return app


def _offline_docs(app) -> None:
    """Swagger UI at ``/docs`` with its assets served from the installed ``fastapi-offline``
    package: Swagger UI 5, which renders the OpenAPI 3.1 document FastAPI writes (the 4.x of
    ``swagger-ui-bundle`` cannot: "Unable to render this definition"), and no CDN, so the API
    documentation works offline."""
    from pathlib import Path as _Path

    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    assets = _Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} -- HTTP API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon.png")
