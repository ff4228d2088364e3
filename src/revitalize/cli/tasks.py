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
import typing
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import typer

from revitalize.cli.output import (
    CsvEncoding,
    EncodingOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    check_encoding,
    emit,
)
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


def _is_list(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple or tp is tuple


def _annotation(tp: Any, optional: bool) -> Any:
    if _is_list(tp):  # repeatable (and comma-separated): `--data A --data B` or `--data A,B`
        return list[str] | None
    if tp in (int, float, bool):
        return (tp | None) if optional else tp
    return (str | None) if optional else str


def _parameter(field, tp, optional, *, loose: bool = False) -> inspect.Parameter:
    """The typer parameter of a request field; ``loose``: a required argument that a deprecated
    option may supply instead (checked when the command runs)."""
    meta = field.metadata
    help_text = meta.get("help", "")
    if meta.get("choices"):
        help_text += f" One of: {', '.join(meta['choices'])}."
    required = field.default is dataclasses.MISSING
    default = None if required else field.default
    if isinstance(default, tuple):
        default = list(default) if _is_list(tp) else ",".join(default)
    if meta.get("argument"):
        info = typer.Argument(... if required and not loose else default, help=help_text,
                              show_default=not required, metavar=field.name.upper())
    else:
        flag = "--" + field.name.replace("_", "-")
        names = [flag]
        if meta.get("short"):
            names.append("-" + meta["short"])
        if tp is bool:
            names = [f"{flag}/--no-{field.name.replace('_', '-')}"]
        info = typer.Option(... if required and not loose else default, *names, help=help_text,
                            show_default=default is not None)
    return inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, default=info,
                             annotation=_annotation(tp, optional))


def add_task_command(app: typer.Typer | None, spec: Task, name: str | None = None,
                     *, title: Any = None, extra: Sequence[inspect.Parameter] = (),
                     after: Callable[..., Any] | None = None,
                     before: Callable[..., None] | None = None,
                     context: Callable[..., AbstractContextManager] | None = None
                     ) -> Callable[..., None]:
    """Register the command of task ``spec`` on ``app`` (a typer group; None: build the command
    function without registering it) and return the command function.

    ``extra`` are door-only options (e.g. ``--chart FILE``: what to write beside the result,
    or ``--workers N``: where to run it; never what to compute). The hooks receive the values
    of the ``extra`` options as keywords:

    * ``before(given, **extra_values)`` checks the command line before the request is built
      (``given``: the request fields given); a usage error is a ``typer.BadParameter`` (exit 2);
    * ``context(**extra_values)`` is a context manager the task runs in (e.g. the execution
      backend of the Monte Carlo tasks, a door-only choice);
    * ``after(request, result, fmt=..., output=..., **extra_values)`` runs after the task and
      returns the result to print (None: print the task's result).
    """
    from revitalize.tasks import run

    params = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)]
    names = []
    fields_ = request_fields(spec.request)
    field_names = {f.name for f, _, _ in fields_}
    renamed = {**DEPRECATED_NAMES, **getattr(spec.request, "deprecated_names", {})}
    deprecated = {old: new for old, new in renamed.items()
                  if new in field_names and old not in field_names}
    kinds = {f.name: tp for f, tp, _ in fields_}
    for field, tp, optional in fields_:
        params.append(_parameter(field, tp, optional, loose=field.name in deprecated.values()))
        names.append(field.name)
    for old, new in deprecated.items():  # old spellings, accepted for one release
        params.append(inspect.Parameter(
            f"deprecated_{old}", inspect.Parameter.KEYWORD_ONLY,
            annotation=list[str] | None if _is_list(kinds[new]) else str | None,
            default=typer.Option(None, f"--{old}", hidden=True,
                                 help=f"Deprecated: use --{new.replace('_', '-')}.")))
    extra_names = [p.name for p in extra]
    params.extend(extra)
    params.append(inspect.Parameter("fmt", inspect.Parameter.KEYWORD_ONLY, default=FormatOption,
                                    annotation=OutputFormat))
    params.append(inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY,
                                    default=OutputOption, annotation=Path | None))
    params.append(inspect.Parameter("encoding", inspect.Parameter.KEYWORD_ONLY,
                                    default=EncodingOption, annotation=CsvEncoding))

    def command(ctx: typer.Context, **kwargs: Any) -> None:
        fmt, output, encoding = kwargs.pop("fmt"), kwargs.pop("output"), kwargs.pop("encoding")
        check_encoding(fmt, encoding)  # a usage error before the work, not after
        for old, new in deprecated.items():
            value = kwargs.pop(f"deprecated_{old}")
            if value is not None:
                sys.stderr.write(f"warning: --{old} is deprecated; use --{new}\n")
                unset = (None, [], (), _default_text(spec, new))
                if _is_list(kinds[new]) and kwargs.get(new):  # repeated options add up
                    value = [*value, *kwargs[new]]
                elif kwargs.get(new) not in (*unset, value):
                    raise InputError(f"both --{old} and --{new} given", field=f"--{old}",
                                     expected=f"only --{new}")
                kwargs[new] = value
        for f in names:  # a required argument its deprecated spelling did not supply either
            if kwargs[f] in (None, [], ()) and f in deprecated.values() and not _has_default(spec, f):
                hint = (f"argument {f.upper()!r}" if spec.request.__dataclass_fields__[f]
                        .metadata.get("argument") else f"'--{f.replace('_', '-')}'")
                help_text = spec.request.__dataclass_fields__[f].metadata.get("help", "")
                raise typer.BadParameter(f"missing: {help_text}".rstrip(": "), param_hint=hint)
        more = {k: kwargs.pop(k) for k in extra_names}
        given = {k: kwargs[k] for k in names
                 if not (kwargs[k] in (None, [], ()) and _is_list(kinds[k]))}
        if before is not None:
            before(given, **more)
        request = spec.request(**given)
        with context(**more) if context is not None else nullcontext():
            result = run(request, catalog_of(ctx))
        emit_warnings(result.meta)
        heading = title(request, result) if callable(title) else f"{spec.name}: " + str(
            getattr(request, "source", "") or "")
        if after is not None:
            shown = after(request, result, fmt=fmt, output=output, **more)
            result = result if shown is None else shown
        emit(result, fmt, output, title=heading, encoding=encoding)

    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__name__ = f"{spec.group}_{spec.command}".replace("-", "_")
    doc = (spec.request.__doc__ or spec.summary).strip()
    command.__doc__ = doc
    if app is not None:
        app.command(name or spec.command, help=doc, short_help=spec.summary)(command)
    return command


def _default_text(spec: Task, name: str) -> Any:
    """A field's default as the command line gives it back when the option is absent."""
    default = spec.request.__dataclass_fields__[name].default
    return list(default) if isinstance(default, tuple) else default


def _has_default(spec: Task, name: str) -> bool:
    f = spec.request.__dataclass_fields__[name]
    return f.default is not dataclasses.MISSING
