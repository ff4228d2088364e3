"""Headers, units and quantity kinds of the task columns the core catalogue lacked (issue 15).

Every numeric column a task can put in its table needs a quantity kind, so that the terminal
tables of the CLI (:mod:`revitalize.cli.output`), the report and the Excel writer format it by
one rule (:mod:`revitalize.present`) instead of a generic 4 significant digits. The list was
made by ``tests/cli/column_kinds_survey.py --choices`` (every task on its defaults, the
contract tests' requests and every choice value, one at a time) and reviewed by hand:

* indices and ratios (Malmquist components, efficiency scores, MCDA intermediate scores,
  growth rates as log differences) -> ``coefficient``, as ``tfpch``;
* shares and rates already in percent -> ``percent``; shares in 0-1 -> ``probability``;
* amounts of money, people, tonnes -> ``money`` (the kind of any amount: thousands separated);
* counts -> ``count``; ranks and grade numbers -> ``rank``; years -> ``year``.

Columns whose name is short or means different things in different tasks (``S``, ``T``,
``grade``, ``period``...), and those the dashboard's catalogue labels for its own views
(``pech``, ``sbm``...; the same spec, taken from there), are given per task in
:data:`TABLE_COLUMNS`, under the table name ``task:<analysis>`` (what
:mod:`revitalize.cli.output` passes for a task's result); the others in :data:`COLUMNS`. Units follow each task's ``meta`` (``conventions["units"]`` or ``unit``)
and its docstring; the Chinese labels are the established terms of the methods' literature.
"""

from __future__ import annotations

from revitalize.model.regions import REGIONS

UNITS: dict[str, tuple[str, str]] = {
    "cli_log_diff": ("log difference a year", "年对数差分"),
    "cli_dimensionless": ("dimensionless", "无量纲"),
    "cli_scale_1_9": ("1-9 scale", "1-9 标度"),
    "cli_grade_scale": ("grade number, 1 to m", "等级序号，1 至 m"),
    "cli_kusd": ("thousand US$", "千美元"),
    "cli_yuan_per_usd": ("yuan per US$", "元/美元"),
    "cli_10kt": ("10,000 t", "万吨"),
    "cli_kg_per_person": ("kg per person", "千克/人"),
    "cli_yuan_per_person": ("yuan per person", "元/人"),
    "cli_persons": ("persons", "人"),
    "cli_mt_co2": ("Mt CO2", "百万吨二氧化碳"),
    "cli_t_co2_per_wan_yuan": ("t CO2 per 10,000 yuan", "吨二氧化碳/万元"),
}

_RATIO = ("coefficient", "ratio")
_INDEX = ("coefficient", "index_0_1")
_WAN = ("money", "wan_yuan")
_YI = ("money", "yi_yuan")

