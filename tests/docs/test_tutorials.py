"""The tutorials of the documentation run, and print what their pages say.

Every ``pycon`` block of ``docs/pages/tutorials/*.md`` is run with :mod:`doctest`, page by page
in one namespace (blocks in order), so a tutorial whose numbers change fails here until its page
is refreshed (``python docs/fill_outputs.py docs/pages/tutorials/*.md``) and the change reviewed.
The tutorials read only the datasets bundled in the package (no ``shared/data`` needed).
"""

from __future__ import annotations

import doctest
import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs" / "pages" / "tutorials").glob("*.md"))
BLOCK = re.compile(r"```pycon\n(.*?)```", re.S)
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def test_there_are_tutorials():
    assert {p.stem for p in PAGES} >= {"linkages", "ahp", "forecast", "scenario"}


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_tutorial_runs_as_written(page):
    text = "\n".join(BLOCK.findall(page.read_text(encoding="utf-8")))
    assert ">>>" in text, f"{page.name} has no pycon block"
    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__doc__"}, page.stem,
                                               str(page), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{page.name}: {result.failed} of {result.attempted} examples differ"


def test_fill_outputs_reproduces_a_page(tmp_path):
    """The script that writes the expected outputs agrees with doctest on a small page."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fill_outputs", ROOT / "docs" / "fill_outputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = tmp_path / "p.md"
    page.write_text("```pycon\n>>> x = 2\n>>> x + 1\n>>> print('a\\n\\nb')\n```\n", encoding="utf-8")
    module.fill(page)
    assert page.read_text(encoding="utf-8") == (
        "```pycon\n>>> x = 2\n>>> x + 1\n3\n>>> print('a\\n\\nb')\na\n<BLANKLINE>\nb\n```\n")
