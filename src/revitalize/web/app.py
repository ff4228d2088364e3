"""The web application: :func:`create_app` builds a FastAPI app serving the dashboard (``/``)
and the HTTP API (``/api/...``, documented at ``/docs`` and ``/openapi.json``).

Nothing is global: the settings, the dataset sources and the computation lock live on
``app.state`` of each app, so two apps (two stores, two limits) coexist in one process.

Routers, one per family: :mod:`~revitalize.web.api_data` (regions, facts, datasets),
:mod:`~revitalize.web.api_tasks` (every application-layer task), :mod:`~revitalize.web.api_evaluate`
(AHP, TOPSIS),
:mod:`~revitalize.web.api_forecast` (forecasts), :mod:`~revitalize.web.dashboard` (the page and
its offline plotly.js).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError

from revitalize.errors import RevitalizeError
from revitalize.web.common import ApiError, error_response
from revitalize.web.uploads import MULTIPART_SLACK, BodyLimitMiddleware

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "LOOPBACK_HOSTS", "Settings", "create_app"]

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

_DESCRIPTION = """\
HTTP API of **revitalize**: input-output linkages and multipliers, AHP and TOPSIS, regional
shares and forecasts, on uploaded tables or named datasets. Every result is
`{"meta": {...}, "table": [records]}` where `meta` names the method, every convention, the
inputs' provenance and the package version; `format=csv|xlsx` downloads the table (formula-like
text escaped). Errors are `{"error": one line, "field": ...}`: 422 invalid input, 413 too large,
415 unsupported content type. Uploads are parsed, never executed, and deleted afterwards.
"""


@dataclass(frozen=True)
class Settings:
    """What an app was created with."""

    data_dir: Path | None
    mirror_dir: Path | None
    max_upload_bytes: int


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RevitalizeError)
    async def revitalize_error(request: Request, exc: RevitalizeError):
        return error_response(422, exc.one_line(), exc.field)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return error_response(exc.status_code, exc.message, exc.field)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        field = ".".join(loc) or None
        message = f"{field}: {first.get('msg', 'invalid request')}" if field else \
            first.get("msg", "invalid request")
        return error_response(422, message, field,
                              detail=jsonable_encoder(errors, custom_encoder={bytes: repr}))


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
    app.state.compute_lock = threading.Lock()
    app.add_middleware(BodyLimitMiddleware, max_bytes=int(max_upload_bytes) + MULTIPART_SLACK,
                       upload_limit=int(max_upload_bytes))
    if allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    _handlers(app)
    for module in (api_data, api_tasks, api_evaluate, api_forecast, dashboard):
        app.include_router(module.router)
    _offline_docs(app)
    return app


def _offline_docs(app) -> None:
    """Swagger UI at ``/docs`` with its assets served from the installed ``swagger-ui-bundle``
    package (FastAPI's default loads them from a CDN, which an offline machine cannot reach)."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
              name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} -- HTTP API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")
