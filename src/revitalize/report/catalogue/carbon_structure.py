"""Reader-visible strings of the issue-20 carbon and structure outputs: ``io.emissions``
(:mod:`revitalize.io.emissions`) and ``indicators.structure_shares``
(:mod:`revitalize.indicators.structure_shares`)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "carbon_by_sector": ("CO2 by IO sector: direct and embodied emissions",
                         "分部门二氧化碳：直接与隐含排放"),
    "structure_shares": ("Manufacturing and producer services in GDP", "制造业与生产性服务业占GDP比重"),
}

UNITS: dict[str, tuple[str, str]] = {
    "carbon_mt": ("Mt CO2", "百万吨二氧化碳"),
    "carbon_t_per_wan_yuan": ("t CO2 per 10,000 yuan", "吨二氧化碳/万元"),
    "carbon_wan_yuan": ("10,000 yuan", "万元"),
    "carbon_yi_yuan": ("100 million yuan", "亿元"),
    "carbon_mean_1": ("sector mean = 1", "部门均值 = 1"),
}

COLUMNS: dict[str, tuple[str, str, str | None, str | None]] = {
    # io.emissions
    "output_10k_cny": ("Gross output", "总产出", "money", "carbon_wan_yuan"),
    "direct_t_per_10k_cny": ("Direct CO2 coefficient", "直接排放系数", "coefficient",
                             "carbon_t_per_wan_yuan"),
    "total_t_per_10k_cny": ("Embodied CO2 multiplier (per unit of final demand)",
                            "完全排放系数（单位最终需求）", "coefficient", "carbon_t_per_wan_yuan"),
    "indirect_t_per_10k_cny": ("Indirect CO2 (multiplier minus direct)", "间接排放系数",
                               "coefficient", "carbon_t_per_wan_yuan"),
    "final_demand_10k_cny": ("Final demand (x - Z1)", "最终需求（x - Z1）", "money",
                             "carbon_wan_yuan"),
    "embodied_mt": ("CO2 embodied in final demand", "最终需求隐含的二氧化碳", "coefficient",
                    "carbon_mt"),
    "embodied_share": ("Share of embodied CO2", "隐含排放占比", "percent", "pct"),
    "emission_index": ("Emission-multiplier index", "完全排放系数指数", "coefficient",
                       "carbon_mean_1"),
    "emission_key": ("Key sector by embodied CO2", "隐含排放关键部门", None, None),
    "linkage_class": ("Key-sector class by linkages", "产业关联类型", None, None),
    # indicators.structure_shares
    "manufacturing_va_100m_yuan": ("Manufacturing value added", "制造业增加值", "money",
                                   "carbon_yi_yuan"),
    "manufacturing_share": ("Manufacturing share of GDP", "制造业占GDP比重", "percent", "pct"),
    "producer_services_core_va_100m_yuan": ("Producer services value added", "生产性服务业增加值",
                                            "money", "carbon_yi_yuan"),
    "producer_services_core_share": ("Producer services share of GDP", "生产性服务业占GDP比重",
                                     "percent", "pct"),
    "producer_services_incl_trade_va_100m_yuan": (
        "Producer services incl. wholesale and retail, value added",
        "生产性服务业（含批发零售）增加值", "money", "carbon_yi_yuan"),
    "producer_services_incl_trade_share": ("Producer services incl. wholesale and retail, share of GDP",
                                           "生产性服务业（含批发零售）占GDP比重", "percent", "pct"),
}

VALUES: dict[str, tuple[str, str]] = {
    "not_key": ("not key", "非关键部门"),
    "not_computed": ("not computed", "未计算"),
    "provincial": ("provincial table", "省级表"),
    "national": ("national table", "全国表"),
    "sum of provincial tables": ("sum of provincial tables", "省级表加总"),
    # computations of the documents-vs-data table (indicators.facts_compare)
    "structure_shares:manufacturing_share": ("structure_shares:manufacturing_share",
                                             "制造业占GDP比重（2017 年全国投入产出表）"),
    "structure_shares:producer_services_core_share": (
        "structure_shares:producer_services_core_share",
        "生产性服务业占GDP比重（2017 年全国投入产出表）"),
}

NOTES: tuple[tuple[str, str], ...] = (
    ("year not stated (article of 2023): national IO table 2017, manufacturing = GB/T 4754-2017 "
     "section C (IO 06-23) value added / total value added; 2018 # %, 2020 # %; sum of "
     "provincial tables 2017 # %",
     "年份未说明（2023 年的文章）：2017 年全国投入产出表，制造业 = 国民经济行业分类 4754-2017 门类"
     "“制造业”（投入产出部门 06-23）增加值/全部增加值；2018 年 {0}%，2020 年 {1}%；2017 年省级表"
     "加总 {2}%"),
    ("year not stated (article of 2023): national IO table 2017, producer services = NBS "
     "生产性服务业分类 groups on whole IO sectors (transport, information, finance, leasing and "
     "business, R&D, technical services); with wholesale and retail # %; 2018 # %, 2020 # %",
     "年份未说明（2023 年的文章）：2017 年全国投入产出表，生产性服务业 = 国家统计局生产性服务业分类"
     "对应的完整投入产出部门（交通运输、信息、金融、租赁和商务服务、研究与试验发展、综合技术服务）；"
     "含批发和零售为 {0}%；2018 年 {1}%，2020 年 {2}%"),
)

INDICATORS: dict[str, tuple[str, str]] = {
    "manufacturing_va_share_of_gdp": ("Manufacturing value added as a share of GDP",
                                      "制造业增加值占GDP比重"),
    "producer_services_share_of_gdp": ("Producer services as a share of GDP",
                                       "生产性服务业占GDP比重"),
}
