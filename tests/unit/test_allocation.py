"""Exact splitting of fen: largest-remainder allocation and per-unit refund shares."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.allocation import (
    RefundQuantityTooLarge,
    allocate,
    refund_share,
    refunded_through,
)

weights_st = st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=20)


def test_allocate_examples():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]  # equal remainders: the first position
    assert allocate(10, [300, 100]) == [8, 2]  # 7.5 / 2.5: equal remainders, larger weight
    assert allocate(10, [100, 300]) == [2, 8]
    assert allocate(1000, [2990, 5990, 1020]) == [299, 599, 102]
    assert allocate(0, [5, 0, 7]) == [0, 0, 0]
    assert allocate(5, [0, 3, 0]) == [0, 5, 0]
    assert allocate(0, []) == []


def test_allocate_refuses_nonsense():
    for total, weights in ((-1, [1]), (5, [0, 0]), (5, []), (5, [1, -1]), (1.5, [1]),
                           (5, [1.0]), (True, [1])):
        with pytest.raises(ValueError):
            allocate(total, weights)


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10**8), weights_st)
def test_allocate_is_exact_proportional_and_deterministic(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert shares == allocate(total, list(weights))
    whole = sum(weights)
    for share, w in zip(shares, weights, strict=True):
        exact = Fraction(total * w, whole)
        assert exact - 1 < share < exact + 1  # floor or ceil of the exact share
        if w == 0:
            assert share == 0
    # a larger weight never gets less
    for i in range(len(weights)):
        for j in range(len(weights)):
            if weights[i] > weights[j]:
                assert shares[i] >= shares[j]


@settings(max_examples=300)
@given(weights_st, st.data())
def test_allocating_at_most_the_weights_never_exceeds_a_weight(weights, data):
    """The engine relies on this: a discount spread over lines never takes one below zero."""
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    total = data.draw(st.integers(min_value=0, max_value=sum(weights)))
    assert all(0 <= s <= w for s, w in zip(allocate(total, weights), weights, strict=True))


def test_refund_share_examples():
    # 3 units for 1000 fen: 333 + 334 + 333, whatever the order of the returns
    assert [refund_share(1000, 3, k, 1) for k in range(3)] == [333, 334, 333]
    assert refund_share(1000, 3, 0, 3) == 1000
    assert refund_share(1000, 3, 1, 2) == 667
    assert refund_share(0, 4, 0, 4) == 0
    assert refund_share(5, 2, 0, 1) == 3  # half-up
    assert refunded_through(5, 2, 1) == 3 and refunded_through(5, 2, 0) == 0


def test_refunding_more_than_is_left_is_refused_with_a_message():
    with pytest.raises(RefundQuantityTooLarge) as err:
        refund_share(1000, 3, 2, 2)
    assert err.value.params == {"refund_qty": 2, "left": 1, "qty": 3}
    assert "only 1 of 3" in err.value.message()
    with pytest.raises(RefundQuantityTooLarge):
        refund_share(1000, 3, 3, 1)
    for bad in ((-1, 3, 0, 1), (100, 0, 0, 1), (100, 3, -1, 1), (100, 3, 0, 0), (1.0, 3, 0, 1)):
        with pytest.raises(ValueError):
            refund_share(*bad)


@st.composite
def chunks(draw):
    qty = draw(st.integers(min_value=1, max_value=60))
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=qty - 1), max_size=qty))
                  if qty > 1 else [])
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, qty], strict=True)]
    return qty, draw(st.permutations(sizes))


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=99_999_999), chunks())
def test_refunding_every_unit_in_any_chunks_refunds_the_line_exactly(final, qty_and_sizes):
    qty, sizes = qty_and_sizes
    done = refunded = 0
    for size in sizes:
        share = refund_share(final, qty, done, size)
        exact = Fraction(final * size, qty)
        assert exact - 1 < share < exact + 1
        done += size
        refunded += share
    assert done == qty and refunded == final


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=500))
def test_single_units_differ_by_at_most_one_fen(final, qty):
    units = [refund_share(final, qty, k, 1) for k in range(qty)]
    assert sum(units) == final and max(units) - min(units) <= 1
