"""Seeds, chunks, noise, Saaty-scale perturbations, delta distributions: properties and
every validation error."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revitalize.errors import InputError
from revitalize.evaluate.ahp import SCALE
from revitalize.uncertainty.draws import (
    bootstrap_indices,
    check_chunk_size,
    check_draws,
    check_level,
    chunk_generator,
    chunk_layout,
    default_chunk_size,
    judgment_stack,
    multiplicative_noise,
    noise_spec,
    parse_delta_distribution,
    perturb_judgments,
    resolve_seed,
    scale_position,
    scale_value,
)

SCALE_ARRAY = np.array(SCALE)


# ---------------------------------------------------------------------------- seeds and chunks
def test_chunk_generator_is_the_spawned_child():
    """Chunk i draws from child i of SeedSequence(seed).spawn(n), whatever n is."""
    children = np.random.SeedSequence(1234).spawn(5)
    for i in (0, 3, 4):
        expected = np.random.default_rng(children[i]).random(4)
        np.testing.assert_array_equal(chunk_generator(1234, i).random(4), expected)
    assert not np.array_equal(chunk_generator(1234, 0).random(4), chunk_generator(1234, 1).random(4))


def test_chunk_layout_and_default_size():
    assert chunk_layout(10, 4) == [4, 4, 2]
    assert chunk_layout(8, 4) == [4, 4]
    assert chunk_layout(3, 10) == [3]
    assert default_chunk_size(42) == 512 and default_chunk_size(153) == (1 << 22) // 153 ** 2
    assert default_chunk_size(5000) == 1


def test_seed_none_draws_fresh_entropy():
    a, b = resolve_seed(None), resolve_seed(None)
    assert a != b and a >= 0
    assert resolve_seed(7) == 7


@pytest.mark.parametrize(("call", "field"), [
    (lambda: check_draws(0), "draws"), (lambda: check_draws(2.5), "draws"),
    (lambda: check_draws(True), "draws"), (lambda: check_chunk_size(0), "chunk_size"),
    (lambda: check_level(1.0), "level"), (lambda: check_level(0), "level"),
    (lambda: resolve_seed(-1), "seed"), (lambda: resolve_seed("1"), "seed"),
])
def test_bad_run_options_name_the_field(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field and field in str(err.value)


# ---------------------------------------------------------------------------- noise
def test_noise_spec_defaults_and_errors():
    assert noise_spec("lognormal", None, None) == ("lognormal", 0.1)
    assert noise_spec("uniform", None, 0.2) == ("uniform", 0.2)
    cases = [(("gamma", None, None), "distribution"), (("lognormal", -0.1, None), "sigma"),
             (("lognormal", float("nan"), None), "sigma"), (("uniform", None, 1.0), "half_width"),
             (("uniform", None, -0.5), "half_width"), (("lognormal", None, 0.1), "half_width"),
             (("uniform", 0.1, None), "sigma")]
    for args, field in cases:
        with pytest.raises(InputError) as err:
            noise_spec(*args)
        assert err.value.field == field


def test_noise_distributions():
    """Lognormal: log eps ~ N(0, sigma^2) (sample sd within 3 %); uniform within 1 +- h; size 0
    gives exactly 1."""
    rng = np.random.default_rng(0)
    eps = multiplicative_noise(rng, (20000,), "lognormal", 0.2)
    assert np.log(eps).std() == pytest.approx(0.2, rel=0.03)
    assert abs(np.median(eps) - 1.0) < 0.01
    u = multiplicative_noise(rng, (20000,), "uniform", 0.3)
    assert u.min() >= 0.7 and u.max() <= 1.3 and u.mean() == pytest.approx(1.0, abs=0.01)
    assert (multiplicative_noise(rng, (5, 3), "lognormal", 0.0) == 1.0).all()
    assert (multiplicative_noise(rng, (5, 3), "uniform", 0.0) == 1.0).all()


# ---------------------------------------------------------------------------- judgments
def test_scale_positions_round_trip_on_the_scale():
    t = scale_position(SCALE_ARRAY)
    np.testing.assert_allclose(t, np.arange(-8, 9))
    np.testing.assert_allclose(scale_value(t), SCALE_ARRAY, rtol=1e-15)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 7), steps=st.integers(1, 4), p=st.floats(0.0, 1.0),
       seed=st.integers(0, 2 ** 32 - 1))
def test_perturbed_matrices_stay_reciprocal_and_on_the_scale(n, steps, p, seed):
    """Every perturbed matrix: a_ii = 1, a_ij a_ji = 1, entries on the 17-point scale, and each
    judgment at most ``steps`` scale steps from where it was."""
    rng = np.random.default_rng(seed)
    upper = rng.choice(SCALE_ARRAY, n * (n - 1) // 2)
    moved = perturb_judgments(upper, rng, 30, steps, p)
    stack = judgment_stack(moved, n)
    assert stack.shape == (30, n, n)
    np.testing.assert_array_equal(np.diagonal(stack, axis1=1, axis2=2), 1.0)
    np.testing.assert_allclose(stack * np.swapaxes(stack, 1, 2), 1.0, rtol=1e-14)
    on_scale = np.isclose(stack[..., np.newaxis], SCALE_ARRAY, rtol=1e-12).any(axis=-1)
    assert on_scale.all()
    assert np.abs(scale_position(moved) - scale_position(upper)).max() <= steps + 1e-9


def test_probability_zero_keeps_judgments_and_one_moves_them():
    rng = np.random.default_rng(1)
    upper = np.array([3.0, 5.0, 0.5, 2.5])  # 2.5 sits between scale points
    np.testing.assert_array_equal(perturb_judgments(upper, rng, 50, 2, 0.0), np.tile(upper, (50, 1)))
    moved = perturb_judgments(upper, rng, 50, 1, 1.0)
    assert (moved != upper).all()  # none at a scale end, so every judgment moves
    ends = perturb_judgments(np.array([9.0, 1 / 9]), rng, 200, 3, 1.0)
    assert ends.max() <= 9.0 and ends.min() >= 1 / 9  # clipped at the scale ends


def test_perturbation_stream_does_not_depend_on_probability():
    """The same number of random values is drawn whatever p is (later draws are unchanged)."""
    upper = np.array([3.0, 2.0, 4.0])
    r1, r2 = np.random.default_rng(5), np.random.default_rng(5)
    perturb_judgments(upper, r1, 10, 1, 0.0)
    perturb_judgments(upper, r2, 10, 1, 0.7)
    assert r1.random() == r2.random()


# ---------------------------------------------------------------------------- delta and bootstrap
def test_delta_distributions_parse_draw_and_centre():
    rng = np.random.default_rng(0)
    u = parse_delta_distribution("uniform(0.1, 0.4)")
    d = u.draw(rng, 5000)
    assert d.min() >= 0.1 and d.max() < 0.4 and u.central() == pytest.approx(0.25)
    tri = parse_delta_distribution(("triangular", 0.1, 0.2, 0.4))
    d = tri.draw(rng, 5000)
    assert d.min() >= 0.1 and d.max() <= 0.4 and tri.central() == 0.2
    assert (parse_delta_distribution("fixed(0.3)").draw(rng, 4) == 0.3).all()
    assert parse_delta_distribution(" uniform( 0.2 ,0.2 ) ").draw(rng, 3).tolist() == [0.2] * 3
    assert parse_delta_distribution(u) is not None and u.describe() == "uniform(0.1, 0.4)"


@pytest.mark.parametrize("spec", ["normal(0.1, 0.2)", "uniform(0.1)", "uniform(0.4, 0.1)",
                                  "uniform(0.1, 1.2)", "fixed(-0.1)", "uniform(a, b)", "0.3",
                                  3, ("gamma", 1.0)])
def test_bad_delta_distributions(spec):
    with pytest.raises(InputError) as err:
        parse_delta_distribution(spec)
    assert err.value.field == "delta"


def test_bootstrap_indices_in_range():
    idx = bootstrap_indices(np.random.default_rng(0), 100, 7)
    assert idx.shape == (100, 7) and idx.min() == 0 and idx.max() == 6
