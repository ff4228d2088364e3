"""Panels of issue 20 read once per session (helpers for the tests beside)."""

from __future__ import annotations

import functools
import warnings

from revitalize.data.readers.detect import read_any
from revitalize.data.readers.nbs_provincial import (
    read_ceads_provincial,
    read_city_northeast,
    read_fiscal_transfers,
    read_nbs_provincial,
)
from revitalize.errors import DataQualityWarning


@functools.cache
def panels(root):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return {
            "nbs": read_nbs_provincial(root / "cn_prov_nbs_2000_2019/cn_prov_nbs_2000_2019_long.csv"),
            "ext": read_nbs_provincial(root / "cn_prov_nbs_2000_2019/"
                                       "cn_prov_trade_totals_2016_2024_long.csv"),
            "national": read_any(root / "cn_national_nbs_1978_2014/cn_national_nbs_1978_2014_long.csv"),
            "fiscal": read_fiscal_transfers(root / "cn_prov_fiscal_transfers_2014_2016/"
                                            "cn_prov_fiscal_transfers_2014_2016_long.csv"),
            "cities": read_city_northeast(root / "cn_city_northeast/cn_city_northeast_long.csv"),
            "ceads": read_ceads_provincial(root / "cn_prov_co2_ceads/"
                                           "cn_prov_co2_ceads_sectoral_long.csv", sector="Total"),
        }


def cell(result, region, year, column):
    t = result.table
    return float(t.loc[(t["region"] == region) & (t["year"] == year), column].iloc[0])
