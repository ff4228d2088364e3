"""``summary()`` of group AHP and AHP hierarchies: statsmodels-like tables like
``AHPResult.summary()`` (issue 15), whose numbers are the result's (parsed back, to 1e-4: the
tables print 4 decimals, so a printed value is within 5e-5 of the result's)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from revitalize.evaluate.ahp import AHPConsistencyWarning, Hierarchy, ahp_group, hierarchy_weights
from revitalize.results import SUMMARY_WIDTH
from tests.evaluate.test_ahp import HOUSE, HOUSE_ALTERNATIVES, HOUSE_CRITERIA
from tests.evaluate.test_ahp_group import BAD, CRIT, A, B

TOL = 1e-4


def quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kw)


def block(text: str, heading: str, columns: int) -> dict[str, list[str]]:
    """The rows of the table under the line starting with ``heading``: label -> the last
    ``columns`` cells (labels may hold spaces; a label seen twice gets ``#2``...)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows: dict[str, list[str]] = {}
    for line in lines[start + 3:]:  # heading, column names, index name
        if line.startswith(("-" * 10, "=" * 10)):
            break
        *label, = line.rsplit(None, columns)
        key = label[0].strip()
        n = sum(1 for k in rows if k == key or k.startswith(key + "#"))
        rows[key if n == 0 else f"{key}#{n + 1}"] = label[1:]
    return rows


def header(text: str, name: str) -> str:
    for line in text.splitlines():
        for part in (line[:SUMMARY_WIDTH // 2], line[SUMMARY_WIDTH // 2:]):
            if part.startswith(name + ":"):
                return part[len(name) + 1:].strip()
    raise AssertionError(f"{name} not in the header")


# ---------------------------------------------------------------------------- group
@pytest.mark.parametrize("kw", [{}, {"group": "aip"}, {"group": "aip", "aip_mean": "geometric"},
                                {"drop_inconsistent": True},
                                {"expert_weights": [0.5, 0.3, 0.2]}])
def test_group_summary_holds_the_result(kw):
    r = quiet(ahp_group, {"A": A, "B": B, "C": BAD}, CRIT, name="panel", **kw)
    text = r.summary()
    assert all(len(line) <= SUMMARY_WIDTH for line in text.splitlines())
    conv = r.meta["conventions"]
    assert text.startswith(f"AHP group ({conv['group']}")
    assert header(text, "Experts") == "3"
    assert header(text, "Rule").startswith(conv["group"].upper())
    experts = r.extra["experts"]
    assert header(text, "Included") == str(int(experts["included"].sum()))
    # per-expert CR and weights
    rows = block(text, "Experts (lambda_k", 6)
    assert list(rows) == ["A", "B", "C"]
    for e, cells in rows.items():
        lam, lmax, ci, cr, ok, used = cells
        assert float(lam) == pytest.approx(experts.loc[e, "weight"], abs=TOL)
        assert float(lmax) == pytest.approx(experts.loc[e, "lambda_max"], abs=TOL)
        assert float(ci) == pytest.approx(experts.loc[e, "ci"], abs=TOL)
        assert float(cr) == pytest.approx(experts.loc[e, "cr"], abs=TOL)
        assert (ok == "yes") == bool(experts.loc[e, "consistent"])
        assert (used == "yes") == bool(experts.loc[e, "included"])
    # group CR: the AIJ group matrix's; AIP has none and says so
    if conv["group"] == "aij":
        assert float(header(text, "Group CR")) == pytest.approx(r.meta["cr"], abs=TOL)
        assert f"group CR = {r.meta['cr']:.4f}" in text.splitlines()[0]
    else:
        assert r.meta["cr"] is None and "no group CR" in text and "Group CR:" not in text
    # weights by rank, and the dispersion of the included experts' own weights
    rows = block(text, "Group weights by rank", 5)
    w = r.table["weight"]
    assert list(rows) == list(w.sort_values(ascending=False).index)
    ind = r.extra["individual_weights"][experts.index[experts["included"]]]
    for c, (weight, rank, lo, hi, gsd) in rows.items():
        assert float(weight) == pytest.approx(w[c], abs=TOL)
        assert int(rank) == int(w.rank(ascending=False)[c])
        assert float(lo) == pytest.approx(ind.loc[c].min(), abs=TOL)
        assert float(hi) == pytest.approx(ind.loc[c].max(), abs=TOL)
        assert float(gsd) == pytest.approx(np.exp(np.log(ind.loc[c]).std(ddof=1)), abs=TOL)


def test_group_summary_gsd_of_identical_experts_is_one_and_of_one_expert_is_undefined():
    same = ahp_group([A, A], CRIT).summary()
    assert all(cells[4] == "1.0000" for cells in block(same, "Group weights", 5).values())
    one = ahp_group([A], CRIT).summary()
    assert all(cells[4] == "--" for cells in block(one, "Group weights", 5).values())


# ---------------------------------------------------------------------------- hierarchy
def _house():
    """Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", EJOR 48:9-26:
    the house example (matrices transcribed in tests/evaluate/test_ahp.py)."""
    h = Hierarchy("house", [Hierarchy(c, ["A", "B", "C"], matrix=m)
                            for c, m in zip(HOUSE_CRITERIA, HOUSE_ALTERNATIVES)], matrix=HOUSE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AHPConsistencyWarning)
        return hierarchy_weights(h)


def test_house_hierarchy_summary_holds_the_result():
    r = _house()
    text = r.summary()
    assert all(len(line) <= SUMMARY_WIDTH for line in text.splitlines())
    assert text.startswith("AHP hierarchy 'house' (eigenvector): 2 levels, CRH = ")
    assert header(text, "Levels") == "2" and header(text, "Nodes") == str(len(r.table))
    assert float(header(text, "CRH")) == pytest.approx(r.meta["cr_hierarchy"], abs=TOL)
    assert "NOT acceptable (CRH > 0.1)" in text  # CR(house criteria) = 0.169, Saaty (1990)
    # CR per matrix
    cons = r.extra["consistency"].set_index("node")
    rows = block(text, "Judged matrices", 8)
    assert list(rows) == ["house", *HOUSE_CRITERIA]
    for node, (level, g, n, lmax, ci, ri, cr, ok) in rows.items():
        assert int(level) == cons.loc[node, "level"] and int(n) == cons.loc[node, "n"]
        assert float(g) == pytest.approx(cons.loc[node, "global_weight"], abs=TOL)
        assert float(lmax) == pytest.approx(cons.loc[node, "lambda_max"], abs=TOL)
        assert float(ci) == pytest.approx(cons.loc[node, "ci"], abs=TOL)
        assert float(ri) == cons.loc[node, "ri"]
        assert float(cr) == pytest.approx(cons.loc[node, "cr"], abs=TOL)
        assert (ok == "yes") == bool(cons.loc[node, "consistent"])
    assert float(rows["house"][6]) == pytest.approx(0.169, abs=5e-4)  # Saaty (1990), printed
    # per level
    lv = r.extra["level_consistency"].set_index("level")
    for level, cells in block(text, "Per level", 3).items():
        assert [float(c) for c in cells] == pytest.approx(
            lv.loc[int(level), ["ci_weighted", "ri_weighted", "cr_level"]].tolist(), abs=TOL)
    # every node's local and global weight, in the table's order
    rows = block(text, "Weights (local", 5)
    assert len(rows) == len(r.table)
    for (label, cells), (_, row) in zip(rows.items(), r.table.iterrows()):
        parent, level, local, glob, leaf = cells
        assert int(level) == row["level"] and (leaf == "yes") == bool(row["leaf"])
        # node and parent names may hold spaces: compare the two together
        assert " ".join(f"{label.split('#')[0]} {parent}".split()) == \
            f"{row['criterion']} {row['parent']}"
        assert float(local) == pytest.approx(row["local_weight"], abs=TOL)
        assert float(glob) == pytest.approx(row["weight"], abs=TOL)
    # alternatives: global score and rank (Saaty 1990 prints .396 .341 .263)
    rows = block(text, "Alternatives", 2)
    assert list(rows) == ["A", "B", "C"] and [v[1] for v in rows.values()] == ["1", "2", "3"]
    for alt, (score, _) in rows.items():
        assert float(score) == pytest.approx(r.synthesis[alt], abs=TOL)
    assert [round(float(v[0]), 3) for v in rows.values()] == [0.396, 0.341, 0.263]


def test_aip_hierarchy_summary_has_one_row_per_expert_and_no_crh():
    tree = {"goal": "g", "matrix": [[1, 2], [0.5, 1]], "children": [
        {"name": "x", "experts": [{"name": "e1", "matrix": A}, {"name": "e2", "matrix": B}],
         "children": ["a", "b", "c"]}, "y"]}
    r = hierarchy_weights(tree, group="aip")
    text = r.summary()
    assert "CRH = n/a" in text and "AIP (arithmetic mean)" in text
    cons = r.extra["consistency"]
    rows = block(text, "Judged matrices", 9)
    assert len(rows) == len(cons)
    for (_, cells), (_, row) in zip(rows.items(), cons.iterrows()):
        assert cells[0] == row["expert"]
        assert float(cells[7]) == pytest.approx(row["cr"], abs=TOL)
    scores = pd.Series({k: float(v[0]) for k, v in block(text, "Alternatives", 2).items()})
    assert np.allclose(scores, r.synthesis[scores.index], atol=TOL)


def test_long_names_are_cut_not_misaligned():
    long = "an expert whose name is longer than the column"
    r = ahp_group({long: A, "B": B}, CRIT)
    rows = block(r.summary(), "Experts (lambda_k", 6)
    assert all("nan" not in " ".join(cells).lower() for cells in rows.values())
    assert float(rows["B"][3]) == pytest.approx(r.extra["experts"].loc["B", "cr"], abs=TOL)
    assert "no judged matrix" in hierarchy_weights(Hierarchy("g", [Hierarchy("a", ["x"])])
                                                   ).summary().splitlines()[0]


# ---------------------------------------------------------------------------- no experts
def test_hierarchy_without_experts_names_no_group_rule(tmp_path):
    """A hierarchy judged by one hand has no group rule: meta leaves group and aip_mean out
    (as ``ahp()`` for one matrix), the task names them None, and the summary -- which called
    ``.upper()`` on the rule -- shows no 'Group rule' row for either."""
    import json

    from revitalize.tasks import run
    from revitalize.tasks.evaluate import AhpRequest

    for group in ("aij", "aip"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AHPConsistencyWarning)
            r = hierarchy_weights(Hierarchy("house", [
                Hierarchy(c, ["A", "B", "C"], matrix=m)
                for c, m in zip(HOUSE_CRITERIA, HOUSE_ALTERNATIVES)], matrix=HOUSE),
                group=group)
        assert not {"group", "aip_mean"} & set(r.meta["conventions"]), group
        assert "Group rule" not in r.summary()
    tree = {"goal": "g", "matrix": [[1, 2], [0.5, 1]],
            "children": [{"name": "x", "matrix": A, "children": CRIT}, "y"]}
    path = tmp_path / "tree.json"
    path.write_text(json.dumps(tree), encoding="utf-8")
    res = run(AhpRequest(source=(str(path),), group="aip"))
    assert res.meta["conventions"]["group"] is None
    assert res.meta["conventions"]["aip_mean"] is None
    text = res.summary()  # conventions["group"] None: no AttributeError
    assert "Group rule" not in text and text.startswith("AHP hierarchy 'g'")
    # with experts the rule is named, as before
    experts = {**tree, "children": [{"name": "x", "children": CRIT, "experts": [
        {"name": "e1", "matrix": A}, {"name": "e2", "matrix": B}]}, "y"]}
    r = hierarchy_weights(experts)
    assert r.meta["conventions"]["group"] == "aij" and header(r.summary(), "Group rule") == "AIJ"
