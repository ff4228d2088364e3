"""Policy-evaluation task (issue 18): the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [('policy.synthetic_control', {'treated': ['NE']})]
NAMES = ['policy.synthetic_control']

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