COLUMNS: dict[str, tuple[str, str, str | None, str | None]] = {
    # efficiency.malmquist, index malmquist_luenberger
    "ml_cumulative": ("Malmquist-Luenberger index, cumulative", "Malmquist-Luenberger 指数（累计）",
                      *_RATIO),
    "mlec_cumulative": ("ML efficiency change, cumulative", "绿色 TFP 效率变化（累计）", *_RATIO),
    "mltc_cumulative": ("ML technical change, cumulative", "绿色 TFP 技术变化（累计）", *_RATIO),
    # efficiency.dea
    "eta": ("Radial output expansion eta", "径向产出扩张系数 η", *_RATIO),
    "slack_co2": ("Slack: CO2", "松弛：二氧化碳", "coefficient", "indicator_unit"),
    "target_co2": ("Target: CO2", "目标：二氧化碳", "coefficient", "indicator_unit"),
    # efficiency.growth_accounting (log differences, not percent)
    "first_year": ("First year", "首年", "year", None),
    "last_year": ("Last year", "末年", "year", None),
    "g_output": ("Output growth", "产出增长率", "coefficient", "cli_log_diff"),
    "g_capital": ("Capital growth", "资本增长率", "coefficient", "cli_log_diff"),
    "g_labour": ("Labour growth", "劳动增长率", "coefficient", "cli_log_diff"),
    "labour_share_mean": ("Labour share, two-year mean", "劳动份额（两年均值）", "probability",
                          "share_0_1"),
    "contribution_capital": ("Contribution of capital", "资本贡献", "coefficient", "cli_log_diff"),
    "contribution_labour": ("Contribution of labour", "劳动贡献", "coefficient", "cli_log_diff"),
    "tfp_growth": ("TFP growth (Solow residual)", "全要素生产率增长率（索洛余值）", "coefficient",
                   "cli_log_diff"),
    "tfp_share_of_growth": ("TFP share of output growth", "全要素生产率对产出增长的贡献份额",
                            *_RATIO),
    # evaluate: MCDA intermediate scores
    "closeness": ("Relative closeness", "相对贴近度", *_INDEX),
    "WSM": ("Weighted sum model WSM", "加权和模型 WSM", *_INDEX),
    "WPM": ("Weighted product model WPM", "加权积模型 WPM", *_INDEX),
    "k_a": ("Appraisal score k_a", "评价值 k_a", *_RATIO),
    "k_b": ("Appraisal score k_b", "评价值 k_b", *_RATIO),
    "k_c": ("Appraisal score k_c", "评价值 k_c", *_RATIO),
    "best_to_others": ("Best-to-others comparison", "最优对其他准则的比较值", "coefficient",
                       "cli_scale_1_9"),
    "others_to_worst": ("Others-to-worst comparison", "其他准则对最差的比较值", "coefficient",
                        "cli_scale_1_9"),
    "weight_mean": ("Weight, mean", "权重均值", "coefficient", "share_0_1"),
    "weight_sd": ("Weight, s.d.", "权重标准差", "coefficient", "share_0_1"),
    "weight_lo": ("Weight, low percentile", "权重下百分位", "coefficient", "share_0_1"),
    "weight_hi": ("Weight, high percentile", "权重上百分位", "coefficient", "share_0_1"),
    "waspas": ("WASPAS rank", "WASPAS 排名", "rank", "rank"),
    "cocoso": ("CoCoSo rank", "CoCoSo 排名", "rank", "rank"),
    "codas": ("CODAS rank", "CODAS 排名", "rank", "rank"),
    # io: table flows (the table's unit, 10,000 yuan for every bundled table)
    "intermediate_input": ("Intermediate input", "中间投入", *_WAN),
    "total_input": ("Total input", "总投入", *_WAN),
    "value_added": ("Value added", "增加值", *_WAN),
    "final_use": ("Final use", "最终使用", *_WAN),
    "final_demand": ("Final demand", "最终需求", *_WAN),
    "row_gap": ("Row balance gap (uses - output)", "行平衡差（使用 - 总产出）", *_WAN),
    # io.extract (hypothetical extraction)
    "own_loss": ("Output loss of the sector itself", "本部门产出损失", *_WAN),
    "spillover_loss": ("Output loss of the other sectors", "其他部门产出损失", *_WAN),
    "loss_pct": ("Output loss, share of total output", "产出损失占总产出比重", "percent", "pct"),
    "loss_per_output": ("Output loss per unit of own output", "单位产出的产出损失", *_RATIO),
    "linkage_index": ("Extraction linkage index", "抽取法关联指数", "coefficient", "mean_1"),
    # io.impact
    "final_demand_delta": ("Final demand: change", "最终需求：变化", *_WAN),
    "final_imports_delta": ("Final-use imports: change", "最终使用进口：变化", *_WAN),
    "output_baseline": ("Output: baseline", "总产出：基准", *_WAN),
    "output_scenario": ("Output: scenario", "总产出：情景", *_WAN),
    "output_delta": ("Output: change", "总产出：变化", *_WAN),
    "value_added_baseline": ("Value added: baseline", "增加值：基准", *_WAN),
    "value_added_scenario": ("Value added: scenario", "增加值：情景", *_WAN),
    "value_added_delta": ("Value added: change", "增加值：变化", *_WAN),
    "income_baseline": ("Income: baseline", "劳动者报酬：基准", *_WAN),
    "income_scenario": ("Income: scenario", "劳动者报酬：情景", *_WAN),
    "income_delta": ("Income: change", "劳动者报酬：变化", *_WAN),
    "imported_inputs_baseline": ("Imported inputs: baseline", "进口中间投入：基准", *_WAN),
    "imported_inputs_scenario": ("Imported inputs: scenario", "进口中间投入：情景", *_WAN),
    "imported_inputs_delta": ("Imported inputs: change", "进口中间投入：变化", *_WAN),
    # io.emissions, indicators.co2_intensity
    "co2_mt": ("CO2 emissions", "二氧化碳排放量", "coefficient", "cli_mt_co2"),
    "co2_intensity": ("CO2 intensity of GDP", "二氧化碳排放强度", "coefficient",
                      "cli_t_co2_per_wan_yuan"),
    # indicators.shift_share (the tables' unit)
    "actual_change": ("Actual change", "实际变化", *_WAN),
    "national_share": ("National growth effect", "全国增长效应", *_WAN),
    "industry_mix": ("Industry-mix effect", "产业结构效应", *_WAN),
    "competitive_shift": ("Competitive shift", "竞争力效应", *_WAN),
    "homothetic": ("Homothetic size (Esteban-Marquillas)", "同位规模（Esteban-Marquillas）", *_WAN),
    "competitive_effect": ("Competitive effect", "竞争效应", *_WAN),
    "allocation_effect": ("Allocation effect", "配置效应", *_WAN),
    # regional indicators (units as in each task's meta)
    "gdp_100m_yuan": ("GDP", "生产总值", *_YI),
    "io_tva_100m_yuan": ("Value added in the IO table", "投入产出表增加值合计", *_YI),
    "panel_gdp_100m_yuan": ("GDP in the statistical panel", "统计面板 GDP", *_YI),
    "trade_kusd": ("Imports and exports", "进出口总额", "money", "cli_kusd"),
    "trade_100m_yuan": ("Imports and exports", "进出口总额", *_YI),
    "share_of_national_trade": ("Share of national trade", "占全国进出口比重", "percent", "pct"),
    "growth_pct": ("Growth on the previous year", "比上年增长", "percent", "pct"),
    "grain_10kt": ("Grain output", "粮食产量", "money", "cli_10kt"),
    "share_of_national_grain": ("Share of national grain output", "占全国粮食产量比重", "percent",
                                "pct"),
    "population_10k": ("Population", "人口", "money", "wan_persons"),
    "grain_per_capita_kg": ("Grain per person", "人均粮食产量", "money", "cli_kg_per_person"),
    "real_growth_pct": ("Real growth", "实际增长率", "percent", "pct"),
    "soe_assets": ("Assets of state-controlled industrial enterprises", "国有控股工业企业资产总计",
                   *_YI),
    "all_assets": ("Assets of above-scale industrial enterprises", "规模以上工业企业资产总计",
                   *_YI),
    "state_asset_share": ("State-controlled share of assets", "国有控股资产比重", "percent", "pct"),
    "gap_to_reference_pp": ("Gap to the reference", "与参照地区之差", "percent", "pp"),
    "transfers_100m_yuan": ("Central transfers", "中央转移支付", *_YI),
    "own_revenue_100m_yuan": ("Own revenue", "本级财政收入", *_YI),
    "transfers_per_capita_yuan": ("Transfers per person", "人均转移支付", "money",
                                  "cli_yuan_per_person"),
    "transfers_to_own_revenue": ("Transfers / own revenue", "转移支付与本级财政收入之比", *_RATIO),
    "population_2010": ("Population 2010", "2010年人口", "money", "cli_persons"),
    "population_2020": ("Population 2020", "2020年人口", "money", "cli_persons"),
    "change_pct": ("Change", "变化率", "percent", "pct"),
    "sd_log": ("Standard deviation of logs", "对数标准差", "coefficient", "cli_dimensionless"),
    "cv": ("Coefficient of variation", "变异系数", "coefficient", "cv"),
    "n_regions": ("Provinces", "省份数", "count", "count"),
    "n_values": ("Values with the flag", "带此标记的数值个数", "count", "count"),
    "deposits": ("Deposits", "各项存款", *_YI),
    "loans": ("Loans", "各项贷款", *_YI),
    "deposits_loans_to_gdp": ("(Deposits + loans) / GDP", "存贷款余额与 GDP 之比", *_RATIO),
    "loans_to_deposits": ("Loans / deposits", "贷存比", *_RATIO),
    # relatedness.complexity
    "diversity": ("Diversity", "多样性", "count", "count"),
    "ubiquity": ("Ubiquity", "普遍度", "count", "count"),
    "eci": ("Economic complexity index", "经济复杂度指数", *_RATIO),
    # uncertainty.flq
    "influence": ("Influence coefficient", "影响力系数", "coefficient", "mean_1"),
    "sensitivity": ("Sensitivity coefficient", "感应度系数", "coefficient", "mean_1"),
}
for _base, _en, _zh in (("influence", "Influence coefficient", "影响力系数"),
                        ("sensitivity", "Sensitivity coefficient", "感应度系数")):
    for _suffix, _sen, _szh in (("mean", "mean", "均值"), ("sd", "s.d.", "标准差"),
                                ("lo", "low percentile", "下百分位"),
                                ("hi", "high percentile", "上百分位")):
        COLUMNS[f"{_base}_{_suffix}"] = (f"{_en}, {_sen}", f"{_zh}{_szh}", "coefficient",
                                         "mean_1")
