"""Build the bundled datasets (``src/revitalize/data/bundle``) from ``../shared/data``.

Usage::

    python tools/build_datasets.py [--source ../shared/data] [--check]

Every dataset in :data:`SPEC` is one source CSV copied byte for byte and compressed with xz
(Python :mod:`lzma`, preset ``9 | PRESET_EXTREME``, format XZ, check CRC64; no time stamp or
file name is stored, so a rebuild from the same sources gives identical bytes). The registry
``registry.json`` lists, per dataset, the hand-written fields below plus what the build measures
(sha256 and size of the original and of the packaged file) and the source read from the
folder's ``PROVENANCE.md`` (repository, commit, licence; a spec entry's ``source`` overrides
any of them, and gives the path inside the repository and the original publisher).

``--check`` rebuilds into a temporary folder and exits 1 when the committed bundle differs
from the rebuild (a changed, missing or extra file, byte for byte), printing each difference.
The script needs only the standard library.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "revitalize" / "data" / "bundle"
BUNDLE_DIR = "bundle"
REGISTRY = "registry.json"
SCHEMA_VERSION = 1
XZ = {"format": lzma.FORMAT_XZ, "check": lzma.CHECK_CRC64, "preset": 9 | lzma.PRESET_EXTREME}

_CHNIO = "common2016/CHNIO"
_IONET = "Carol-seven/ionet"
_PROV_IO = ("Provincial statistics bureaus / NBS, 分省投入产出表 (China Regional Input-Output "
            "Tables), current producers' prices")
_NBS_IO = "National Bureau of Statistics of China (国家统计局), 中国投入产出表"
_ENERGY_URL = ("https://raw.githubusercontent.com/WangMeng0734/"
               "china-provincial-energy-consumption-panel/"
               "b55589e1e406719d98d8a91fd3166a3139901e95/energy-consumption-forecasting-china/"
               "02_Data/csv/raw_data.csv")


def _prov_io(year: int, sectors: int, regions: str, *, options=None, reader="provincial_io",
             note: str = "") -> dict:
    stem = f"cn_prov_io_{year}_{sectors}"
    return {
        "name": f"prov_io_{year}", "mirror_path": f"cn_io_provincial/{stem}.csv",
        "aliases": [stem], "kind": "io_collection", "reader": reader, "options": options or {},
        "title": f"Provincial input-output tables {year}, {sectors} sectors, all provinces",
        "description": (f"The {year} {sectors}-sector input-output tables of {regions} stacked in "
                        "one file (Z, final use, value added, output), with year-specific "
                        "sector names; competitive imports, inter-provincial flows in the "
                        "final-use block." + note),
        "units": "10^4 CNY (万元), current producers' prices", "years": [year, year],
        "regions": regions,
        "source": {"repository": _CHNIO, "publisher": _PROV_IO,
                   "path": (f"data/io{year}.rda" if year != 1997 else
                            "data-raw/中国31省区市42部门投入产出表1997-2017皮皮侠/"
                            "1997年各省份投入产出表/1997年/*.xls")},
    }


def _nbs_io(year: int, sectors: int, what: str, *, noncomp: bool = False) -> dict:
    stem = f"cn_io_{year}_{sectors}" + ("_noncomp" if noncomp else "")
    return {
        "name": stem.replace("cn_io_", "nbs_io_"), "mirror_path": f"cn_io_nbs/{stem}.csv",
        "aliases": [stem], "kind": "io_table", "reader": "nbs_io", "options": {},
        "title": f"China national input-output table {year}, {sectors} sectors ({what})",
        "description": (f"NBS national input-output table {year}, {what}, {sectors} sectors: "
                        "intermediate use, final use, value added (VA001-VA004), output."),
        "units": "10^4 CNY (万元), current producers' prices", "years": [year, year],
        "regions": "China (nation)",
        "source": {"repository": _IONET, "publisher": _NBS_IO,
                   "path": f"data/china_{year}_{sectors}.rda"},
    }


def _panel(name: str, mirror_path: str, alias: str, title: str, description: str, units: str,
           years: list[int], regions: str, source: dict, *, reader: str | None = "panel",
           public_url: str | None = None, companions: list[str] | None = None) -> dict:
    return {"name": name, "mirror_path": mirror_path, "aliases": [alias], "kind": "panel",
            "reader": reader, "options": {}, "title": title, "description": description,
            "units": units, "years": years, "regions": regions, "source": source,
            "public_url": public_url, "companions": companions or []}


_NO_READER = (" No reader of revitalize.data.readers reads this layout yet (reader null): use "
              "BundledDataset.path() with pandas until one does.")

#: The datasets, in registry order. Fields measured by the build are added to these.
SPEC: list[dict] = [
    _prov_io(1997, 38, "29 provinces (no Hainan, no Tibet)",
             note=" 38-sector 1997 list (prov38_1997), rows TII and VA003 first; converted "
                  "from the original workbooks. Liaoning and Sichuan fail validation (an "
                  "unbalanced revised sheet; a -29 % flow) and are refused by name."),
    _prov_io(2002, 42, "30 provinces (no Tibet)", options={"blank_as_zero": True},
             note=" Guangxi VA004 x sec42 is blank in the source and is read as 0 "
                  "(blank_as_zero, recorded in the table notes)."),
    _prov_io(2007, 42, "30 provinces (no Tibet)"),
    _prov_io(2012, 42, "31 provinces"),
    _prov_io(2017, 42, "31 provinces"),
    _nbs_io(2002, 122, "benchmark, competitive imports"),
    _nbs_io(2005, 42, "extension, competitive imports"),
    _nbs_io(2007, 135, "benchmark, competitive imports"),
    _nbs_io(2010, 41, "extension, competitive imports"),
    _nbs_io(2012, 139, "benchmark, competitive imports"),
    _nbs_io(2015, 42, "extension, competitive imports"),
    _nbs_io(2017, 149, "benchmark, competitive imports"),
    _nbs_io(2017, 42, "non-competitive imports", noncomp=True),
    _nbs_io(2018, 153, "extension, competitive imports"),
    _nbs_io(2018, 42, "non-competitive imports", noncomp=True),
    _nbs_io(2020, 42, "non-competitive imports", noncomp=True),
    {"name": "oecd_io_1995_2018", "mirror_path": "cn_io_oecd_2021ed/oecd_iot2021_chn_1995_2018.csv",
     "aliases": ["cn_io_oecd_1995_2018"], "kind": "io_collection", "reader": "oecd_io",
     "options": {}, "title": "OECD input-output tables 2021 edition, China, 1995-2018",
     "description": "24 yearly OECD IOTs of China stacked with a year column, 45 industries "
                    "(ISIC Rev.4), total-use intermediate block; imports entered negative.",
     "units": "10^6 USD, current prices", "years": [1995, 2018], "regions": "China (nation)",
     "source": {"publisher": "OECD, Input-Output Tables (IOTs) 2021 edition",
                "path": "data/OECD21ed_CHN_1995to2018.rda"}},
    _panel("prov_energy_panel", "cn_prov_energy_panel/cn_prov_energy_econ_panel_long.csv",
           "cn_prov_energy_panel", "Provincial economy, energy and emissions panel 1990-2025",
           "GDP, sector value added, GDP per capita, population, energy consumption, electricity, "
           "coal, gas, SO2 and apparent CO2 by province and year (raw values only, long form) "
           "with quality flags E/V/J/S/B/P.",
           "per indicator (100 million yuan, 10^4 persons, 10^4 tce, Mt CO2, ...)", [1990, 2025],
           "31 provinces",
           {"path": "energy-consumption-forecasting-china/02_Data/csv/raw_data.csv",
            "publisher": "China Statistical Yearbook and provincial yearbooks; China Energy "
                         "Statistical Yearbook; China Statistical Yearbook on Environment; CEADs"}),
    _panel("prov_energy_raw", "cn_prov_energy_panel/original/raw_data.csv", "cn_prov_energy_raw",
           "Provincial economy and energy panel 1990-2025, original wide file",
           "The upstream raw_data.csv unchanged (one row per province-year, Chinese names).",
           "per column (see the upstream variable_dictionary.csv)", [1990, 2025], "31 provinces",
           {"path": "energy-consumption-forecasting-china/02_Data/csv/raw_data.csv",
            "publisher": "China Statistical Yearbook and provincial yearbooks; China Energy "
                         "Statistical Yearbook; China Statistical Yearbook on Environment; CEADs"},
           public_url=_ENERGY_URL,
           companions=["cn_prov_energy_panel/original/variable_dictionary.csv"]),
    _panel("prov_rd_fiscal", "cn_prov_rd_fiscal/cn_prov_rd_fiscal_long.csv", "cn_prov_rd_fiscal",
           "Provincial R&D and local budget expenditure 2010-2023",
           "R&D expenditure and intensity, R&D internal expenditure by activity and source of "
           "funds, R&D personnel FTE, local general budget expenditure (total, education, S&T, "
           "agriculture).", "per indicator (100 million yuan, 10^4 yuan, %, person-years)",
           [2010, 2023], "31 provinces and the national total",
           {"path": "data/RDIntense.rda, RDActivity.rda, RDSource.rda, RDLaborHour.rda, "
                    "PublicBudget.rda",
            "publisher": "NBS/MOST/MOF R&D bulletins; China Statistical Yearbook on Science and "
                         "Technology; China Statistical Yearbook"}),
    _panel("prov_capital_inputs", "cn_prov_capital_inputs/cn_prov_gfcf_investment_price_1952_2022.csv",
           "cn_prov_capital_inputs", "Provincial GFCF, investment price index and depreciation",
           "Gross fixed capital formation (current prices), fixed-asset investment price index "
           "(1952 = 1) and depreciation by province, the inputs of capital-stock estimates; "
           "2018-2022 estimated by the source package (flagged).",
           "100 million yuan; index 1952 = 1", [1952, 2022], "31 provinces (Chongqing from 1996)",
           {"path": "data/asset.rda",
            "publisher": "NBS (China Statistical Yearbooks; 中国国内生产总值核算历史资料) as used "
                         "by Zhang, Wu & Zhang (2004), 经济研究 2004(10)"}),
    _panel("national_nbs", "cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv",
           "cn_national_nbs", "China national annual series 1978-2014 (NBS National Data)",
           "GDP and its components, population, goods trade, FDI, deposits and loans, money "
           "supply, employment by industry, fixed-asset investment, exchange rate; long form, "
           "units assigned from the NBS definitions.", "per indicator (亿元, 万人, 万美元, %)",
           [1978, 2014], "China (nation)",
           {"path": "data/zb/*/*.csv",
            "publisher": "National Bureau of Statistics of China, National Data (国家数据)"}),
    _panel("national_wdi_pwt", "cn_national_wdi_pwt/cn_national_wdi_pwt_1960_2025.csv",
           "cn_national_wdi_pwt", "China national macro series 1960-2025 (WDI, PWT, IMF)",
           "GDP and expenditure components in current US$, FDI net inflows (% of GDP), "
           "population, labour force, tax revenue, PWT capital and human-capital indices.",
           "per column (current US$, %, persons, index)", [1960, 2025], "China (nation)",
           {"path": "output/china_data_raw.md", "licence": "none stated (README badge says MIT; "
                                                           "no LICENSE file)",
            "publisher": "World Bank WDI; Penn World Table 10.01; IMF Fiscal Monitor"}),
    _panel("sector_employment", "cn_sector_employment/cn_employment_by_sector_1990_2018.csv",
           "cn_sector_employment", "China employment by sector 1990-2018",
           "Employment by GB/T 4754-2017 section and division (reconstructed consistent series, "
           "Wang, Jia & Wang 2021). Read with revitalize.data.readers.read_employment(path, year) "
           "(it needs a year, so read_any does not take it: reader null).",
           "10^4 persons", [1990, 2018], "China (nation)",
           {"path": "data/china_employment.rda",
            "publisher": "Wang, Jia & Wang (2021), Statistical Research 38(12): 3-18"},
           reader=None),
    _panel("prov_nbs_2000_2019", "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv",
           "cn_prov_nbs_2000_2019", "NBS provincial annual tables 2000-2019",
           "22 NBS provincial tables in long form: GDP (revised) and index, expenditure and income "
           "GDP, customs trade, foreign-invested firms, state-controlled and above-scale "
           "industry, crops, fiscal revenue and expenditure, population, price indices, fixed "
           "investment, employment.",
           "per indicator (亿元, 千美元, 万人, 上年=100, ...)", [2000, 2019], "31 provinces",
           {"path": "源数据/国家统计局分省年度数据/*.csv",
            "publisher": "National Bureau of Statistics of China, National Data, provincial "
                         "annual database (分省年度数据)"}, reader="nbs_provincial"),
    _panel("prov_trade_totals_2016_2024",
           "cn_prov_nbs_2000_2019/cn_prov_trade_totals_2016_2024_long.csv",
           "cn_prov_trade_totals_2016_2024", "Provincial trade totals 2016-2024 (NBS)",
           "Imports and exports by location of the trading firm and by domestic destination/"
           "source, long form (same layout as prov_nbs_2000_2019).",
           "10^3 USD (千美元)", [2016, 2024], "31 provinces and the national total",
           {"repository": "142857110823/chlorpyrifos-mobile-detector",
            "commit": "55243da2f1279fedebe2032b863e313a9c17d7e0",
            "path": "supply_chain_resilience/data/public_indicators/A060101.csv, A060201.csv",
            "licence": "none stated",
            "publisher": "National Bureau of Statistics of China, National Data (easyquery)"},
           reader="nbs_provincial"),
    _panel("prov_co2_ceads", "cn_prov_co2_ceads/cn_prov_co2_ceads_sectoral_long.csv",
           "cn_prov_co2_ceads", "CEADs provincial CO2 inventories by sector 1997-2019",
           "Scope-1 CO2 by province, year and 47 sector/household rows (IPCC sectoral approach), "
           "and by fuel for the provincial total; CEADs estimates, not official statistics.",
           "Mt CO2", [1997, 2019], "30 provinces (no Tibet; CEADs English names)",
           {"path": "harmonize/data/raw/CEADS_china_provinces/"
                    "Emission_Inventories_for_30_Provinces_<year>.xlsx",
            "licence": "CEADs terms: free for public and scientific use with citation (Shan et "
                       "al. 2018, 2020; Guan et al. 2021); redistribution not explicitly "
                       "granted; repository code Apache-2.0",
            "publisher": "CEADs (Carbon Emission Accounts & Datasets; Shan, Guan et al.)"},
           reader="nbs_provincial"),
    _panel("prov_fiscal_transfers",
           "cn_prov_fiscal_transfers_2014_2016/cn_prov_fiscal_transfers_2014_2016_long.csv",
           "cn_prov_fiscal_transfers_2014_2016",
           "Provincial budget final accounts with central transfers 2014-2016",
           "Revenue and expenditure totals, central transfers (中央补助收入), remittances to the "
           "centre, on-book debt revenue by province; 2017 revenue/expenditure only.",
           "100 million yuan", [2014, 2017], "31 provinces",
           {"path": "data/public finance/All Province 2014 - 17.csv",
            "publisher": "Provincial general public budget final accounts (Ministry of Finance "
                         "provincial fiscal statistics); NBS for 2017"}, reader="nbs_provincial"),
    _panel("city_northeast", "cn_city_northeast/cn_city_northeast_long.csv", "cn_city_northeast",
           "Northeast cities: census population 2010/2020 and CO2 2000-2019",
           "Census resident and urban population (2010, 2020) and CEADs city CO2 for 41 cities of "
           "Liaoning, Jilin, Heilongjiang and eastern Inner Mongolia, long form.",
           "persons; Mt CO2", [2000, 2020],
           "41 cities (14 Liaoning, 9 Jilin, 13 Heilongjiang, 5 eastern Inner Mongolia)",
           {"repository": "leiii/census; Open-Earth-Foundation/OpenClimate (CEADs cities)",
            "commit": "0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087; "
                      "822037b737999c397f58b442a5a31e4098dd42e1",
            "path": "data/census/census_city_2010-2020_v1.csv; harmonize/data/raw/"
                    "CEADS_china_cities/The_Emission_Inventories_for_290_Chinese_Cities_from_"
                    "1997_to_2019.xlsx",
            "licence": "census: MIT; CEADs: free use with citation, redistribution not "
                       "explicitly granted",
            "publisher": "Local census gazettes 2010/2020 (digitised by Dong et al.); CEADs"},
           reader="nbs_provincial"),
]

_FIELDS = ("name", "aliases", "title", "description", "kind", "reader", "options", "units",
           "years", "regions", "file", "mirror_path", "packaged", "sha256", "size",
           "packaged_sha256", "packaged_size", "source", "public_url", "companions")
_REPO_RE = re.compile(r"[Rr]epository:?\s*`([\w.-]+/[\w.-]+)`")
_COMMIT_RE = re.compile(r"`([0-9a-f]{40})`")
_LICENCE_RE = re.compile(r"Licen[cs]e[^:\n]*:\s*([^\n]+)")


def parse_provenance(text: str) -> dict[str, str | None]:
    """Repository, commit and licence named first in a ``PROVENANCE.md`` (``None`` if absent)."""
    repo, commit, licence = _REPO_RE.search(text), _COMMIT_RE.search(text), _LICENCE_RE.search(text)
    if licence is not None:
        first = re.split(r"\.\s", licence.group(1).strip(), maxsplit=1)[0]
        licence_text = re.sub(r"^the package is\s+", "", first.rstrip("."))
    else:
        licence_text = None
    return {"repository": repo.group(1) if repo else None,
            "commit": commit.group(1) if commit else None, "licence": licence_text}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compress(data: bytes) -> bytes:
    """xz, preset 9 | extreme, CRC64: deterministic for given input bytes."""
    return lzma.compress(data, **XZ)


def _pack(source_root: Path, mirror_path: str, out_dir: Path) -> dict:
    """Compress one source file into ``out_dir``; its checksums and sizes."""
    src = source_root / mirror_path
    data = src.read_bytes()
    packed = compress(data)
    packaged = src.name + ".xz"
    (out_dir / packaged).write_bytes(packed)
    return {"file": src.name, "mirror_path": mirror_path, "packaged": packaged,
            "sha256": _sha256(data), "size": len(data), "packaged_sha256": _sha256(packed),
            "packaged_size": len(packed)}


def build_entry(spec: dict, source_root: Path, out_dir: Path) -> dict:
    """Compress one dataset (and its companion files) into ``out_dir``; its registry entry.

    Companions are files a reader looks for beside the dataset's file (e.g. the energy panel's
    ``variable_dictionary.csv``); they are materialised next to it.
    """
    packed = _pack(source_root, spec["mirror_path"], out_dir)
    companions = [_pack(source_root, c, out_dir) for c in spec.get("companions", [])]
    folder = source_root / spec["mirror_path"].split("/")[0]
    source = {"repository": None, "path": None, "commit": None, "publisher": None,
              "licence": None}
    source.update(parse_provenance((folder / "PROVENANCE.md").read_text(encoding="utf-8")))
    source.update(spec.get("source", {}))
    entry = {**{k: spec.get(k) for k in _FIELDS}, **packed, "source": source,
             "companions": companions}
    return {k: entry[k] for k in _FIELDS}


def build(source_root: Path, package_dir: Path, *, verbose: bool = False) -> list[dict]:
    """Write ``package_dir/bundle/*.xz`` and ``package_dir/registry.json`` from the sources."""
    out_dir = package_dir / BUNDLE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for spec in SPEC:
        entry = build_entry(spec, source_root, out_dir)
        entries.append(entry)
        if verbose:
            print(f"{entry['name']:30s} {entry['size']:>10d} -> {entry['packaged_size']:>8d}")
    keep = {e["packaged"] for e in entries} | {
        c["packaged"] for e in entries for c in e["companions"]}
    for stale in out_dir.glob("*.xz"):
        if stale.name not in keep:
            stale.unlink()
    doc = {"schema_version": SCHEMA_VERSION,
           "compression": "xz (lzma FORMAT_XZ, CHECK_CRC64, preset 9 | PRESET_EXTREME)",
           "built_by": "tools/build_datasets.py", "datasets": entries}
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    (package_dir / REGISTRY).write_text(text, encoding="utf-8", newline="\n")
    return entries


def _files(package_dir: Path) -> dict[str, bytes]:
    found = {REGISTRY: (package_dir / REGISTRY).read_bytes()} if (
        package_dir / REGISTRY).is_file() else {}
    for p in sorted((package_dir / BUNDLE_DIR).glob("*.xz")):
        found[f"{BUNDLE_DIR}/{p.name}"] = p.read_bytes()
    return found


def compare(rebuilt_dir: Path, package_dir: Path = PACKAGE) -> list[str]:
    """Differences between the bundle in ``package_dir`` and one rebuilt in ``rebuilt_dir``."""
    fresh, committed = _files(rebuilt_dir), _files(package_dir)
    problems = [f"{n}: missing from the committed bundle" for n in fresh if n not in committed]
    problems += [f"{n}: not produced by a rebuild (stale)" for n in committed if n not in fresh]
    problems += [f"{n}: differs from a rebuild" for n in fresh
                 if n in committed and committed[n] != fresh[n]]
    return problems


def check(source_root: Path, package_dir: Path = PACKAGE) -> list[str]:
    """Differences between the committed bundle and a rebuild (empty when identical)."""
    with tempfile.TemporaryDirectory(prefix="bundle-check-") as tmp:
        build(source_root, Path(tmp))
        return compare(Path(tmp), package_dir)


def default_source() -> Path:
    """``REVITALIZE_SHARED_DATA``, else the nearest ``shared/data`` beside the repository."""
    if os.environ.get("REVITALIZE_SHARED_DATA"):
        return Path(os.environ["REVITALIZE_SHARED_DATA"])
    for parent in ROOT.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return ROOT.parent / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None,
                        help="folder laid out like shared/data (default: ../shared/data)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the committed bundle differs from a rebuild")
    args = parser.parse_args(argv)
    source = args.source or default_source()
    if not source.is_dir():
        print(f"error: source folder {source} not found", file=sys.stderr)
        return 2
    if args.check:
        problems = check(source)
        for line in problems:
            print(line)
        print("bundle differs from a rebuild" if problems else "bundle is up to date")
        return 1 if problems else 0
    entries = build(source, PACKAGE, verbose=True)
    total = sum(e["packaged_size"] + sum(c["packaged_size"] for c in e["companions"])
                for e in entries)
    print(f"{len(entries)} datasets, {total} bytes packaged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
