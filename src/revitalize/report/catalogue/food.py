"""Reader-visible strings of the food subsystem of the five-securities evaluation (issue 20):
the food security index column, the subsystem chart and the sentence naming the years the
evaluation covers (the grain series of cn_prov_nbs_2000_2019 ends in 2019)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "subsystem_index": ("Subsystem index (0-1)", "子系统指数（0—1）"),
    "subsystem_indices_year": ("subsystem indices {year}", "{year}年子系统指数"),
    "msg_year_count": ("{year}: {n}", "{year}年 {n} 个"),
    "msg_years_evaluated": (" {system}: years evaluated, with the provinces complete in each: "
                            "{years} ({total} province-years).",
                            "{system}评价年份及当年数据完整的省份数：{years}（共 {total} 个省份年份）。"),
    "msg_food_years": (" The grain data end in {end}, so no later year is evaluated: {lost} later "
                       "province-years complete in the other subsystems are left out.",
                       "粮食数据止于{end}年，之后的年份不参与评价：其他子系统数据完整的 {lost} 个"
                       "后续省份年份未纳入。"),
}

COLUMNS: dict[str, tuple[str, str, str | None, str | None]] = {
    "food": ("Food security index", "粮食安全指数", "coefficient", "index_0_1"),
}
