"""``import revitalize`` stays light; family-level names resolve lazily and never shadow a
module of the same name."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import revitalize

FAMILIES = ("io", "evaluate", "indicators", "forecast", "uncertainty")


def test_import_revitalize_loads_no_numerical_stack():
    code = ("import sys, revitalize; heavy = [m for m in ('numpy', 'pandas', 'scipy', "
            "'importlib.metadata') if m in sys.modules]; print(heavy)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_version_and_families_are_lazy_attributes():
    assert revitalize.__version__
    assert revitalize.io.__name__ == "revitalize.io"
    assert {"io", "evaluate", "forecast", "examples", "__version__"} <= set(dir(revitalize))
    with pytest.raises(AttributeError):
        revitalize.nothing_here  # noqa: B018


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_name_resolves_and_no_name_shadows_a_module(family):
    module = importlib.import_module(f"revitalize.{family}")
    submodules = {m.name for m in pkgutil.iter_modules(module.__path__)}
    clashes = set(module.__all__) & submodules
    assert not clashes, f"names that would shadow modules of revitalize.{family}: {clashes}"
    for name in module.__all__:
        getattr(module, name)
        assert name in dir(module)


def test_family_level_imports():
    from revitalize.evaluate import AHPResult, entropy_weights, rank
    from revitalize.forecast import ForecastResult, auto_forecast, gm11
    from revitalize.indicators import location_quotient
    from revitalize.io import IOTable, LinkagesResult, linkages, multipliers

    assert linkages.__name__ == "revitalize.io.linkages"        # the module
    assert callable(linkages.linkages) and callable(multipliers.multipliers)
    assert IOTable.__module__ == "revitalize.model.table"
    assert LinkagesResult.__module__ == "revitalize.io.linkages"
    assert gm11.__module__ == "revitalize.forecast.grey" and callable(auto_forecast)
    assert ForecastResult.__module__ == "revitalize.forecast.base"
    assert callable(entropy_weights) and callable(rank) and callable(location_quotient)
    assert AHPResult.__module__ == "revitalize.evaluate.ahp"


def test_unknown_family_name_is_an_attribute_error():
    import revitalize.io as io

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        io.nope  # noqa: B018
