"""Efficiency tasks (issue 16): the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [('efficiency.dea', {}), ('efficiency.dea', {'model': 'sbm', 'undesirable': ['co2'], 'rts': 'vrs', 'year': 2015}), ('efficiency.malmquist', {'summary': True}), ('efficiency.growth_accounting', {'by_region': True, 'first_year': 2010, 'last_year': 2017})]
NAMES = ['efficiency.dea', 'efficiency.malmquist', 'efficiency.growth_accounting']

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
