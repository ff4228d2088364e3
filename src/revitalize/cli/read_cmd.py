"""``revitalize data read FILE``: read a table or panel file -- without importing it -- and
summarise what was read. Generated from the request of the ``data.read`` task
(:mod:`revitalize.tasks.data`; the summary itself is
:func:`revitalize.data.datasets_api.summarise`). The readers' warnings (quality flags,
tolerated imbalances) go to standard error as ``warning: ...`` lines and into
``meta["warnings"]``.
"""

from __future__ import annotations

from pathlib import Path

from revitalize.cli.groups import data as app

__all__ = ["command"]


def _title(request, result) -> str:
    return f"{Path(request.source).name} ({result.meta.get('kind')})"


def _register():
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    return add_task_command(app, TASKS["data.read"], title=_title)


command = _register()
