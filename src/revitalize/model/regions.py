"""Registry of regions: provinces (GB/T 2260), the nation, macro-regions and a few countries.

Every reader and the fact base normalise region names through :func:`normalise_region`, so that
``辽宁``, ``辽宁省``, ``Liaoning``, ``liaoning``, ``210000`` and ``21`` all mean the same
:class:`Region`. Macro-regions follow the NBS four-region division (东部/中部/西部/东北,
国家统计局 2011); their members are explicit, and the reference economy of any share or ratio is
always one of these named regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from revitalize.errors import UnknownLabelError

__all__ = [
    "NORTHEAST",
    "REGIONS",
    "Region",
    "members",
    "normalise_region",
    "provinces",
    "region_code",
    "regions_frame",
]


@dataclass(frozen=True)
class Region:
    """A named region.

    ``code`` is the canonical key used everywhere in the package: the six-digit GB/T 2260 code for
    provinces, ``"000000"`` for the nation, an upper-case mnemonic for aggregates (``"NE"``) and
    the ISO 3166 alpha-3 code for foreign countries.
    """

    code: str
    name_en: str
    name_cn: str
    kind: str  # "province" | "nation" | "macro" | "subprovince" | "country" | "group"
    full_cn: str = ""
    macro: str | None = None  # code of the NBS macro-region a province belongs to
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # codes of member provinces for aggregates
    note: str = ""


# (code, English, short Chinese, full Chinese, macro, extra aliases)
_PROVINCES = [
    ("110000", "Beijing", "北京", "北京市", "EAST", ()),
    ("120000", "Tianjin", "天津", "天津市", "EAST", ()),
    ("130000", "Hebei", "河北", "河北省", "EAST", ()),
    ("140000", "Shanxi", "山西", "山西省", "CENTRAL", ()),
    ("150000", "Inner Mongolia", "内蒙古", "内蒙古自治区", "WEST", ("neimenggu", "nei mongol", "neimongol")),
    ("210000", "Liaoning", "辽宁", "辽宁省", "NE", ()),
    ("220000", "Jilin", "吉林", "吉林省", "NE", ()),
    ("230000", "Heilongjiang", "黑龙江", "黑龙江省", "NE", ()),
    ("310000", "Shanghai", "上海", "上海市", "EAST", ()),
    ("320000", "Jiangsu", "江苏", "江苏省", "EAST", ()),
    ("330000", "Zhejiang", "浙江", "浙江省", "EAST", ()),
    ("340000", "Anhui", "安徽", "安徽省", "CENTRAL", ()),
    ("350000", "Fujian", "福建", "福建省", "EAST", ()),
    ("360000", "Jiangxi", "江西", "江西省", "CENTRAL", ()),
    ("370000", "Shandong", "山东", "山东省", "EAST", ()),
    ("410000", "Henan", "河南", "河南省", "CENTRAL", ()),
    ("420000", "Hubei", "湖北", "湖北省", "CENTRAL", ()),
    ("430000", "Hunan", "湖南", "湖南省", "CENTRAL", ()),
    ("440000", "Guangdong", "广东", "广东省", "EAST", ()),
    ("450000", "Guangxi", "广西", "广西壮族自治区", "WEST", ()),
    ("460000", "Hainan", "海南", "海南省", "EAST", ()),
    ("500000", "Chongqing", "重庆", "重庆市", "WEST", ()),
    ("510000", "Sichuan", "四川", "四川省", "WEST", ()),
    ("520000", "Guizhou", "贵州", "贵州省", "WEST", ()),
    ("530000", "Yunnan", "云南", "云南省", "WEST", ()),
    ("540000", "Tibet", "西藏", "西藏自治区", "WEST", ("xizang",)),
    ("610000", "Shaanxi", "陕西", "陕西省", "WEST", ()),
    ("620000", "Gansu", "甘肃", "甘肃省", "WEST", ()),
    ("630000", "Qinghai", "青海", "青海省", "WEST", ()),
    ("640000", "Ningxia", "宁夏", "宁夏回族自治区", "WEST", ()),
    ("650000", "Xinjiang", "新疆", "新疆维吾尔自治区", "WEST", ()),
]

_NON_MAINLAND = [
    ("710000", "Taiwan", "台湾", "台湾省"),
    ("810000", "Hong Kong", "香港", "香港特别行政区"),
    ("820000", "Macao", "澳门", "澳门特别行政区"),
]

# Foreign economies named in the founding documents (ISO 3166-1 alpha-3).
_COUNTRIES = [
    ("USA", "United States", "美国", ("u.s.", "us", "united states of america", "america")),
    ("RUS", "Russia", "俄罗斯", ("russian federation",)),
    ("KOR", "South Korea", "韩国", ("korea", "republic of korea", "korea, rep.")),
    ("JPN", "Japan", "日本", ()),
    ("PRK", "North Korea", "朝鲜", ("dprk", "democratic people's republic of korea")),
    ("MNG", "Mongolia", "蒙古国", ("mongolia",)),
    ("DEU", "Germany", "德国", ()),
    ("IND", "India", "印度", ()),
    ("VNM", "Vietnam", "越南", ("viet nam",)),
    ("MYS", "Malaysia", "马来西亚", ()),
    ("THA", "Thailand", "泰国", ()),
    ("SGP", "Singapore", "新加坡", ()),
    ("IDN", "Indonesia", "印度尼西亚", ()),
    ("PHL", "Philippines", "菲律宾", ()),
    ("SAU", "Saudi Arabia", "沙特阿拉伯", ()),
    ("ARE", "United Arab Emirates", "阿联酋", ("uae",)),
    ("TUR", "Turkey", "土耳其", ("turkiye",)),
    ("IRN", "Iran", "伊朗", ()),
    ("IRQ", "Iraq", "伊拉克", ()),
    ("PAK", "Pakistan", "巴基斯坦", ()),
    ("KAZ", "Kazakhstan", "哈萨克斯坦", ()),
    ("POL", "Poland", "波兰", ()),
    ("ISR", "Israel", "以色列", ()),
    ("EGY", "Egypt", "埃及", ()),
    ("UKR", "Ukraine", "乌克兰", ()),
    ("BGD", "Bangladesh", "孟加拉国", ()),
    ("OMN", "Oman", "阿曼", ()),
    ("KWT", "Kuwait", "科威特", ()),
    ("QAT", "Qatar", "卡塔尔", ()),
    ("MMR", "Myanmar", "缅甸", ()),
    ("CZE", "Czech Republic", "捷克", ("czechia",)),
    ("HUN", "Hungary", "匈牙利", ()),
]


def _build() -> dict[str, Region]:
    regs: dict[str, Region] = {}
    for code, en, cn, full, macro, aliases in _PROVINCES:
        regs[code] = Region(code, en, cn, "province", full_cn=full, macro=macro, aliases=aliases)
    for code, en, cn, full in _NON_MAINLAND:
        regs[code] = Region(code, en, cn, "province", full_cn=full, note="not in mainland totals")

    def group(code, en, cn, kind, members=(), aliases=(), note=""):
        regs[code] = Region(code, en, cn, kind, full_cn=cn, aliases=aliases, members=members, note=note)

    def mem(macro_code):
        return tuple(p[0] for p in _PROVINCES if p[4] == macro_code)

    group("000000", "China", "全国", "nation",
          members=tuple(p[0] for p in _PROVINCES),
          aliases=("national", "nation", "national total", "china (national total)", "中国", "cn", "chn"),
          note="31 mainland provinces")
    group("NE", "Northeast", "东北", "macro", members=mem("NE"),
          aliases=("northeast china", "north-east", "东北地区", "东北三省", "three northeastern provinces"),
          note="Liaoning, Jilin, Heilongjiang (NBS four-region division)")
    group("NE4", "Northeast (with eastern Inner Mongolia)", "东北(含蒙东)", "group",
          members=("210000", "220000", "230000", "IM_EAST"),
          aliases=("northeast incl. eastern inner mongolia", "东北四省区"),
          note="Liaoning, Jilin, Heilongjiang and the five eastern leagues/cities of Inner Mongolia "
               "(the scope of the 2007 Northeast revitalization plan)")
    group("IM_EAST", "Inner Mongolia (east)", "蒙东", "subprovince",
          aliases=("eastern inner mongolia", "inner mongolia east", "蒙东地区", "内蒙古东部"),
          note="Hulunbuir, Hinggan, Tongliao, Chifeng, Xilingol; not separable in provincial tables")
    group("EAST", "East", "东部", "macro", members=mem("EAST"),
          aliases=("eastern", "eastern region", "东部地区", "east china"))
    group("CENTRAL", "Central", "中部", "macro", members=mem("CENTRAL"),
          aliases=("central region", "中部地区"))
    group("WEST", "West", "西部", "macro", members=mem("WEST"),
          aliases=("western", "western region", "西部地区"))
    group("WLD", "World", "世界", "group", aliases=("world", "global", "全球"))
    group("BRI", "Belt and Road countries", "一带一路沿线国家", "group",
          aliases=("belt and road", "countries along the belt and road", "one belt and one road",
                   "沿线国家", "一带一路"),
          note="countries along the Belt and Road, as the founding documents use the term")
    for code, en, cn, aliases in _COUNTRIES:
        regs[code] = Region(code, en, cn, "country", full_cn=cn, aliases=aliases)
    return regs


REGIONS: MappingProxyType = MappingProxyType(_build())
NORTHEAST: tuple[str, ...] = REGIONS["NE"].members


def _key(text: str) -> str:
    t = str(text).strip().lower()
    t = re.sub(r"[\s_\-]+", " ", t)
    return t


def _build_index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for reg in REGIONS.values():
        names = {reg.code, reg.name_en, reg.name_cn, reg.full_cn, *reg.aliases}
        if reg.kind == "province":
            names |= {reg.code[:2], reg.name_en.replace(" ", ""), reg.name_cn + "省"}
        for n in names:
            if n:
                idx.setdefault(_key(n), reg.code)
    return idx


_INDEX = _build_index()


def normalise_region(name: object, *, where: str | None = None) -> Region:
    """Return the :class:`Region` for any accepted spelling.

    Accepts codes (``"210000"``, ``"21"``, ``210000``), Chinese short or full names
    (``"辽宁"``, ``"辽宁省"``), English names in any case (``"Liaoning"``), pinyin keys used by the
    shared data sets (``"neimenggu"``), and aggregate names (``"Northeast"``, ``"全国"``).

    Raises
    ------
    UnknownLabelError
        If the name matches no region; ``where`` (file/field) is included in the message.
    """
    if isinstance(name, Region):
        return name
    if isinstance(name, (int,)) or (isinstance(name, float) and float(name).is_integer()):
        name = f"{int(name):06d}" if int(name) >= 100000 else str(int(name))
    key = _key(name)
    code = _INDEX.get(key)
    if code is None and key.endswith(("省", "市")):
        code = _INDEX.get(key[:-1])
    if code is None:
        # `where` names a file, or a field/option when it looks like one ("region", "--region")
        is_field = where is not None and (where.startswith("-") or where.isidentifier())
        raise UnknownLabelError(
            f"unknown region {name!r}",
            file=None if is_field else where,
            field=where if is_field else None,
            expected="a province code/name (e.g. 210000, 辽宁, Liaoning), 全国/China, "
                      "or a macro-region (Northeast, East, Central, West)",
        )
    return REGIONS[code]


def region_code(name: object, *, where: str | None = None) -> str:
    """Canonical code of a region (see :func:`normalise_region`)."""
    return normalise_region(name, where=where).code


def provinces(*, mainland: bool = True) -> list[Region]:
    """The provinces, in GB/T 2260 order (31 mainland ones by default)."""
    codes = [p[0] for p in _PROVINCES]
    if not mainland:
        codes += [p[0] for p in _NON_MAINLAND]
    return [REGIONS[c] for c in codes]


def members(region: object) -> tuple[str, ...]:
    """Province codes that make up a region (the region itself for a province)."""
    reg = normalise_region(region)
    return reg.members if reg.members else (reg.code,)


def regions_frame() -> pd.DataFrame:
    """All registered regions as a labelled frame (index: code)."""
    rows = [
        {
            "code": r.code,
            "name_en": r.name_en,
            "name_cn": r.name_cn,
            "full_cn": r.full_cn,
            "kind": r.kind,
            "macro": r.macro,
            "members": ",".join(r.members),
            "note": r.note,
        }
        for r in REGIONS.values()
    ]
    return pd.DataFrame(rows).set_index("code")
