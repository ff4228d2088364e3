"""Notes the package writes in English with numbers inside (reasons of the documents-vs-data
table, data caveats, verdicts): English pattern -> Chinese template.

In a pattern ``#`` is a number and ``*`` a free text (region codes in it become names), both
carried to the template's ``{0}``, ``{1}``... unchanged; a note no pattern matches is shown as
it is (:func:`revitalize.report.i18n.note_label`)."""

from __future__ import annotations

NOTES: tuple[tuple[str, str], ...] = (
    # documents vs data (indicators.facts_compare)
    ("vintage: the document used first-release GDP; with first-release GDP (支出法生产总值) the "
     "data give # %, with the revised GDP # %",
     "口径：文献使用初次发布的 GDP；按初次发布 GDP（支出法生产总值）数据为 {0}%，按修订后 GDP 为 {1}%"),
    ("vintage: first-release GDP gives # %, revised GDP # % (Jilin and Heilongjiang GDP were "
     "revised down, raising their ratios)",
     "口径：按初次发布 GDP 为 {0}%，按修订后 GDP 为 {1}%（吉林、黑龙江 GDP 下修，比率因而上升）"),
    ("not explained by vintage (first release # %, revised # %): the document's # figures for "
     "the Northeast, nation and East are all far below customs trade / GDP; another trade or GDP "
     "base is likely",
     "口径不能解释（初次发布 {0}%，修订后 {1}%）：文献中东北、全国和东部 {2} 年的数字均远低于海关"
     "贸易额/GDP；可能采用了其他贸易或 GDP 基数"),
    ("nation = sum of # provinces (first release # %, revised # %); the NBS national goods-trade "
     "ratio (RMB trade / national GDP, *) is # % in #; the document's # % is not explained",
     "全国 = {0} 个省份之和（初次发布 {1}%，修订后 {2}%）；国家统计局全国货物贸易比率（人民币贸易额"
     "/全国 GDP，{3}）{5} 年为 {4}%；文献的 {6}% 无法解释"),
    ("East, sum over sum (first release # %, revised # %); not explained",
     "东部，合计之比（初次发布 {0}%，修订后 {1}%）；无法解释"),
    ("GDP after # is not in * (trade is, to #)",
     "{1} 不含 {0} 年以后的 GDP（贸易数据至 {2} 年）"),
    ("GDP after # is not in *", "{1} 不含 {0} 年以后的 GDP"),
    ("year: the share is # % in # but # % in # and # % in # -- the # % fits #-#, not the # "
     "inferred from the preceding sentence",
     "年份：该比重 {1} 年为 {0}%，{3} 年为 {2}%，{5} 年为 {4}%——{6}% 与 {7}—{8} 年相符，"
     "而非由前一句推断的 {9} 年"),
    ("compound annual growth in US$ over the # intervals #-#; the document counts '# years' and "
     "may have used RMB values or a different end point",
     "按美元计算的 {1}—{2} 年 {0} 个区间的复合年增长率；文献记为“{3} 年”，可能使用了人民币数值或"
     "不同的终点"),
    ("Northeast minus Central + West compound growth #-# (percentage points of annual growth): "
     "# - #", "东北减中西部 {0}—{1} 年复合增长率（年增长率的百分点）：{2} - {3}"),
    ("definition identical: state-controlled / above-scale industrial assets; reproduced to "
     "rounding", "定义相同：国有控股/规模以上工业资产；在取整范围内重现"),
    ("definition: sum over sum of the three provinces (# %); the unweighted mean of the "
     "provincial shares is # %; neither gives # exactly",
     "定义：三省合计之比（{0}%）；各省比重的简单平均为 {1}%；两者均不恰好等于 {2}"),
    ("'more than one-fifth' is a lower bound: the share is >= # % in # of # years (#-#); latest "
     "year shown",
     "“五分之一以上”是下限：{2} 年中有 {1} 年该比重 ≥ {0}%（{3}—{4}）；显示最近一年"),
    ("coverage: transfers by province exist only for #-#; the value shown is the #-# sum for the "
     "three provinces in trillion yuan (#-# cannot be summed)",
     "覆盖范围：分省转移支付仅有 {0}—{1} 年数据；所示数值为三省 {2}—{3} 年合计（万亿元）"
     "（{4}—{5} 年无法加总）"),
    ("rank # of # (slowest) in # of # years #-# (exceptions: *); latest year shown",
     "{4}—{5} 年的 {3} 年中有 {2} 年位列第 {0}/{1}（最慢）（例外：{6}）；显示最近一年"),
    ("census # -> #, sum of the # prefecture-level units (# boundaries)",
     "人口普查 {0} → {1}，{2} 个地级单位合计（{3} 年区划）"),
    ("sum of the # prefecture-level units of the # census (Dong et al., boundary-adjusted); the "
     "gazette total is # million",
     "{1} 年人口普查 {0} 个地级单位合计（Dong 等，按区划调整）；公报总数为 {2} 百万"),
    ("Beijing # R&D intensity minus Jilin's, NBS/MOST/MOF bulletin values",
     "北京 {0} 年研发强度减吉林，国家统计局/科技部/财政部公报数值"),
    ("# not covered by the data (#-#); *", "数据未覆盖 {0}（{1}—{2}）；{3}"),
    ("# not covered by the data (#-#)", "数据未覆盖 {0}（{1}—{2}）"),
    # efficiency input caveats (efficiency.data)
    ("capital: GFCF estimated by the source for #-# (# province-years)",
     "资本：{0}—{1} 年的固定资本形成总额为数据来源的估计值（{2} 个省份—年份）"),
    ("CO2: no data for *", "CO2：{0} 无数据"),
    ("labour proxy covers #%-#% of national total employment (#-#); it is not total employment",
     "劳动代理变量覆盖全国就业总数的 {0}%—{1}%（{2}—{3}）；并非全部就业"),
    ("labour proxy complete for #-# only", "劳动代理变量仅在 {0}—{1} 年完整"),
    ("labour share (income side) available #-#", "劳动份额（收入法）仅有 {0}—{1} 年数据"),
    # synthetic-control verdicts (policy.northeast)
    ("gap within the placebo distribution (p = #): no detectable effect",
     "差距处于安慰剂分布之内（p = {0}）：未检测到效应"),
    ("gap unusual among placebos (p = #)", "差距在安慰剂中属异常（p = {0}）"),
    ("not supported by the data (*)", "数据不支持（{0}）"),
)
