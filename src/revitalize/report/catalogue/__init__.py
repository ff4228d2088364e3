"""Parts of the reader-visible string catalogue kept in their own modules.

:mod:`revitalize.report.i18n` holds the core catalogue (titles, units, table columns, category
values); each module here contributes more entries by defining any of ``STRINGS``, ``UNITS``,
``COLUMNS``, ``TABLE_COLUMNS``, ``VALUES``, ``INDICATORS`` (dicts of the same shapes as in
:mod:`~revitalize.report.i18n`) and ``NOTES`` (a tuple of (English pattern, Chinese template)).
A module is picked up by being here: a family or a door (e.g. the dashboard) adds its strings
in its own file, without editing a shared one. A key defined twice with different texts is an
error at import, never a silent override.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

__all__ = ["PARTS", "merged"]

PARTS = ("STRINGS", "UNITS", "COLUMNS", "TABLE_COLUMNS", "VALUES", "INDICATORS", "NOTES")


def merged(core: dict[str, Any]) -> dict[str, Any]:
    """``core`` (part name -> dict, or tuple for NOTES) extended by every module here."""
    out = {part: (tuple(core.get(part, ())) if part == "NOTES" else dict(core.get(part, {})))
           for part in PARTS}
    where: dict[tuple[str, Any], str] = {(p, k): "i18n" for p in PARTS if p != "NOTES"
                                         for k in out[p]}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for part in PARTS:
            entries = getattr(module, part, None)
            if entries is None:
                continue
            if part == "NOTES":
                out[part] = out[part] + tuple(entries)
                continue
            for key, value in entries.items():
                if key in out[part] and out[part][key] != value:
                    raise RuntimeError(f"catalogue: {part}[{key!r}] is defined by "
                                       f"{where[(part, key)]} and by {info.name} differently")
                out[part][key] = value
                where[(part, key)] = info.name
    return out
