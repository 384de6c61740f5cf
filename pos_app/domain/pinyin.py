"""Pinyin initials for name search: 可口可乐 → kkkl (precomputed into an indexed column)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def initials(name: str) -> str:
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(part[:1] for part in letters if part and not part.isspace()).lower()
