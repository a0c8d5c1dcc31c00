"""Chinese names in pinyin order (区财政局, 区公安分局, 区市场监管局 …), the same on every database.

Code-point order (what ``ORDER BY name`` gives on SQLite, and on PostgreSQL with the C collation) puts
万里街道 before 区人社局 and 区人社局 before 区财政局: nobody can find a name in it. The order is computed
in Python with pypinyin rather than by the database, because

- SQLite has no Chinese collation, and the order must be the same on SQLite and PostgreSQL;
- PostgreSQL's ICU collation (``COLLATE "zh-x-icu"``) reads each character alone, so 长征镇 sorts as
  *zhang*; pypinyin reads words (长征 *chang zheng*, 银行 *yin hang*, 保障 *bao zhang*).

The lists sorted here are short (a district's departments: about 30 to 50 names). pypinyin's phrase
dictionary costs about 0.7 s and 57 MB the first time a process uses it (measured with 0.55.0), so it is
imported only when a key is missing: keys are kept in the process and in the shared cache, and a process
whose keys are all in the cache never loads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
# One syllable: its letters and its tone (1-4, 5 for the neutral tone); a non-Chinese run is itself, tone 0.
PinyinKey = tuple[tuple[str, int], ...]

_CACHE_PREFIX = "pinyin:v1:"  # change the version when the key's shape changes
_CACHE_SECONDS = 30 * 24 * 3600


def _cache_key(text: str) -> str:
    # Hashed: a name may hold spaces or be long, which cache backends warn about in a key.
    return _CACHE_PREFIX + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _compute(text: str) -> PinyinKey:
    from pypinyin import Style, lazy_pinyin  # loaded on first need only (see the module's docstring)

    key: list[tuple[str, int]] = []
    for syllable in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="default"):
        if syllable[-1:].isdigit() and syllable[:-1].isalpha() and syllable[:-1].isascii():
            key.append((syllable[:-1], int(syllable[-1])))
        else:
            key.append((syllable.lower(), 0))
    return tuple(key)


_known: dict[str, PinyinKey] = {}
_KNOWN_MAX = 10_000  # names kept in the process; past that the dictionary starts again


def pinyin_keys(texts: Iterable[str]) -> dict[str, PinyinKey]:
    """The pinyin of each text syllable by syllable, for sorting: from the process, then the shared
    cache (one round trip for all that are missing), computed for the rest."""
    wanted = set(texts)
    missing = [text for text in wanted if text not in _known]
    if missing:
        if len(_known) + len(missing) > _KNOWN_MAX:
            _known.clear()
        cached = cache.get_many([_cache_key(text) for text in missing])
        computed: dict[str, list[list[str | int]]] = {}
        for text in missing:
            parts = cached.get(_cache_key(text))
            if parts is None:
                key = _compute(text)
                computed[_cache_key(text)] = [list(part) for part in key]
            else:
                key = tuple((str(letters), int(tone)) for letters, tone in parts)
            _known[text] = key
        if computed:
            cache.set_many(computed, _CACHE_SECONDS)
    return {text: _known[text] for text in wanted}


def pinyin_key(text: str) -> PinyinKey:
    return pinyin_keys([text])[text]


def sorted_by_pinyin(items: Iterable[T], text: Callable[[T], str] = str) -> list[T]:
    """``items`` in pinyin order of ``text(item)``; two names read alike keep the order of their characters."""
    items = list(items)
    keys = pinyin_keys(text(item) for item in items)
    return sorted(items, key=lambda item: (keys[text(item)], text(item)))


def search_text(text: str) -> str:
    """What a picker also matches a typed query against: the full pinyin and the initials
    (区财政局: "qucaizhengju qczj"), so that staff may type either instead of the characters."""
    syllables = [letters for letters, _tone in pinyin_key(text) if letters.isascii()]
    return f"{''.join(syllables)} {''.join(s[0] for s in syllables if s)}"
