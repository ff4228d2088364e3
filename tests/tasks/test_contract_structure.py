"""Structural decomposition and spillover tasks (issue 18): the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [('io.sda', {'decompose': 'share'}), ('io.sda', {'regions': ['Jilin'], 'method': 'all_orderings'}), ('io.sda', {'regions': ['Liaoning'], 'prices': 'national_gdp_deflator'}), ('io.spillovers', {'grouping': 'ne_rest'})]
NAMES = ['io.sda', 'io.spillovers']

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
