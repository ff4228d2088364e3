"""Reader-visible strings of the key findings of the report's newer sections (issue 15): rank
stability, efficiency and TFP, the ranking methods, opportunities, the decomposition of the
decline, the 2003 synthetic control, spillovers and documents vs data. Each finding is one
sentence of numbers written by :func:`revitalize.report.build.key_findings` from the section's
own tables; the numbers are the section's, formatted at the section's precision."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "kf_rank_stability": ("Influence ranking under coefficient noise ({draws} draws): {parts}.",
                          "系数扰动下的影响力系数排序（{draws} 次抽样）：{parts}。"),
    "kf_rank_stability_part": ("{province}: {sector} ranks first with probability {p}, key-sector "
                               "class unchanged in {share} of draws on average",
                               "{province}：{sector}排名第一的概率为 {p}，关键部门类别平均在 "
                               "{share} 的抽样中保持不变"),
    "kf_efficiency": ("DEA efficiency {year} and TFP change {first}-{last}: {parts}.",
                      "{year}年 DEA 效率与 {first}—{last}年全要素生产率变化：{parts}。"),
    "kf_efficiency_part": ("{province} {score} (rank {rank} of {n}), TFP {tfp} a year (rank {mrank} "
                           "of {mn}{diag}), green TFP {ml} a year",
                           "{province} {score}（{n} 个省份中第 {rank} 位），TFP 年均 {tfp}（{mn} "
                           "个省份中第 {mrank} 位{diag}），绿色 TFP 年均 {ml}"),
    "kf_diag_technical_change": ("shortfall: technical change", "短板在于技术进步"),
    "kf_diag_catching_up": ("shortfall: catching up", "短板在于效率追赶"),
    "kf_diag_ahead_on_both": ("ahead of the average on both", "两项均高于平均"),
    "kf_diag_no_feasible_transition": ("no feasible transition", "无可行的跨期比较"),
    "kf_ranking": ("Rank among {n} provinces in {year} across {k} decision methods: {parts}.",
                   "{year}年 {k} 种决策方法下在 {n} 个省份中的排名：{parts}。"),
    "kf_ranking_part": ("{province} {lo}-{hi} (TOPSIS {rank}; {ilo}-{ihi} with {level} probability "
                        "under random weights)",
                        "{province}第 {lo}—{hi} 位（TOPSIS 第 {rank} 位；随机权重下有 {level} "
                        "的概率位于第 {ilo}—{ihi} 位）"),
    "kf_opportunities": ("Top {k} opportunities in {year} (RCA < 1, by relatedness density and "
                         "complexity): {tops}. Density predicts the entries of {span} with AUC "
                         "{auc} (start-year RCA alone: {rca}).",
                         "{year}年排名前 {k} 位的发展机会（RCA < 1，按关联密度与产业复杂度）：{tops}。"
                         "关联密度预测 {span}年新进入产业的 AUC 为 {auc}（仅用期初 RCA：{rca}）。"),
    "kf_decline": ("{region}'s share of the output of all provinces: {start} in {y0}, {end} in "
                   "{y1} ({change} percentage points); largest component: {largest} {value} "
                   "({others}).",
                   "{region}占全部省份产出的比重：{y0}年 {start}，{y1}年 {end}（{change} 个百分点）；"
                   "最大分解项为{largest} {value}（{others}）。"),
    "kf_sda_technology": ("technology", "技术"),
    "kf_sda_final_demand_structure": ("final-demand structure", "最终需求结构"),
    "kf_sda_final_demand_level": ("final-demand level", "最终需求规模"),
    "kf_policy": ("Synthetic control of GDP per capita (province mean = 100), {y0}-{y1}: mean gap "
                  "after {treat} {gap} points, post/pre RMSPE ratio {ratio}, placebo p-value {p} "
                  "over {n} placebos.",
                  "人均 GDP（各省均值 = 100）的合成控制，{y0}—{y1}年：{treat}年后平均差距 {gap} "
                  "个点，后/前 RMSPE 比 {ratio}，{n} 个安慰剂检验的置换 p 值为 {p}。"),
    "kf_spillovers": ("Share of the output a unit of final demand generates that stays in the "
                      "province: {parts} (of the value added: {va}).",
                      "单位最终需求引致的产出留在本省的比重：{parts}（增加值：{va}）。"),
    "kf_documents": ("{n} figures of the founding documents: the data give a value for "
                     "{with_value}, {close} within 5% of the document and {far} more than 5% "
                     "off; largest relative gap: {worst}.",
                     "{n} 个文献数字中，数据可计算 {with_value} 个：{close} 个与文献相差不超过 5%，"
                     "{far} 个相差超过 5%；相对差距最大者：{worst}。"),
}
