"""The yuan/US$ annual averages of indicators/trade.py against the pages they cite (issue 20).

Values as shown (yuan per 100 US$) in Wikipedia's 'List of renminbi exchange rates', table
'Official historical average exchange rates of Renminbi for major foreign currencies by year',
USD column, read through the search tool at https://wikimili.com/en/List_of_renminbi_exchange_rates
and https://www.dl1.en-us.nina.az/List_of_renminbi_exchange_rates.html: 2018 661.74,
2017 675.18, 2016 664.23, 2015 622.84, 2014 614.28, 2013 619.32, 2012 631.25, 2011 645.88.
2019 6.8985 and 2020 6.8974 from the Baidu Baike copy cited in RATE_TABLE. Exact to the
published four decimals.

2022 6.7261 and 2023 7.0467: the SAFE annual averages of the central parity as quoted (found
with the search tool, corpus ``pages``) at https://www.laitimes.com/en/article/6avi8_6r7t3.html
("the average exchange rate between the RMB and the US dollar in 2023 is 7.0467, compared with
6.7261 in the previous year, depreciating by 4.55%"). 2021: the communique's sentence was not
found; China News Service's report of it (per-capita GDP 80,976 yuan = 12,551 US$ at the annual
average rate, tellerreport.com, 2022-03-01) implies 6.4517, consistent with 6.4515 to the
rounding of 12,551; the year stays "unverified". 2024: nothing found.
"""

from __future__ import annotations

import pytest

from revitalize.indicators.trade import RATE_TABLE, YEARBOOK_RATES, exchange_rates
from tests.indicators._issue20 import panels

WIKIPEDIA_PER_100 = {2018: 661.74, 2017: 675.18, 2016: 664.23, 2015: 622.84,
                     2014: 614.28, 2013: 619.32, 2012: 631.25, 2011: 645.88}


@pytest.mark.parametrize("year", [2015, 2016, 2017, 2018])
def test_typed_rates_equal_the_cited_table(year):
    assert YEARBOOK_RATES[year] == pytest.approx(WIKIPEDIA_PER_100[year] / 100, abs=5e-5)


def test_2019_2020_equal_the_cited_page():
    assert YEARBOOK_RATES[2019] == 6.8985 and YEARBOOK_RATES[2020] == 6.8974


def test_2022_2023_equal_the_cited_page():
    assert YEARBOOK_RATES[2022] == 6.7261 and YEARBOOK_RATES[2023] == 7.0467
    # the page's own check: 7.0467 / 6.7261 - 1 = 4.77 % more yuan per US$, i.e. the yuan
    # lost 1 - 6.7261 / 7.0467 = 4.55 % of its dollar value
    assert 100 * (1 - YEARBOOK_RATES[2022] / YEARBOOK_RATES[2023]) == pytest.approx(4.55, abs=0.005)


def test_2021_is_consistent_with_the_reported_per_capita_gdp_but_stays_unverified():
    # 80,976 yuan = 12,551 US$, both rounded to 1: the rate is known to a relative
    # +-(0.5 / 12,551 + 0.5 / 80,976), about +-0.0003 yuan
    implied = 80976 / 12551
    assert abs(YEARBOOK_RATES[2021] - implied) <= implied * (0.5 / 12551 + 0.5 / 80976)
    assert {y: s for y, _, _, s in RATE_TABLE}[2021] == "unverified"


def test_every_rate_has_a_source_and_a_status():
    for _year, rate, source, status in RATE_TABLE:
        assert 5 < rate < 8 and source and status.split()[0] in ("verified", "unverified")
    r = exchange_rates()
    assert set(r.columns) == {"rate", "source", "status"}
    assert list(r.index[r["status"] == "unverified"]) == [2021, 2024]


def test_cited_table_matches_the_nbs_series_where_both_exist(shared_data):
    # The page transcribes the NBS yearbook: its 2011-2014 values equal the national data file.
    r = exchange_rates(panels(shared_data)["national"])
    for year in (2011, 2012, 2013, 2014):
        assert r.loc[year, "status"] == "data file"
        assert r.loc[year, "rate"] == pytest.approx(WIKIPEDIA_PER_100[year] / 100, abs=5e-5)
