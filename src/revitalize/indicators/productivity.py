"""Capital stock by the perpetual-inventory method (PIM), province by province.

``K_t = (1 - delta) K_{t-1} + I_t / P_t`` with ``I_t`` gross fixed capital formation at current
prices and ``P_t`` the investment price index (fixed base, e.g. 1952 = 1), so ``K`` is in constant
base-year prices. Assumptions are named arguments, recorded in ``meta``:

* ``delta`` -- depreciation rate, default 0.096 (Zhang Jun, Wu Guiying & Zhang Jipeng 2004,
  "中国省际物质资本存量估算：1952-2000", 经济研究 2004(10));
* ``initial`` -- the base-year stock: ``"zhang2004"`` ``K_0 = I_0 / 0.10`` (their rule), or
  ``"harberger"`` ``K_0 = I_0 / (g + delta)`` with ``g`` the average real investment growth of the
  first ``growth_years`` years (Harberger 1978).

* ``prices_of`` -- the year whose prices the stock is expressed in. By default the index base
  (1952 = 1), as Zhang et al. (2004) publish it; ``prices_of=2000`` multiplies each province's
  stock by its own index in 2000 (``K_t^{2000} = K_t^{1952} P_{2000}``), i.e. constant 2000 prices,
  the unit of real GDP in constant 2000 prices and the usual input of provincial DEA/TFP studies.

Caveats kept visible (PROVENANCE of cn_prov_capital_inputs): GFCF after 2017 is estimated (flag
``X``); price-index levels are not comparable across provinces (their 2017 levels range from 1.87
in Beijing to 15.5 in Liaoning and 49.3 in Yunnan), so stocks in 1952 prices are within-province
series only -- across provinces compare stocks in the prices of one recent year (``prices_of``).
Chongqing starts in 1996 from Harberger's rule (``late_start``; Zhang et al.'s ``I_1996 / 0.10``
would give about twice the stock the source package gets by splitting Sichuan's 1995 stock), and
Sichuan's series keeps Chongqing's capital before 1996. TFP and growth accounting: :mod:`revitalize.efficiency`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revitalize.errors import InputError, UnknownLabelError
from revitalize.indicators.structure import StructureResult
from revitalize.model.panel import Panel
from revitalize.results import build_meta

__all__ = ["pim_kernel", "capital_stock"]

GFCF = "gfcf_current_100m_yuan"
PRICE = "investment_price_index_1952eq1"


def pim_kernel(real_investment: np.ndarray, delta: float, k0: float) -> np.ndarray:
    """``K_t = (1 - delta) K_{t-1} + I_t``, ``K_{first} = k0`` (the base-year stock)."""
    k = np.empty_like(real_investment, dtype=float)
    k[0] = k0
    for t in range(1, len(k)):
        k[t] = (1.0 - delta) * k[t - 1] + real_investment[t]
    return k


def _initial(real: np.ndarray, delta: float, initial: str, growth_years: int) -> float:
    if initial == "zhang2004":
        return float(real[0] / 0.10)
    if initial == "harberger":
        span = real[: growth_years + 1]
        if len(span) < 2 or (span <= 0).any():
            raise InputError("Harberger initial stock needs positive investment in the first years",
                             field="initial")
        g = float(np.exp(np.mean(np.diff(np.log(span)))) - 1)
        if g + delta <= 0:
            raise InputError(f"growth {g:.3f} + delta {delta} <= 0", field="initial")
        return float(real[0] / (g + delta))
    raise InputError(f"unknown initial rule {initial!r}", field="initial",
                     expected="'zhang2004' or 'harberger'")


def capital_stock(panel: Panel, *, delta: float = 0.096, initial: str = "zhang2004",
                  growth_years: int = 5, regions=None,
                  prices_of: int | None = None, late_start: str = "harberger") -> StructureResult:
    """Real capital stock (constant prices, 100 million yuan) by province and year.

    Parameters
    ----------
    panel
        The capital-inputs panel (GFCF at current prices and the investment price index).
    delta, initial, growth_years
        Assumptions (see the module docstring).
    regions
        Provinces to compute (default: all in the panel).
    prices_of
        Express the stock in constant prices of this year (each province's stock times its own
        investment price index of that year); ``None``: 1952 prices, comparable within a
        province only.
    late_start
        Initial stock of a province whose series starts after the panel's first year (Chongqing,
        1996): ``"harberger"`` (default) ``I_0 / (g + delta)``, since Zhang et al.'s
        ``I_0 / 0.10`` is their rule for 1952 and doubles Chongqing's stock (its 1996 investment
        grew about 15 % a year); ``"same"``: the ``initial`` rule.

    Returns
    -------
    StructureResult
        Long ``table``: region, year, real_investment, capital_stock, estimated (``X`` flag).
    """
    if not 0 < delta < 1:
        raise InputError(f"delta={delta} is outside (0, 1)", field="delta")
    if not {GFCF, PRICE} <= set(panel.indicators):
        raise UnknownLabelError(f"the panel lacks {sorted({GFCF, PRICE} - set(panel.indicators))}",
                                file=panel.provenance.file,
                                expected="the capital-inputs panel (cn_prov_capital_inputs)")
    if late_start not in ("harberger", "same"):
        raise InputError(f"unknown late_start rule {late_start!r}", field="late_start",
                         expected="'harberger' or 'same'")
    d = panel.select(indicator=[GFCF, PRICE], region=regions).data
    first = int(panel.data["year"].min())
    late: list[str] = []
    out = []
    for region, g in d.groupby("region"):
        w = g.pivot(index="year", columns="indicator", values="value").sort_index()
        flags = g[g["indicator"] == GFCF].set_index("year")["flag"].reindex(w.index).fillna("")
        if w.isna().any().any() or (np.diff(w.index) != 1).any():
            raise InputError(f"{region}: gaps in GFCF or the price index", field=str(region),
                             expected="consecutive years with both series")
        real = (w[GFCF] / w[PRICE]).to_numpy(float)
        rule = initial
        if int(w.index.min()) > first:
            late.append(f"{region} from {int(w.index.min())}")
            rule = initial if late_start == "same" else "harberger"
        k = pim_kernel(real, delta, _initial(real, delta, rule, growth_years))
        if prices_of is not None:
            if prices_of not in w.index:
                raise InputError(f"{region}: no investment price index in {prices_of}",
                                 field="prices_of", expected=f"a year in {w.index.min()}-"
                                                             f"{w.index.max()}")
            level = float(w.loc[prices_of, PRICE])
            real, k = real * level, k * level
        out.append(pd.DataFrame({"region": region, "year": w.index, "real_investment": real,
                                 "capital_stock": k, "estimated": flags.str.contains("X").to_numpy()}))
    table = pd.concat(out, ignore_index=True)
    unit = ("100 million yuan, constant 1952 prices (within-province comparisons only)"
            if prices_of is None else f"100 million yuan, constant {prices_of} prices")
    return StructureResult(table=table, meta=build_meta("capital_stock_pim", conventions={
        "delta": delta, "initial": initial,
        "growth_years": growth_years if "harberger" in (initial, late_start) else None,
        "late_start": f"{late_start} ({', '.join(late)})" if late else None,
        "real_investment": "GFCF / investment price index (1952 = 1)"
                           + ("" if prices_of is None else f" x the index of {prices_of}"),
        "prices_of": 1952 if prices_of is None else prices_of, "unit": unit},
        provenance=panel.provenance))
