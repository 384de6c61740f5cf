"""Pinyin initials for name search: 可口可乐 → kkkl (precomputed into an indexed column)."""

from __future__ import annotations

from functools import cache


def initials(name: str) -> str:
    lazy_pinyin, first_letter = _pypinyin()
    letters = lazy_pinyin(name, style=first_letter, errors=lambda chars: list(chars))
    return "".join(part[:1] for part in letters if part and not part.isspace()).lower()


@cache
def _pypinyin():
    # Loading pypinyin's phrase dictionary takes about half a second. Only catalog updates need
    # it, never a sale, so the till does not pay for it at start-up.
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin, Style.FIRST_LETTER
