"""``revitalize evaluate ...``: AHP, matter-element extension, entropy/CRITIC, TOPSIS, GRA,
coupling coordination and declared indicator systems.

The commands are generated from the application layer's requests
(:mod:`revitalize.tasks.evaluate`); ``ahp-questionnaire`` (which writes a workbook to fill, not
a result) has its own module.
"""

from __future__ import annotations

import typer

HELP = ("Evaluation: AHP (group judgments), matter-element extension, entropy/CRITIC weights, "
        "TOPSIS, grey relational analysis, coupling coordination, indicator systems.")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})

COMMANDS = ("ahp", "extension", "entropy", "critic", "topsis", "gra", "coupling", "system")
_TITLES = {"ahp": "AHP", "entropy": "Entropy weights", "critic": "CRITIC weights",
           "topsis": "TOPSIS", "gra": "Grey relational analysis",
           "coupling": "Coupling coordination",
           "extension": "Matter-element extension evaluation", "system": "Indicator system"}


def _title(name: str):
    def heading(request, result) -> str:
        return f"{_TITLES[name]}: {getattr(request, 'source', None) or request.system}"

    return heading


def _register() -> None:
    from revitalize.cli import evaluate_ahp_cmd
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for name in COMMANDS:
        add_task_command(app, TASKS[f"evaluate.{name}"], title=_title(name))
    for name, spec in sorted(TASKS.items()):  # the family's other tasks (ranking methods...)
        if spec.group == "evaluate" and name.split(".", 1)[1] not in COMMANDS:
            add_task_command(app, spec)
    app.command("ahp-questionnaire")(evaluate_ahp_cmd.questionnaire_command)


_register()
