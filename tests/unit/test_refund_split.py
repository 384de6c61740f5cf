"""Splitting a refund over the original tenders: exact, never negative, adds up over chunks."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.services.refunds import prorate_refund

KINDS = ["card", "cash", "mobile"]


def test_examples():
    paid = [("card", 1000), ("cash", 500)]
    assert prorate_refund(paid, 0, 300) == [200, 100]
    assert prorate_refund(paid, 300, 600, {"card": 200, "cash": 100}) == [400, 200]
    assert prorate_refund(paid, 900, 600, {"card": 600, "cash": 300}) == [400, 200]
    assert prorate_refund(paid, 0, 0) == [0, 0]
    # An earlier refund paid all in cash: the rest goes back to the card.
    assert prorate_refund(paid, 750, 750, {"cash": 750}) == [750, 0]
    # Earlier refunds at another till (not known here) are taken as prorated.
    assert prorate_refund(paid, 300, 300, {}) == [200, 100]


@settings(max_examples=300)
@given(st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=3),
       st.data())
def test_chunks_give_every_tender_back_exactly_what_it_paid(amounts, data):
    paid = list(zip(KINDS, amounts, strict=False))
    whole = sum(fen for _kind, fen in paid)
    cuts = sorted(data.draw(st.lists(st.integers(min_value=1, max_value=whole - 1),
                                     max_size=6, unique=True))) if whole > 1 else []
    bounds = [0, *cuts, whole]
    given_back = {kind: 0 for kind, _fen in paid}
    before = 0
    for start, end in pairwise(bounds):
        shares = prorate_refund(paid, before, end - start, given_back)
        assert sum(shares) == end - start and min(shares) >= 0
        for (kind, fen), share in zip(paid, shares, strict=True):
            given_back[kind] += share
            assert given_back[kind] <= fen
        before = end
    assert given_back == dict(paid)


@settings(max_examples=200)
@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=3),
       st.integers(min_value=0, max_value=30_000), st.integers(min_value=1, max_value=30_000),
       st.dictionaries(st.sampled_from(KINDS), st.integers(min_value=0, max_value=30_000)))
def test_any_history_still_splits_exactly_and_never_negative(amounts, before, amount, given):
    paid = list(zip(KINDS, amounts, strict=False))
    shares = prorate_refund(paid, before, amount, given)
    assert sum(shares) == amount and min(shares) >= 0
