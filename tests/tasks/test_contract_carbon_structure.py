"""Issue-20 carbon and structure tasks (io.emissions, indicators.structure_shares): the same
request through Python, the CLI and the HTTP API gives the same table and meta (timestamps
aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [("io.emissions", {}),
         ("io.emissions", {"source": "prov_io_2012", "regions": ["Jilin"], "technology": "domestic"}),
         ("indicators.structure_shares", {}),
         ("indicators.structure_shares", {"source": "prov_io_2012", "national": "none"})]
NAMES = ["io.emissions", "indicators.structure_shares"]

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
