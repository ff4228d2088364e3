"""Relatedness tasks (issue 18): the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [('relatedness.opportunities', {'source': ['prov_io_2012', 'prov_io_2017'], 'regions': ['Liaoning']}), ('relatedness.complexity', {'source': ['cn_prov_io_2012_42', 'cn_prov_io_2017_42'], 'industries': True}), ('relatedness.validation', {'source': ['prov_io_2007', 'prov_io_2012', 'prov_io_2017']})]
NAMES = ['relatedness.opportunities', 'relatedness.complexity', 'relatedness.validation']

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
