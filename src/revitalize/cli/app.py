"""Root command and subcommand groups. Each family registers its group here."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    name="revitalize",
    help="Analyse and steer the industrial revitalization of a region "
         "(default case: Northeast China). Every figure carries its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        # read here, not at import: the installed metadata costs 0.1 s that --help need not pay
        from revitalize import __version__

        typer.echo(f"revitalize {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool | None = typer.Option(
        None, "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
    ),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", envvar="REVITALIZE_DATA_DIR",
        help="Directory of the dataset store (default: the user data directory; "
             "env REVITALIZE_DATA_DIR).",
        file_okay=False,
    ),
    mirror: Path | None = typer.Option(
        None, "--mirror", envvar="REVITALIZE_MIRROR",
        help="A directory laid out like the project's shared/data: its datasets are read in "
             "place and override the bundled ones (env REVITALIZE_MIRROR).",
        file_okay=False,
    ),
) -> None:
    """revitalize command line."""
    ctx.obj = {"data_dir": data_dir, "mirror": mirror}


def _register() -> None:
    import importlib
    import importlib.util

    import revitalize.cli.groups as groups
    from revitalize.cli.report import report

    # Command modules add their commands to the groups of revitalize.cli.groups when imported.
    for module in ("data", "io_cmd", "uncertainty_cmd"):
        importlib.import_module(f"revitalize.cli.{module}")
    app.add_typer(groups.data, name="data", help=groups.DATA_HELP)
    app.add_typer(groups.io, name="io", help=groups.IO_HELP)
    app.add_typer(groups.uncertainty, name="uncertainty", help=groups.UNCERTAINTY_HELP)
    app.command("report", help=report.__doc__)(report)
    # Method families with their own group: a group module exposes `app` (a Typer group) and
    # `HELP`; a command module exposes `command` and `NAME`.
    for module, name in (("evaluate_cmd", "evaluate"), ("indicators_cmd", "indicators"),
                         ("efficiency_cmd", "efficiency"), ("relatedness_cmd", "relatedness"),
                         ("policy_cmd", "policy")):
        if importlib.util.find_spec(f"revitalize.cli.{module}") is not None:
            mod = importlib.import_module(f"revitalize.cli.{module}")
            app.add_typer(mod.app, name=name, help=mod.HELP)
    for module, name in (("forecast_cmd", "forecast"), ("serve_cmd", "serve")):
        if importlib.util.find_spec(f"revitalize.cli.{module}") is not None:
            mod = importlib.import_module(f"revitalize.cli.{module}")
            app.command(name, help=mod.command.__doc__)(mod.command)
    importlib.import_module("revitalize.cli.extra_cmds").register()


_register()
