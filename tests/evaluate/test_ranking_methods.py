"""VIKOR, PROMETHEE II, EDAS, CODAS, MABAC, CoCoSo, WASPAS, MOORA: published worked examples and
agreement with peer libraries (test-only: pymcdm 1.4, pyrepo-mcda 0.1.15).

Reference values: the matrices, weights and published results of the cited papers as
transcribed in pyrepo-mcda's test suite (energyinpython/pyrepo-mcda, tests/test_mcda_methods*.py);
not re-read from the papers themselves. Each tolerance is the precision the paper prints.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from revitalize.errors import DataQualityWarning, InputError
from revitalize.evaluate.distance_based import codas, edas, mabac
from revitalize.evaluate.methods import RANKING_METHODS, batched_scores, kernel_options, rank
from revitalize.evaluate.outranking import PREFERENCE_FUNCTIONS, promethee_ii
from revitalize.evaluate.utility import cocoso, moora, waspas
from revitalize.evaluate.vikor import vikor

# Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid, Springer, ch. 2 (VIKOR,
# pp. 31-55) and ch. 3 (PROMETHEE, pp. 57-89): the same 6 x 4 example.
PP = np.array([[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7],
               [6, 9, 5, 4]], float)
PP_W = [0.4, 0.3, 0.1, 0.2]
# Ersoy (2021), LogForum 17(3): entropy-based TOPSIS, EDAS and CODAS, equipment selection.
ERSOY = np.array([[256, 8, 41, 1.6, 1.77, 7347.16], [256, 8, 32, 1.0, 1.8, 6919.99],
                  [256, 8, 53, 1.6, 1.9, 8400], [256, 8, 41, 1.0, 1.75, 6808.9],
                  [512, 8, 35, 1.6, 1.7, 8479.99], [256, 4, 35, 1.6, 1.7, 7499.99]])
ERSOY_W = [0.405, 0.221, 0.134, 0.199, 0.007, 0.034]
ERSOY_D = [1, 1, 1, 1, -1, -1]


def test_vikor_papathanasiou_ploskas():
    """Papathanasiou & Ploskas (2018) ch. 2, v = 0.625: Q = 0.640, 1.000, 0.693, 0.271, 0.000,
    0.694 (3 decimals, tolerance 5e-4); A5 alone is the compromise (C1 and C2 hold)."""
    r = vikor(PP, PP_W, "benefit", v=0.625)
    assert r.score.to_numpy() == pytest.approx([0.640, 1.0, 0.693, 0.271, 0.0, 0.694], abs=5e-4)
    assert r.rank.tolist() == [3, 6, 4, 2, 1, 5]
    assert r.meta["acceptable_advantage"] and r.meta["acceptable_stability"]
    assert r.meta["compromise_set"] == [5] and r.meta["better"] == "smaller"


def test_vikor_compromise_set_when_advantage_fails():
    Q = np.array([0.0, 0.1, 0.5, 1.0])
    from revitalize.evaluate.vikor import vikor_conditions

    c1, c2, comp = vikor_conditions(Q, np.array([0.1, 0.2, 0.3, 0.4]), np.array([.1, .2, .3, .4]))
    assert (c1, c2) == (False, True) and comp.tolist() == [0, 1]  # DQ = 1/3
    c1, c2, comp = vikor_conditions(np.array([0.0, 0.5, 1.0]), np.array([0.2, 0.1, 0.3]),
                                    np.array([0.2, 0.1, 0.3]))
    assert (c1, c2) == (True, False) and comp.tolist() == [0, 1]


def test_promethee_papathanasiou_ploskas():
    """Papathanasiou & Ploskas (2018) ch. 3, linear preference q = 1, p = 2: net flows
    -0.26, -0.52, -0.22, 0.36, 0.70, -0.06 (2 decimals, tolerance 5e-3)."""
    r = promethee_ii(PP, PP_W, "benefit", preference_function="linear", q=1, p=2)
    assert r.score.to_numpy() == pytest.approx([-0.26, -0.52, -0.22, 0.36, 0.70, -0.06], abs=5e-3)
    assert r.score.sum() == pytest.approx(0, abs=1e-12)
    assert (r.table["phi_plus"] - r.table["phi_minus"]).to_numpy() == pytest.approx(r.score)


@pytest.mark.parametrize("fn", list(PREFERENCE_FUNCTIONS))
def test_promethee_matches_pyrepo_for_each_preference_function(fn):
    """pyrepo-mcda 0.1.15 PROMETHEE_II with the same function and thresholds; tolerance 1e-12.
    pyrepo's functions: usual, ushape, vshape, level, linear, gaussian (with s = (p + q)/2,
    where ours takes s directly)."""
    pytest.importorskip("pyrepo_mcda")
    from pyrepo_mcda.mcda_methods import PROMETHEE_II

    peer = PROMETHEE_II()
    names = {"usual": "_usual_function", "u_shape": "_ushape_function",
             "v_shape": "_vshape_function", "level": "_level_function",
             "linear": "_linear_function", "gaussian": "_gaussian_function"}
    rng = np.random.default_rng(3)
    X = rng.uniform(1, 10, (7, 4))
    w = np.array([0.1, 0.4, 0.3, 0.2])
    types = np.array([1, -1, 1, 1])
    q, p = np.full(4, 1.0), np.full(4, 3.0)
    kwargs = {"q": q, "p": p} if fn != "gaussian" else {"s": np.full(4, 2.0)}
    if fn == "gaussian":  # pyrepo's Gaussian takes s = (p + q) / 2
        p = q = np.full(4, 2.0)
    theirs = peer(X, w, types, preference_functions=[getattr(peer, names[fn])] * 4, p=p, q=q)
    ours = promethee_ii(X, w, types, preference_function=fn,
                        **{k: v.tolist() for k, v in kwargs.items()})
    assert ours.score.to_numpy() == pytest.approx(theirs, abs=1e-12)


def test_edas_ersoy():
    """Ersoy (2021), EDAS appraisal scores 0.414, 0.130, 0.461, 0.212, 0.944, 0.043 (3
    decimals, tolerance 5e-4)."""
    r = edas(ERSOY, ERSOY_W, ERSOY_D)
    assert r.score.to_numpy() == pytest.approx([0.414, 0.130, 0.461, 0.212, 0.944, 0.043],
                                               abs=5e-4)


def test_codas_badi_2018():
    """Badi, Abdulshahed & Shetwan (2018), Decision Making: Applications in Management and
    Engineering 1(1): 1-12, tau = 0.02: H = 1.3914, 0.3411, -0.2170, -0.5381, -0.7292,
    -0.2481; and Badi, Ballem & Shetwan (2018), Int. J. for Quality Research 12(3): 609
    (4 decimals, tolerance 5e-5)."""
    X = np.array([[45, 3600, 45, 0.9], [25, 3800, 60, 0.8], [23, 3100, 35, 0.9],
                  [14, 3400, 50, 0.7], [15, 3300, 40, 0.8], [28, 3000, 30, 0.6]])
    r = codas(X, [0.2857, 0.3036, 0.2321, 0.1786], [1, -1, 1, 1])
    assert r.score.to_numpy() == pytest.approx([1.3914, 0.3411, -0.2170, -0.5381, -0.7292,
                                                -0.2481], abs=5e-5)
    X2 = np.array([[8, 8, 10, 9, 5], [8, 9, 9, 9, 8], [9, 9, 7, 8, 6], [8, 8, 7, 8, 9],
                   [9, 8, 7, 7, 4]])
    r2 = codas(X2, [0.19, 0.26, 0.24, 0.17, 0.14], [-1, 1, 1, 1, -1])
    assert r2.score.to_numpy() == pytest.approx([0.4463, 0.1658, -0.2544, -0.4618, 0.1041],
                                                abs=5e-5)


def test_mabac_isik_2020():
    """Isik, Aydin & Kosaroglu (2020), LogForum 16(4): LPI of CEE countries, SV-MABAC; S to
    6 decimals as published (tolerance 1e-6)."""
    X = np.array([
        [2.937588, 2.762986, 3.233723, 2.881315, 3.015289, 3.313491],
        [2.978555, 3.012820, 2.929487, 3.096154, 3.012820, 3.593939],
        [3.286673, 3.464600, 3.746009, 3.715632, 3.703427, 4.133620],
        [3.322037, 3.098638, 3.262154, 3.147851, 3.206675, 3.798684],
        [3.354866, 3.270945, 3.221880, 3.213207, 3.670508, 3.785941],
        [2.796570, 2.983000, 2.744904, 2.692550, 2.787563, 2.878851],
        [2.846491, 2.729618, 2.789990, 2.955624, 3.123323, 3.646595],
        [3.253458, 3.208902, 3.678499, 3.580044, 3.505663, 3.954262],
        [2.580718, 2.906903, 3.176497, 3.073653, 3.264727, 3.681887],
        [2.789011, 3.000000, 3.101099, 3.139194, 2.985348, 3.139194],
        [3.418681, 3.261905, 3.187912, 3.052381, 3.266667, 3.695238]])
    w = [0.171761, 0.105975, 0.191793, 0.168824, 0.161768, 0.199880]
    r = mabac(X, w, "benefit")  # the published weights sum to 1.000001 (within 1e-6)
    expected = [-0.155317, -0.089493, 0.505407, 0.132405, 0.246943, -0.386756, -0.179406,
                0.362921, -0.084198, -0.167505, 0.139895]
    assert r.score.to_numpy() == pytest.approx(expected, abs=1e-6)


def test_cocoso_yazdani_2019():
    """Yazdani et al. (2019), Management Decision 57(9), the robot-selection example: k =
    2.041, 2.788, 2.882, 2.416, 1.300, 1.443, 2.520 (tolerance 2e-3: the paper computes with
    weights rounded to 3 decimals and rounds k; ours gives 1.2987 for A5)."""
    X = np.array([[60, 0.4, 2540, 500, 990], [6.35, 0.15, 1016, 3000, 1041],
                  [6.8, 0.1, 1727.2, 1500, 1676], [10, 0.2, 1000, 2000, 965],
                  [2.5, 0.1, 560, 500, 915], [4.5, 0.08, 1016, 350, 508],
                  [3, 0.1, 1778, 1000, 920]])
    r = cocoso(X, [0.036, 0.192, 0.326, 0.326, 0.12], [1, -1, 1, 1, 1])
    assert r.score.to_numpy() == pytest.approx([2.041, 2.788, 2.882, 2.416, 1.300, 1.443, 2.520],
                                               abs=2e-3)
    assert r.rank.tolist() == [5, 2, 1, 4, 7, 6, 3]


def test_waspas_tus_2019():
    """Tuş & Aytaç Adalı (2019), Opsearch 56(2): 528-538, CRITIC weights then WASPAS
    (lambda 0.5): Q = 0.5622, 0.6575, 0.6192, 0.6409, 0.7220. The published CRITIC weights
    are reproduced by our critic_weights with every criterion as benefit (the paper's
    choice); tolerance 5e-4 (the paper rounds the weights)."""
    from revitalize.evaluate.weights import critic_weights

    X = np.array([[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3],
                  [600, 4, 3, 1, 2, 2], [800, 2, 4, 3, 3, 4]])
    w = critic_weights(X, "benefit").weights
    assert w.to_numpy() == pytest.approx([0.157, 0.249, 0.168, 0.121, 0.154, 0.151], abs=5e-4)
    r = waspas(X, w, [-1, 1, 1, 1, 1, 1])
    assert r.score.to_numpy() == pytest.approx([0.5622, 0.6575, 0.6192, 0.6409, 0.7220],
                                               abs=5e-4)


def test_moora_karabasevic_2015():
    """Karabasevic et al. (2015), Acta Montanistica Slovaca 20(2), SWARA-MULTIMOORA ratio
    system: y = 0.494, 0.527, 0.677. The published weights sum to 0.999; ours renormalise
    them (warned), so the published values are compared with y * 0.999 (tolerance 5e-4)."""
    X = np.array([[4, 3, 3, 4, 3, 2, 4], [3, 3, 4, 3, 5, 4, 4], [5, 4, 4, 5, 5, 5, 4]])
    with pytest.warns(DataQualityWarning):
        r = moora(X, [0.215, 0.215, 0.159, 0.133, 0.102, 0.102, 0.073], "benefit")
    assert (r.score.to_numpy() * 0.999) == pytest.approx([0.494, 0.527, 0.677], abs=5e-4)


PEERS = {  # method -> (pymcdm class name, kwargs, our options, tolerance)
    "vikor": ("VIKOR", {"v": 0.5}, {"v": 0.5}, 1e-12),
    "edas": ("EDAS", {}, {}, 1e-12),
    "codas": ("CODAS", {}, {}, 1e-12),
    "mabac": ("MABAC", {}, {}, 1e-12),
    "cocoso": ("COCOSO", {}, {}, 1e-12),
    "waspas": ("WASPAS", {}, {}, 1e-12),
    "moora": ("MOORA", {}, {}, 1e-12),
}


@pytest.mark.parametrize("method", list(PEERS))
def test_agrees_with_pymcdm(method):
    """pymcdm 1.4 on a random positive 8 x 5 matrix with two cost criteria; every score agrees
    to 1e-12 (same conventions: VIKOR v = 0.5, CODAS tau = 0.02, WASPAS and CoCoSo lambda 0.5)."""
    import pymcdm.methods as pm

    name, kw, opts, tol = PEERS[method]
    rng = np.random.default_rng(11)
    X = rng.uniform(1, 20, (8, 5))
    w = np.array([0.3, 0.2, 0.2, 0.15, 0.15])
    types = np.array([1, -1, 1, -1, 1])
    ours = rank(method, X, w, types, **opts)
    theirs = getattr(pm, name)(**kw)(X, w, types)
    assert ours.table["score"].to_numpy() == pytest.approx(theirs, abs=tol)


# ---------------------------------------------------------------------------- dispatcher
def test_rank_dispatcher_and_batched_scores_agree_with_shells():
    rng = np.random.default_rng(5)
    X = pd.DataFrame(rng.uniform(1, 9, (6, 4)), index=list("abcdef"), columns=list("wxyz"))
    d = ["+", "-", "+", "+"]
    W = rng.dirichlet(np.ones(4), 3)
    for method, spec in RANKING_METHODS.items():
        res = rank(method, X, W[0], d)
        assert list(res.table.index) == list("abcdef") and "rank" in res.table
        kw = kernel_options(method, X.columns)
        one = batched_scores(method, X.to_numpy(), W[0], np.array([True, False, True, True]),
                             **kw)
        stacked = batched_scores(method, np.broadcast_to(X.to_numpy(), (3, 6, 4)), W,
                                 np.array([True, False, True, True]), **kw)
        flat = batched_scores(method, X.to_numpy(), W, np.array([True, False, True, True]),
                              **kw)
        sign = 1 if spec.larger_is_better else -1
        assert one == pytest.approx(sign * res.table[spec.score_column].to_numpy(), abs=1e-12)
        assert stacked == pytest.approx(flat, abs=1e-12)
        assert stacked[0] == pytest.approx(one, abs=1e-12)


def test_dispatcher_errors():
    with pytest.raises(InputError, match="unknown ranking method 'electre'"):
        rank("electre", PP, PP_W, "+")
    with pytest.raises(InputError, match="vikor has no option 'tau'"):
        rank("vikor", PP, PP_W, "+", tau=0.1)
    with pytest.raises(InputError, match="v=2"):
        vikor(PP, PP_W, "+", v=2)
    with pytest.raises(InputError, match="needs p >= 0"):
        promethee_ii(PP, PP_W, "+", preference_function="v_shape")
    with pytest.raises(InputError, match="q=3 > p=2"):
        promethee_ii(PP, PP_W, "+", preference_function="linear", q=3, p=2)
    with pytest.raises(InputError, match="preference function 'step'"):
        promethee_ii(PP, PP_W, "+", preference_function="step")
    with pytest.raises(InputError, match=r"CODAS: 1 value\(s\) <= 0"):
        codas(np.array([[1.0, 2], [0, 3], [2, 1]]), [0.5, 0.5], "+")
    with pytest.raises(InputError, match="EDAS: the average of criterion 'C1'"):
        edas(np.array([[-1.0, 2], [0, 3], [-2, 1]]), [0.5, 0.5], "+")
    with pytest.raises(InputError, match="CoCoSo: alternative 3 is worst"):
        cocoso(np.array([[3.0, 2], [2, 3], [1, 1]]), [0.5, 0.5], "+")
    with pytest.raises(InputError, match="lambda_"):
        waspas(PP, PP_W, "+", lambda_=1.5)


@settings(max_examples=40, deadline=None)
@given(X=arrays(np.float64, (5, 3), elements=st.floats(1.0, 100.0)), data=st.data())
def test_rankings_follow_row_permutations(X, data):
    """Relabelling the alternatives relabels the scores (every method; scores, not ranks,
    because a near-tie may round differently in another summation order)."""
    if (np.ptp(X, axis=0) < 1e-6).any():
        return
    perm = np.array(data.draw(st.permutations(range(5))))
    w = np.array([0.5, 0.3, 0.2])
    for method in RANKING_METHODS:
        if method == "cocoso":
            continue  # undefined when one alternative is worst everywhere (raises)
        col = RANKING_METHODS[method].score_column
        a = rank(method, X, w, ["+", "-", "+"]).table[col].to_numpy()
        b = rank(method, X[perm], w, ["+", "-", "+"]).table[col].to_numpy()
        assert a[perm] == pytest.approx(b, abs=1e-9), method
