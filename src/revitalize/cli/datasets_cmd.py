"""``revitalize data list`` and ``revitalize data show NAME``: the datasets the catalog resolves
by name (the store's, a mirror's, the bundled ones) and one dataset's contents. Generated from
the requests of the ``data.list`` and ``data.show`` tasks (:mod:`revitalize.tasks.data`); the
terminal table is shortened here (regions and checksums abbreviated), JSON and CSV keep every
column.
"""

from __future__ import annotations

import dataclasses

from revitalize.cli.groups import data as app
from revitalize.cli.output import OutputFormat, console

__all__ = ["list_command", "show_command"]


def _list_after(request, result, *, fmt, output):
    if OutputFormat(fmt) is not OutputFormat.table:
        return None
    if result.table.empty and output is None:
        where = (result.meta.get("data_dir") if request.origin == "store"
                 else f"origin {request.origin}")
        console.print(f"no datasets in {where} (see `revitalize data import --help` and "
                      "`revitalize data list --origin all`)", highlight=False)
    frame = result.table.copy()
    if "regions" in frame:
        frame["regions"] = [r if not isinstance(r, str) or r.count(",") < 4 else
                            f"{r.count(',') + 1} regions ({', '.join(r.split(',')[:3])}, ...)"
                            for r in frame["regions"]]
    if "sha256" in frame:
        frame["sha256"] = [s[:12] if isinstance(s, str) else s for s in frame["sha256"]]
    frame = frame.drop(columns=[c for c in ("notes", "aliases") if c in frame])
    return dataclasses.replace(result, table=frame)


def _show_after(request, result, *, fmt, output):
    if OutputFormat(fmt) is OutputFormat.table and output is None:
        info = result.meta.get("dataset") or {}
        keys = ("name", "origin", "kind", "regions", "years", "n_rows", "original_file",
                "file", "sha256", "reader", "imported_at", "title")
        for key in keys:
            value = info.get(key) if key != "origin" else result.meta.get("origin")
            if value not in (None, "", []):
                text = ",".join(map(str, value)) if isinstance(value, list) else value
                console.print(f"{key:>13}: {text}", highlight=False)
        for note in info.get("notes") or ():
            console.print(f"{'note':>13}: {note}", highlight=False)
    return None


def _register():
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    return (add_task_command(app, TASKS["data.list"], title=lambda r, res: "datasets",
                             after=_list_after),
            add_task_command(app, TASKS["data.show"], title=lambda r, res: r.source,
                             after=_show_after))


list_command, show_command = _register()
