"""Web dashboard and HTTP API over the package's computations (FastAPI).

``create_app(data_dir=None, *, mirror_dir=None, max_upload_bytes=...)`` builds the app; the
``revitalize serve`` command runs it with uvicorn on the loopback interface. See
:mod:`revitalize.web.app`.
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):  # lazy: keep `import revitalize` free of FastAPI
    if name == "create_app":
        from revitalize.web.app import create_app

        return create_app
    raise AttributeError(f"module 'revitalize.web' has no attribute {name!r}")
