"""Pinyin initials for name search: 可口可乐 → kkkl (precomputed into an indexed column)."""

from __future__ import annotations

from functools import cache


def initials(name: str) -> str:
    lazy_pinyin, style = _pypinyin()
    letters = lazy_pinyin(name, style=style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(part[:1] for part in letters if part and not part.isspace()).lower()


def romanise(text: str) -> str:
    """Chinese characters as capitalised pinyin syllables, for devices that show ASCII only
    (a plain VFD pole display): 可口可乐 330ml → KeKouKeLe 330ml. Other text is kept."""
    if text.isascii():
        return text
    lazy_pinyin, style = _pypinyin()
    parts = lazy_pinyin(text, style=style.NORMAL, errors=lambda chars: [chars])
    out = []
    for part in parts:
        out.append(part.capitalize() if part.isascii() and part.isalpha() and part.islower()
                   else part)
    return "".join(out)


@cache
def _pypinyin():
    # Loading pypinyin's phrase dictionary takes about half a second. Only catalog updates and
    # the customer display's thread need it, never a sale, so start-up does not pay for it.
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin, Style
