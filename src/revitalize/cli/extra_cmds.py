"""Commands of tasks that belong to existing groups (issues 17, 18, 20), added to those groups'
apps: ``io sda|spillovers``; ``evaluate vikor|promethee|edas|codas|mabac|cocoso|waspas|moora|
bwm|compare``; ``uncertainty mcda``; ``indicators customs-trade|trade-totals|state-ownership|
grain|transfers|macro-growth|city-population|co2-intensity|documents-vs-data``. Each is
generated from its request (:mod:`revitalize.tasks.structure`, :mod:`~revitalize.tasks.mcda`,
:mod:`~revitalize.tasks.regional`). :func:`register` runs once, from :mod:`revitalize.cli.app`.
"""

from __future__ import annotations

import importlib

__all__ = ["EXTRA", "register"]

# group CLI module -> task names added to its app
EXTRA = {
    "io_cmd": ("io.sda", "io.spillovers", "io.emissions"),
    "evaluate_cmd": ("evaluate.vikor", "evaluate.promethee", "evaluate.edas", "evaluate.codas",
                     "evaluate.mabac", "evaluate.cocoso", "evaluate.waspas", "evaluate.moora",
                     "evaluate.bwm", "evaluate.compare"),
    "uncertainty_cmd": ("uncertainty.mcda",),
    "indicators_cmd": ("indicators.customs_trade", "indicators.trade_totals",
                       "indicators.state_ownership", "indicators.grain", "indicators.transfers",
                       "indicators.macro_growth", "indicators.city_population",
                       "indicators.co2_intensity", "indicators.documents_vs_data",
                       "indicators.structure_shares"),
}


def register() -> None:
    """Add the commands to their groups (a group already holding a command of that name, e.g.
    once its own module generates it, keeps its own)."""
    from revitalize.cli.tasks import add_task_command
    from revitalize.tasks import TASKS, load_all

    load_all()
    for module, names in EXTRA.items():
        if importlib.util.find_spec(f"revitalize.cli.{module}") is None:
            continue
        app = importlib.import_module(f"revitalize.cli.{module}").app
        have = {c.name for c in app.registered_commands}
        for name in names:
            spec = TASKS.get(name)
            if spec is not None and spec.command not in have:
                add_task_command(app, spec)
