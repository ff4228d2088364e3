"""Reader-visible strings of the decomposition of the decline (issue 18, ``io.sda``): the
section's message in both price bases -- current prices, and constant 2012 prices with one
national price level (``prices="national_gdp_deflator"``)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "msg_sda_part_constant": ("{province} {change} ({pct} %): technology {tech}, demand "
                              "structure {struct}, demand level {level}.",
                              "{province} {change} 亿元（{pct}%）：技术 {tech}，需求结构 {struct}，"
                              "需求规模 {level}。"),
    "msg_decline_prices": (
        "{parts} The Northeast's share of the output of all provinces fell from {start} % to "
        "{end} %: technology {tech}, final-demand structure {struct}, final-demand level {level} "
        "percentage points (average of the two polar decompositions, no residual). No "
        "provincial deflator is applied: the implicit price levels 2017/2012 of the tables "
        "against the NBS provincial GDP index would be {levels}, i.e. falling prices -- a sign "
        "of the 2017 GDP revisions. At constant 2012 prices, every flow of 2017 divided by one "
        "national price level (the implicit GDP deflator of the sum of the 31 provinces, "
        "2017/2012 = {p}; the bundled data hold no national real GDP index after 2014), output "
        "changes by (100 million yuan): {constant} The Leontief inverse and the demand mix are "
        "the same in both price bases; the technology and structure effects move only through "
        "their 2017-weighted halves. The share and its decomposition are the same in both "
        "price bases (the common price level cancels).",
        "{parts} 东北占全部省份产出的比重由 {start}% 降至 {end}%：技术 {tech}、最终需求结构 "
        "{struct}、最终需求规模 {level} 个百分点（两极分解平均，无残差）。不采用分省平减指数："
        "按国家统计局分省 GDP 指数推算的 2017/2012 隐含价格水平为 {levels}，即价格下降——这反映 "
        "2017 年 GDP 修订。按 2012 年不变价格（2017 年全部流量除以同一全国价格水平，即 31 个省份"
        "合计的隐含 GDP 平减指数，2017/2012 = {p}；内置数据无 2014 年以后的全国实际 GDP 指数），"
        "产出变化为：{constant}列昂惕夫逆与需求结构在两种价格基础下相同；技术与结构效应仅通过"
        "以 2017 年为权重的一半而变化。比重及其分解在两种价格基础下相同（共同价格水平相互抵消）。"),
}
