"""Example inputs shipped with the package (in the wheel), used by the tutorials and ``--help``.

=====================================  =========================================================
file                                   what it is
=====================================  =========================================================
``ahp_founding_paper.yaml``            AHP questionnaire of the founding documents (criteria of
                                       industrial revitalization), for ``evaluate ahp``
``ahp_group_experts.yaml``             the same questionnaire answered by several experts
                                       (group AHP: aggregation of judgments or of priorities)
``ahp_saaty1990_house.yaml``           Saaty (1990) EJOR 48:9-26 house example (reference)
``extension_innovation_capability.yaml``  matter-element extension evaluation of innovation
                                       capability (classical and joint domains)
``liaoning_investment_shift.yaml``     a scenario: investment shifted between Liaoning sectors
                                       of the 2017 provincial table (``io impact``)
``user_table_3sectors.csv``            a user's own 3-sector IO table in the NBS CSV layout
=====================================  =========================================================

From Python::

    from revitalize import examples
    examples.names()                       # the file names above
    examples.path("ahp_founding_paper.yaml")  # a pathlib.Path inside the installed package

From a shell, ``python -m revitalize.examples`` lists them with their paths and
``python -m revitalize.examples copy DIR`` copies them into ``DIR`` (to edit them).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

__all__ = ["copy_to", "names", "path"]

_HERE = Path(__file__).resolve().parent
_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx", ".json")


def names() -> list[str]:
    """File names of the shipped examples, sorted."""
    return sorted(p.name for p in _HERE.iterdir() if p.suffix in _SUFFIXES)


def path(name: str) -> Path:
    """Path of one shipped example, e.g. ``path("ahp_founding_paper.yaml")``.

    Raises
    ------
    revitalize.errors.UnknownLabelError
        When no example has that name (the message lists the names).
    """
    if name in names():
        return _HERE / name
    from revitalize.errors import UnknownLabelError

    raise UnknownLabelError(f"no example named {name!r}", field="name",
                            expected=f"one of {names()}")


def copy_to(directory: str | Path) -> list[Path]:
    """Copy every example into ``directory`` (created if needed); an existing file of the same
    name is not overwritten. Returns the paths written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names():
        dest = target / name
        if not dest.exists():
            shutil.copyfile(_HERE / name, dest)
            written.append(dest)
    return written


def _main(argv: list[str]) -> int:
    if not argv:
        for name in names():
            print(f"{name}\t{_HERE / name}")
        return 0
    if argv[0] == "copy" and len(argv) == 2:
        for p in copy_to(argv[1]):
            print(p)
        return 0
    print("usage: python -m revitalize.examples [copy DIR]", file=sys.stderr)
    return 2
