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

# ---------------------------------------------------------------------------- report section
# the carbon section (report/sections/carbon.py) and the structure-shares part of the
# similarity section
STRINGS.update({
    "carbon": ("Carbon: emissions embodied in final demand", "碳排放：最终需求隐含的二氧化碳"),
    "fig_carbon_intensity": ("CO2 intensity of GDP (CEADs sectoral inventory)",
                             "GDP 二氧化碳排放强度（CEADs 分部门清单）"),
    "ax_carbon_intensity": ("CO2 intensity (t CO2 per 10,000 yuan, current prices)",
                            "二氧化碳排放强度（吨二氧化碳/万元，当年价）"),
    "fig_carbon_top": ("{year}: CO2 embodied in final demand, the largest sectors",
                       "{year}年最终需求隐含的二氧化碳：排放最多的部门"),
    "ax_carbon_embodied": ("CO2 embodied in final demand (Mt CO2)",
                           "最终需求隐含的二氧化碳（百万吨）"),
    "ax_carbon_sector": ("IO sector (code and name)", "投入产出部门（代码与名称）"),
    "carbon_nation_30": ("China (30 provinces, no Tibet)", "全国（30个省份，不含西藏）"),
    "msg_carbon": (
        "CO2 intensity of GDP in {year} (CEADs sectoral inventory, t CO2 per 10,000 yuan at "
        "current prices): {intensity}. CO2 embodied in final demand by IO sector, {io_year} "
        "tables (domestic technology; key sector by emissions = multiplier above the sector "
        "mean): {top}. In numbers: {alloc}. {split} {technology}",
        "{year}年 GDP 二氧化碳排放强度（CEADs 分部门清单，吨二氧化碳/万元，当年价）：{intensity}。"
        "按投入产出部门计算的最终需求隐含二氧化碳（{io_year}年投入产出表，国内技术口径；排放关键部门 = "
        "完全排放系数高于部门均值）：{top}。数量说明：{alloc}。{split}{technology}"),
    "msg_carbon_intensity_part": ("{region} {value}", "{region} {value}"),
    "msg_carbon_top_part": ("{province}: {code} {name} {mt} Mt ({share} of the province; "
                            "{emission}, linkages: {linkage})",
                            "{province}：{code} {name} {mt} 百万吨（占本省 {share}；{emission}，"
                            "产业关联：{linkage}）"),
    "msg_carbon_alloc_part": ("{province}: CEADs total {total} Mt = {allocated} Mt allocated to "
                              "the 42 IO sectors + {households} Mt of households (final use, "
                              "not allocated); {unallocated} Mt fall on sectors without output; "
                              "the emissions embodied in final demand add up to {embodied} Mt",
                              "{province}：CEADs 合计 {total} 百万吨 = 分配到 42 个投入产出部门的 "
                              "{allocated} 百万吨 + 居民生活 {households} 百万吨（最终使用，不分配）；"
                              "落在无产出部门的 {unallocated} 百万吨；最终需求隐含排放合计 "
                              "{embodied} 百万吨"),
    "msg_carbon_split": ("The concordance splits {rows} among IO sectors by gross output: "
                         "{parts} of the allocated CO2 rest on that split.",
                         "对照表按总产出把{rows}拆分到多个投入产出部门：分配的二氧化碳中"
                         "{parts}取决于这一拆分。"),
    "msg_carbon_split_row": ("{name} ({n} sectors)", "“{name}”（{n} 个部门）"),
    "msg_carbon_split_part": ("{province} {mt} Mt ({share})", "{province} {mt} 百万吨（{share}）"),
    "msg_carbon_technology": (
        "Domestic technology: imported and inflowing inputs carry no CO2 here (a territorial "
        "multiplier, as the inventory is territorial, not a footprint); with them treated as "
        "produced in the province (technology 'total') the median sector multiplier would be "
        "{median} times as large ({low} to {high} across the provinces).",
        "国内技术口径：进口和省外调入的中间投入在此不含二氧化碳（与属地清单一致的属地乘数，而非碳足迹）；"
        "若视其为本省生产（按全部中间投入计算），部门完全排放系数的中位数将为现值的 {median} 倍"
        "（各省 {low} 至 {high} 倍）。"),
    "msg_structure_shares": (
        " Structure ({year} IO tables): manufacturing value added is {man_nat} of GDP in the "
        "national table and {man_reg} in {region}, against the documents' {man_doc} ({man_id}); "
        "producer services {ps_nat} nationally and {ps_reg} in {region} ({ps_trade} nationally "
        "with wholesale and retail), against {ps_doc} ({ps_id}).",
        "产业结构（{year}年投入产出表）：制造业增加值占 GDP 比重全国表为 {man_nat}，{region}为 "
        "{man_reg}，文献为 {man_doc}（{man_id}）；生产性服务业全国为 {ps_nat}，{region}为 {ps_reg}"
        "（全国含批发和零售为 {ps_trade}），文献为 {ps_doc}（{ps_id}）。"),
    "kf_carbon": ("CO2 intensity of GDP {year}: {parts} t CO2 per 10,000 yuan (CEADs); largest "
                  "CO2 embodied in final demand {io_year}: {top}.",
                  "{year}年 GDP 二氧化碳排放强度：{parts} 吨二氧化碳/万元（CEADs）；{io_year}年最终需求"
                  "隐含二氧化碳最多的部门：{top}。"),
    "kf_carbon_part": ("{region} {code} {name} {mt} Mt", "{region} {code} {name} {mt} 百万吨"),
})