# io.spillovers by province (grouping ne_provinces or provinces); the core catalogue has the
# three Northeast provinces
for _code, _region in REGIONS.items():
    if _region.kind != "province" or _code in ("210000", "220000", "230000"):
        continue
    COLUMNS[f"output_in_{_code}"] = (f"Output in {_region.name_en}", f"{_region.name_cn}产出",
                                     "coefficient", "yuan_per_yuan")
    COLUMNS[f"value_added_in_{_code}"] = (f"Value added in {_region.name_en}",
                                          f"{_region.name_cn}增加值", "coefficient",
                                          "yuan_per_yuan")


def _task(name: str) -> str:
    return f"task:{name}"


# (table name prefix, column) -> spec: names that mean something else in another task
TABLE_COLUMNS: dict[tuple[str, str], tuple[str, str, str | None, str | None]] = {
    (_task("evaluate.vikor"), "S"): ("Group utility S", "群体效用 S", *_INDEX),
    (_task("evaluate.vikor"), "R"): ("Individual regret R", "个体遗憾 R", *_INDEX),
    (_task("evaluate.cocoso"), "S"): ("Weighted sum S", "加权和 S", *_RATIO),
    (_task("evaluate.cocoso"), "P"): ("Weighted power sum P", "加权幂和 P", *_RATIO),
    (_task("evaluate.codas"), "E"): ("Euclidean distance from the negative ideal E",
                                     "与负理想解的欧氏距离 E", *_RATIO),
    (_task("evaluate.codas"), "T"): ("Taxicab distance from the negative ideal T",
                                     "与负理想解的曼哈顿距离 T", *_RATIO),
    (_task("evaluate.edas"), "SP"): ("Positive distance from average SP", "与平均解的正距离 SP",
                                     *_INDEX),
    (_task("evaluate.edas"), "SN"): ("Negative distance from average SN", "与平均解的负距离 SN",
                                     *_INDEX),
    (_task("evaluate.coupling"), "C"): ("Coupling degree C", "耦合度 C", *_INDEX),
    (_task("evaluate.coupling"), "T"): ("Development index T", "综合发展指数 T", *_INDEX),
    (_task("evaluate.coupling"), "D"): ("Coupling coordination D", "耦合协调度 D", *_INDEX),
    (_task("evaluate.gra"), "grade"): ("Grey relational grade", "灰色关联度", *_INDEX),
    (_task("evaluate.extension"), "grade_index"): ("Grade number", "等级序号", "rank",
                                                   "cli_grade_scale"),
    (_task("evaluate.extension"), "j_star"): ("Grade characteristic value j*",
                                              "级别变量特征值 j*", "coefficient",
                                              "cli_grade_scale"),
    (_task("evaluate.critic"), "std"): ("Standard deviation (contrast intensity)",
                                        "标准差（对比强度）", "coefficient", "cli_dimensionless"),
    (_task("evaluate.critic"), "conflict"): ("Conflict with the other criteria", "冲突性",
                                             "coefficient", "cli_dimensionless"),
    (_task("evaluate.critic"), "information"): ("Information content", "信息量", "coefficient",
                                                "cli_dimensionless"),
    (_task("evaluate.entropy"), "entropy"): ("Entropy e_j", "信息熵 e_j", *_INDEX),
    (_task("evaluate.entropy"), "divergence"): ("Divergence 1 - e_j", "差异系数 1 - e_j",
                                                *_INDEX),
    (_task("forecast.run"), "period"): ("Period", "时期", "year", None),
    (_task("indicators.customs_trade"), "rate"): ("Exchange rate", "汇率", "coefficient",
                                                  "cli_yuan_per_usd"),
    (_task("indicators.trade_dependence"), "trade"): ("Goods imports and exports (yuan)",
                                                      "货物进出口总额（人民币）", *_YI),
    (_task("io.extract"), "loss"): ("Output loss", "产出损失", *_WAN),
    (_task("policy.synthetic_control"), "flags"): ("Warnings on the fit", "拟合警示数", "count",
                                                   "count"),
    (_task("data.show"), "regions"): ("Regions", "地区数", "count", "count"),
    (_task("data.show"), "values"): ("Values", "数值个数", "count", "count"),
    (_task("data.show"), "flagged"): ("Flagged values", "带标记的数值个数", "count", "count"),
}
for _k in range(1, 13):  # K_j of grade j (a configuration has a handful of grades)
    TABLE_COLUMNS[(_task("evaluate.extension"), f"K_{_k}")] = (
        f"Comprehensive correlation degree K_{_k}", f"综合关联度 K_{_k}", "coefficient", "cli_dimensionless")


