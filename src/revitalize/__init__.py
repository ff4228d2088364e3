"""revitalize -- analyse and steer the industrial revitalization of a region.

Default case: Northeast China (Liaoning, Jilin, Heilongjiang; eastern Inner Mongolia where
data allow). See README.md for the architecture and NOTATION.md for symbols.

The method families are attributes imported on first use, so ``import revitalize`` stays fast
(it imports no numpy, pandas or scipy)::

    import revitalize as rv
    rv.io.IOTable, rv.evaluate.entropy_weights, rv.forecast.gm11, rv.indicators.location_quotient
    rv.tasks.run(rv.tasks.io.LinkagesRequest(source="prov_io_2017", region="Liaoning"))
    rv.examples.path("ahp_founding_paper.yaml")

Optional subsystems are installed as extras (see :data:`EXTRAS`); a command that needs a missing
one says which, e.g. "needs the web extra: pip install 'revitalize[web]'".
"""

from __future__ import annotations

import importlib

#: subpackages and modules reachable as attributes (imported on first use)
FAMILIES = ("data", "io", "evaluate", "indicators", "forecast", "efficiency", "relatedness",
            "policy", "uncertainty", "tasks", "report", "examples", "errors", "results", "export")

#: top-level module of an optional dependency -> the extra that installs it
EXTRAS: dict[str, str] = {
    "fastapi": "web", "uvicorn": "web", "multipart": "web", "python_multipart": "web",
    "swagger_ui_bundle": "web", "fastapi_offline": "web", "starlette": "web",
    "dask": "dask", "distributed": "dask", "duckdb": "store",
    "statsmodels": "forecast",
    "mkdocs": "docs", "material": "docs", "mkdocstrings": "docs",
}

__all__ = ["EXTRAS", "FAMILIES", "__version__", "missing_extra_message", *FAMILIES]


def missing_extra_message(exc: ImportError, what: str | None = None) -> str | None:
    """One line naming the extra that provides a missing module, or ``None`` when the missing
    module is not an optional dependency (then the error is a real bug, not an install choice).

    >>> missing_extra_message(ModuleNotFoundError("No module named 'fastapi'", name="fastapi"),
    ...                       "revitalize serve")
    "revitalize serve needs the web extra (fastapi is not installed): pip install 'revitalize[web]'"
    """
    name = (getattr(exc, "name", None) or "").split(".")[0]
    extra = EXTRAS.get(name)
    if extra is None:
        return None
    subject = what or "this command"
    return (f"{subject} needs the {extra} extra ({name} is not installed): "
            f"pip install 'revitalize[{extra}]'")


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("revitalize")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0+unknown"


def __getattr__(name: str):
    """Import a family on first use (PEP 562); the import is then cached by Python.
    ``__version__`` is read from the installed metadata on first use too (about 0.3 s)."""
    if name == "__version__":
        value = globals()["__version__"] = _package_version()
        return value
    if name in FAMILIES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(FAMILIES) | {"__version__"})
