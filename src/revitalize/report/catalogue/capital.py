"""Reader-visible strings of the capital-stock section ("productivity"): the stock of the
provinces in constant 2000 prices and the capital-output ratio K/Y against real GDP at 2000
prices (the ``indicators.capital_stock`` task), its caveats and its key finding."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "capital_fig_k": ("{region}: capital stock, constant 2000 prices",
                      "{region}：资本存量（2000年不变价）"),
    "capital_ax_k": ("Capital stock (100 million yuan, constant 2000 prices)",
                     "资本存量（亿元，2000年不变价）"),
    "capital_fig_ky": ("{region}: capital-output ratio K/Y",
                       "{region}：资本产出比 K/Y"),
    "capital_ax_ky": ("K/Y (capital stock / real GDP, both at 2000 prices)",
                      "K/Y（资本存量 / 实际 GDP，均为2000年价）"),
    "capital_31": ("31 provinces", "31个省份合计"),
    "capital_part": ("{region} {k} (K/Y {ky})", "{region} {k}（K/Y {ky}）"),
    "msg_capital": (
        "Capital stock by the perpetual inventory (delta {delta}, initial stock I/0.10 as Zhang, "
        "Wu & Zhang 2004) in constant 2000 prices, 100 million yuan, in {year}: {parts}; the 31 "
        "provinces {nation} (K/Y {nation_ky}). Each province's 1952-price stock is multiplied by "
        "its own investment price index of 2000, so levels and K/Y compare across provinces; "
        "real GDP is the efficiency inputs' series at 2000 prices, and the 31 provinces are sum "
        "over sum. Caveats: {est}the investment price index is a proxy (the source's chained "
        "fixed-asset investment price index; the retail price index for Tibet), and provincial "
        "investment sums exceed the national figure. Productivity (DEA, Malmquist) is in the "
        "efficiency section.",
        "采用永续盘存法（折旧率 {delta}，初始存量按张军、吴桂英、张吉鹏（2004）取 I/0.10）以2000年"
        "不变价（亿元）计算的资本存量，{year}年：{parts}；31个省份合计 {nation}（K/Y {nation_ky}）。"
        "各省1952年价存量乘以本省2000年投资价格指数，故水平值与 K/Y 可跨省比较；实际 GDP 为效率"
        "投入中的2000年价序列，31个省份合计为总量相除。注意：{est}投资价格指数为替代指标（来源作者"
        "链接的固定资产投资价格指数；西藏为零售价格指数），且各省投资加总高于全国数。生产率（DEA、"
        "Malmquist）见效率一节。"),
    "msg_capital_estimated": ("gross fixed capital formation {first}-{last} is estimated by the "
                              "source (NBS stopped publishing provincial GFCF after 2017), so "
                              "those years' stocks and ratios rest on estimates; ",
                              "{first}—{last}年固定资本形成总额为来源的估计值（国家统计局2017年后"
                              "不再公布分省数据），这些年份的存量与比值依赖估计；"),
    "kf_capital": ("Capital-output ratio K/Y in {year} (capital stock and real GDP at 2000 "
                   "prices): {parts}; 31 provinces {nation}.",
                   "{year}年资本产出比 K/Y（资本存量与实际 GDP 均为2000年价）：{parts}；"
                   "31个省份合计 {nation}。"),
}

UNITS: dict[str, tuple[str, str]] = {
    "capital_yi_yuan_2000": ("100 million yuan, 2000 prices", "亿元，2000年价"),
    "capital_ratio": ("ratio", "比值"),
}

COLUMNS: dict[str, tuple[str, str, str | None, str | None]] = {
    "capital_output_ratio": ("Capital-output ratio K/Y", "资本产出比 K/Y", "coefficient",
                             "capital_ratio"),
}

# the section's table is in 2000 prices (capital_stock and real_investment: the core catalogue)
TABLE_COLUMNS: dict[tuple[str, str], tuple[str, str, str | None, str | None]] = {
    ("productivity_capital_stock", "real_gdp"): ("Real GDP", "实际 GDP", "money",
                                                 "capital_yi_yuan_2000"),
}