# columns the dashboard's catalogue already labels for its views (catalogue/dashboard.py, table
# names "dashboard.*"): the same spec, for the tasks that produce them
_FROM_DASHBOARD = {
    "efficiency.malmquist": ("year_from", "year_to", "pech", "sech", "tfpch_cumulative",
                             "effch_cumulative", "techch_cumulative", "pech_cumulative",
                             "sech_cumulative"),
    "efficiency.dea": ("crs", "vrs", "nirs", "scale_efficiency", "super_efficiency", "sbm"),
    "evaluate.promethee": ("phi_plus", "phi_minus"),
    "policy.synthetic_control": ("pre_rmspe", "mean_post_gap", "gap_end", "p_value"),
    "io.spillovers": ("output_in_NE", "value_added_in_NE"),
}


def _from_dashboard() -> None:
    from revitalize.report.catalogue.dashboard import TABLE_COLUMNS as DASHBOARD

    for analysis, names in _FROM_DASHBOARD.items():
        for col in names:
            TABLE_COLUMNS[(_task(analysis), col)] = DASHBOARD[("dashboard.", col)]


def _four_groups() -> None:
    """io.aggregate's group columns (intermediate use by each group, in the table's unit)."""
    from revitalize.io.aggregate import FOUR_GROUPS

    for code, (zh, en) in FOUR_GROUPS.items():
        TABLE_COLUMNS[(_task("io.aggregate"), code)] = (f"Intermediate use: {en}",
                                                        f"中间使用：{zh}", *_WAN)


_from_dashboard()
_four_groups()
