"""Decision-method tasks (issue 17): the same request through Python, the CLI and the HTTP API gives the same table
and meta (timestamps aside), on the bundled real data; every CLI option is a request field."""

from __future__ import annotations

from tests.tasks.doors import contract_tests

CASES = [('evaluate.vikor', {'v': 0.6}), ('evaluate.promethee', {'preference_function': 'usual', 'criteria': 'gdp_per_capita:+,energy_consumption/gdp:-,so2_emissions/gdp:-', 'weighting': 'equal'}), ('evaluate.cocoso', {'lambda_': 0.4, 'regions': ['NE', 'EAST']}), ('evaluate.compare', {'methods': ['topsis', 'vikor', 'waspas'], 'aggregate': 'copeland'}), ('evaluate.bwm', {'best_to_others': 'gdp:1,energy:3,so2:8', 'others_to_worst': 'gdp:8,energy:4,so2:1'}), ('uncertainty.mcda', {'method': 'vikor', 'draws': 500, 'seed': 3})]
NAMES = ['evaluate.vikor', 'evaluate.promethee', 'evaluate.edas', 'evaluate.codas', 'evaluate.mabac', 'evaluate.cocoso', 'evaluate.waspas', 'evaluate.moora', 'evaluate.bwm', 'evaluate.compare', 'uncertainty.mcda']

test_python_cli_http_agree, test_every_cli_option_is_a_request_field = contract_tests(CASES, NAMES)
