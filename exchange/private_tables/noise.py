"""The noise of a private release, drawn by OpenDP: the one code path of the product and of the benchmark.

Every figure of a release is a count of victims. A release's figures are taken together as one vector of
integer counts; adding or removing one victim changes at most ``contributions`` of them, each by one (the
victim's cells, bounded per dimension in ``exchange.private_tables.dimensions``). So the vector's
sensitivity is ``contributions`` in the L1 norm and its square root in the L2 norm.

- Without δ: the discrete Laplace mechanism (``dp.m.make_laplace`` on integer vectors, L1 distance), of scale
  ``contributions / ε``: pure ε-differential privacy.
- With δ > 0: the discrete Gaussian (``dp.m.make_gaussian``, L2 distance, ρ-zCDP), converted to (ε, δ) and
  its scale found by OpenDP's binary search: better when a release has many cells per victim.

The privacy map of the very measurement that draws the noise is checked against the ε (and δ) spent. The
noisy counts are then post-processed (never below zero; they are whole numbers already), which costs no
privacy. The expected error is the 95% accuracy bound of the mechanism: the noise of a figure is within
±error with probability 95%."""

import math
from dataclasses import dataclass

import opendp.prelude as dp

dp.enable_features("contrib")

CONFIDENCE = 0.95
LAPLACE = "laplace"
GAUSSIAN = "gaussian"


@dataclass(frozen=True)
class Noise:
    mechanism: str
    scale: float
    # The 95% accuracy bound of every figure of the release.
    error: int


def _integer_vectors(distance):
    return dp.vector_domain(dp.atom_domain(T=int)), distance


def _laplace(scale: float):
    return dp.m.make_laplace(*_integer_vectors(dp.l1_distance(T=int)), scale=scale)


def _gaussian_approximate(scale: float, delta: float):
    gaussian = dp.m.make_gaussian(*_integer_vectors(dp.l2_distance(T=float)), scale=scale)
    return dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(gaussian), delta)


def measurement(*, contributions: int, epsilon: float, delta: float = 0.0):
    """(the OpenDP measurement, its Noise) for a release whose victims are each in at most
    ``contributions`` figures; ValueError if its privacy map exceeds (ε, δ)."""
    if contributions < 1 or epsilon <= 0 or delta < 0:
        raise ValueError("contributions ≥ 1, ε > 0 and δ ≥ 0 are required")
    if not delta:
        scale = contributions / epsilon
        drawn = _laplace(scale)
        if drawn.map(contributions) > epsilon * (1 + 1e-9):
            raise ValueError("the Laplace mechanism's privacy map exceeds ε")
        error = dp.discrete_laplacian_scale_to_accuracy(scale, 1 - CONFIDENCE)
        return drawn, Noise(LAPLACE, scale, math.ceil(error))
    sensitivity = math.sqrt(contributions)
    scale = dp.binary_search_param(
        lambda scale: _gaussian_approximate(scale, delta), d_in=sensitivity, d_out=(epsilon, delta)
    )
    drawn = _gaussian_approximate(scale, delta)
    spent_epsilon, spent_delta = drawn.map(sensitivity)
    if spent_epsilon > epsilon * (1 + 1e-9) or spent_delta > delta:
        raise ValueError("the Gaussian mechanism's privacy map exceeds (ε, δ)")
    error = dp.discrete_gaussian_scale_to_accuracy(scale, 1 - CONFIDENCE)
    return drawn, Noise(GAUSSIAN, scale, math.ceil(error))


def expected_noise(*, contributions: int, epsilon: float, delta: float = 0.0) -> Noise:
    """The mechanism, scale and 95% error a release would have, before anything is spent (the preview)."""
    return measurement(contributions=contributions, epsilon=epsilon, delta=delta)[1]


def noisy_counts(
    true_counts: list[int], *, contributions: int, epsilon: float, delta: float = 0.0
) -> tuple[list[int], Noise]:
    """The counts with noise (whole, never negative) and the noise's description. Each call draws anew."""
    drawn, noise = measurement(contributions=contributions, epsilon=epsilon, delta=delta)
    if not true_counts:
        return [], noise
    return [max(0, int(value)) for value in drawn([int(count) for count in true_counts])], noise
