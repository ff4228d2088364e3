"""Issue-20 indicator tasks: the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [('indicators.customs_trade', {'years': '2003-2015', 'gdp_vintage': 'first_release'}), ('indicators.state_ownership', {'regions': ['NE', '000000'], 'years': '2015'}), ('indicators.grain', {'source': 'cn_prov_nbs_2000_2019'}), ('indicators.transfers', {}), ('indicators.macro_growth', {}), ('indicators.city_population', {}), ('indicators.co2_intensity', {'regions': ['NE', '000000']}), ('indicators.documents_vs_data', {})]
NAMES = ['indicators.customs_trade', 'indicators.trade_totals', 'indicators.state_ownership', 'indicators.grain', 'indicators.transfers', 'indicators.macro_growth', 'indicators.city_population', 'indicators.co2_intensity', 'indicators.documents_vs_data']

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