UNITS.update({
    "carbon_times": ("times", "倍"),
})

TABLE_COLUMNS: dict[tuple[str, str], tuple[str, str, str | None, str | None]] = {
    ("carbon_intensity", "co2_mt"): ("CO2 (CEADs total)", "二氧化碳（CEADs 合计）", "coefficient",
                                     "carbon_mt"),
    ("carbon_intensity", "gdp_100m_yuan"): ("GDP", "地区生产总值", "money", "carbon_yi_yuan"),
    ("carbon_intensity", "co2_intensity"): ("CO2 intensity of GDP", "GDP 二氧化碳排放强度",
                                            "coefficient", "carbon_t_per_wan_yuan"),
    ("carbon_sectors", "co2_mt"): ("CO2 allocated to the sector", "分配到本部门的二氧化碳",
                                   "coefficient", "carbon_mt"),
    ("carbon_top_sectors", "co2_mt"): ("CO2 allocated to the sector", "分配到本部门的二氧化碳",
                                       "coefficient", "carbon_mt"),
    ("carbon_allocation", "year"): ("Year", "年份", "year", None),
    ("carbon_allocation", "ceads_total_mt"): ("CEADs total", "CEADs 合计", "coefficient",
                                              "carbon_mt"),
    ("carbon_allocation", "households_mt"): ("Households (not allocated)", "居民生活（不分配）",
                                             "coefficient", "carbon_mt"),
    ("carbon_allocation", "allocated_mt"): ("Allocated to the 42 IO sectors",
                                            "分配到 42 个投入产出部门", "coefficient", "carbon_mt"),
    ("carbon_allocation", "unallocated_mt"): ("On sectors without output", "落在无产出部门",
                                              "coefficient", "carbon_mt"),
    ("carbon_allocation", "embodied_mt"): ("Embodied in final demand (sum)",
                                           "最终需求隐含排放（合计）", "coefficient", "carbon_mt"),
    ("carbon_allocation", "split_mt"): ("From CEADs sectors split by output",
                                        "来自按产出拆分的 CEADs 部门", "coefficient", "carbon_mt"),
    ("carbon_allocation", "split_share"): ("Split share of the allocated", "拆分部分占分配量比重",
                                           "percent", "pct"),
    ("carbon_allocation", "multiplier_ratio_total"): (
        "Median multiplier, technology 'total' / 'domestic'", "完全排放系数中位数之比（全部中间投入/国内）",
        "coefficient", "carbon_times"),
    ("structure_shares", "gdp_100m_yuan"): ("GDP (total value added)", "GDP（增加值合计）", "money",
                                            "carbon_yi_yuan"),
    ("structure_vs_documents", "national_share"): ("National IO table", "全国投入产出表", "percent",
                                                   "pct"),
    ("structure_vs_documents", "region_share"): ("The report's region (provincial tables)",
                                                 "报告地区（省级表）", "percent", "pct"),
    ("structure_vs_documents", "difference"): ("National table - document", "全国表 - 文献",
                                               "percent", "pp"),
}

COLUMNS.update({
    "table": ("IO table", "投入产出表", None, None),
})

VALUES.update({
    "Wholesale, Retail Trade and Catering Services": (
        "Wholesale, Retail Trade and Catering Services", "批发、零售和住宿、餐饮业"),
    "Others": ("Others", "其他行业"),
    "key_by_emissions": ("key by emissions", "排放关键部门"),
    "not_key_by_emissions": ("not key by emissions", "非排放关键部门"),
})
