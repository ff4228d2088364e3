"""The dashboard's capital-stock view ("ks"): the ``indicators.capital_stock`` task (perpetual
inventory, Zhang, Wu & Zhang 2004) drawn as the capital-output ratio K/Y or the capital stock by
year, in English and Chinese.

Served with the rest of the page's strings by ``GET /api/dashboard/strings``
(:mod:`revitalize.web.dashboard`: every ``dash_*`` key of the merged catalogue). The table
headers of the view come from the core ``COLUMNS`` (``capital_stock`` and ``real_investment`` in
2000 prices) and :mod:`.capital` (``capital_output_ratio``); ``TABLE_COLUMNS`` below adds real
GDP (view ``ks``, 2000 prices) and the 1952-price headers (view ``k52``: each province's own 1952
prices, the page's table of a 1952-price result).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "dash_ks_title": ("Capital stock and the capital-output ratio K/Y (perpetual inventory)",
                      "资本存量与资本产出比 K/Y（永续盘存法）"),
    "dash_ks_prices": ("Constant prices", "不变价"),
    "dash_ks_prices_2000": ("2000 prices (comparable across provinces)", "2000年价（可跨省比较）"),
    "dash_ks_prices_1952": ("1952 prices of each province (Zhang, Wu & Zhang 2004; capital stock "
                            "only)",
                            "各省1952年价（张军、吴桂英、张吉鹏 2004；仅资本存量）"),
    "dash_ks_ratio": ("Capital-output ratio K/Y", "资本产出比 K/Y"),
    "dash_ks_ratio_on": ("on: K/Y against real GDP (2000–2019), with the Northeast and the 31 "
                         "provinces",
                         "显示：K/Y（对实际 GDP，2000–2019年），含东北与31个省份合计"),
    "dash_ks_ratio_off": ("off: the capital stock of the provinces (1952–2022)",
                          "不显示：各省资本存量（1952–2022年）"),
    "dash_ks_chart_ky": ("Capital-output ratio K/Y, {first}–{last} (capital stock and real GDP at "
                         "constant {year} prices; δ = {delta})",
                         "资本产出比 K/Y，{first}–{last}年（资本存量与实际 GDP 均为{year}年不变价；"
                         "δ = {delta}）"),
    "dash_ks_chart_k": ("Capital stock of the provinces, {first}–{last} (constant {year} prices; "
                        "δ = {delta})",
                        "各省资本存量，{first}–{last}年（{year}年不变价；δ = {delta}）"),
    "dash_ks_chart_k_own": ("Capital stock of the provinces, {first}–{last} (each province's "
                            "constant {year} prices: compare within a province only; δ = {delta})",
                            "各省资本存量，{first}–{last}年（各省自身的{year}年不变价：仅可省内"
                            "比较；δ = {delta}）"),
    "dash_ks_y_ky": ("K/Y (ratio: capital stock / real GDP, both at constant {year} prices)",
                     "K/Y（比值：资本存量 / 实际 GDP，均为{year}年不变价）"),
    "dash_ks_y_k": ("Capital stock (100 million yuan, constant {year} prices)",
                    "资本存量（亿元，{year}年不变价）"),
    "dash_ks_y_k_own": ("Capital stock (100 million yuan, each province's constant {year} prices)",
                        "资本存量（亿元，各省自身的{year}年不变价）"),
    "dash_ks_31": ("31 provinces (sum)", "31个省份合计"),
    "dash_ks_estimated": ("investment estimated by the source", "投资为来源的估计值"),
}

UNITS: dict[str, tuple[str, str]] = {
    "capital_yi_yuan_1952_own": ("100 million yuan, each province's 1952 prices",
                                 "亿元，各省自身的1952年价"),
}

TABLE_COLUMNS: dict[tuple[str, str], tuple[str, str, str | None, str | None]] = {
    ("dashboard.ks", "real_gdp"): ("Real GDP", "实际 GDP", "money", "capital_yi_yuan_2000"),
    ("dashboard.k52", "capital_stock"): ("Capital stock", "资本存量", "money",
                                         "capital_yi_yuan_1952_own"),
    ("dashboard.k52", "real_investment"): ("Real investment", "实际投资", "money",
                                           "capital_yi_yuan_1952_own"),
}
