"""CLI commands generated from the application layer's requests.

A task's request fields become its command's options one to one: ``import_share`` ->
``--import-share``, the field's help is the option's help, its default the option's default,
its choices are listed; the ``source`` field is the positional argument. The command parses,
builds the request, calls :func:`revitalize.tasks.run` with the catalog of the root options
(``--data-dir`` for the store, ``--mirror`` for a directory laid out like ``shared/data``) and
prints through :func:`revitalize.cli.output.emit`. Warnings go to standard error as
``warning: ...`` lines and into ``meta["warnings"]``.

One meaning per short flag in every command (:data:`SHORT_FLAGS`).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from pathlib import Path
from typing import Any

import typer

from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import InputError
from revitalize.tasks.base import DEPRECATED_NAMES, Task, request_fields

__all__ = ["SHORT_FLAGS", "add_task_command", "catalog_of", "emit_warnings"]

# The short flags, each meaning one thing everywhere ("-f" format and "-o" output are the
# output conventions; "-h" is help).
SHORT_FLAGS = {"r": "region", "y": "year", "s": "sectors"}


def catalog_of(ctx: typer.Context):
    """The catalog of the root options (``--data-dir``, ``--mirror``)."""
    from revitalize.data.catalog import default_catalog

    obj = ctx.find_root().obj if ctx is not None else None
    obj = obj if isinstance(obj, dict) else {}
    return default_catalog(store_dir=obj.get("data_dir"), mirror_dir=obj.get("mirror"))


def emit_warnings(meta: Any) -> None:
    """Each warning of ``meta["warnings"]`` as one ``warning: ...`` line on standard error."""
    for w in meta.get("warnings", ()) or ():
        text = w["message"] if isinstance(w, dict) else str(w)
        sys.stderr.write(f"warning: {' '.join(str(text).split())}\n")


def _annotation(tp: Any, optional: bool) -> Any:
    if tp in (int, float, bool):
        return (tp | None) if optional else tp
    return (str | None) if optional else str


def _parameter(field, tp, optional) -> inspect.Parameter:
    meta = field.metadata
    help_text = meta.get("help", "")
    if meta.get("choices"):
        help_text += f" One of: {', '.join(meta['choices'])}."
    default = field.default
    if isinstance(default, tuple):
        default = ",".join(default)
    if meta.get("argument"):
        required = field.default is dataclasses.MISSING
        info = typer.Argument(... if required else default, help=help_text,
                              show_default=not required)
        ann = _annotation(tp, optional)
    else:
        flag = "--" + field.name.replace("_", "-")
        names = [flag]
        if meta.get("short"):
            names.append("-" + meta["short"])
        if tp is bool:
            names = [f"{flag}/--no-{field.name.replace('_', '-')}"]
        info = typer.Option(default, *names, help=help_text, show_default=default is not None)
        ann = _annotation(tp, optional)
    return inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=info,
                             annotation=ann)


def add_task_command(app: typer.Typer, spec: Task, name: str | None = None,
                     *, title: Any = None) -> None:
    """Register the command of task ``spec`` on ``app`` (a typer group)."""
    from revitalize.tasks import run

    params = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)]
    names = []
    for field, tp, optional in request_fields(spec.request):
        params.append(_parameter(field, tp, optional))
        names.append(field.name)
    deprecated = {old: new for old, new in DEPRECATED_NAMES.items() if new in names}
    for old, new in deprecated.items():  # old spellings, accepted for one release
        params.append(inspect.Parameter(
            f"deprecated_{old}", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
            default=typer.Option(None, f"--{old}", hidden=True,
                                 help=f"Deprecated: use --{new.replace('_', '-')}.")))
    params.append(inspect.Parameter("fmt", inspect.Parameter.KEYWORD_ONLY, default=FormatOption,
                                    annotation=OutputFormat))
    params.append(inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY,
                                    default=OutputOption, annotation=Path | None))

    def command(ctx: typer.Context, **kwargs: Any) -> None:
        fmt, output = kwargs.pop("fmt"), kwargs.pop("output")
        for old, new in deprecated.items():
            value = kwargs.pop(f"deprecated_{old}")
            if value is not None:
                sys.stderr.write(f"warning: --{old} is deprecated; use --{new}\n")
                if kwargs.get(new) not in (None, value):
                    raise InputError(f"both --{old} and --{new} given", field=f"--{old}",
                                     expected=f"only --{new}")
                kwargs[new] = value
        request = spec.request(**{k: kwargs[k] for k in names})
        result = run(request, catalog_of(ctx))
        emit_warnings(result.meta)
        heading = title(request, result) if callable(title) else f"{spec.name}: " + str(
            getattr(request, "source", "") or "")
        emit(result, fmt, output, title=heading)

    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__name__ = f"{spec.group}_{spec.command}".replace("-", "_")
    doc = (spec.request.__doc__ or spec.summary).strip()
    command.__doc__ = doc
    app.command(name or spec.command, help=doc)(command)
