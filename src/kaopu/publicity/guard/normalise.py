"""The guard's normalisation: the text as the matcher reads it, with a map back to the original.

Spam injected into a public page is written to slip past a plain search: full-width letters, traditional
characters, Cyrillic look-alikes, zero-width characters between the characters of a word, spaces, dots or
pinyin in brackets between them ("辦(ban)公", "博 彩", "博.彩"). Each character of the original text is folded
on its own — NFKC (full width to half width, compatibility forms), case folding, accents off Latin letters,
a small table of look-alikes, traditional → simplified — and invisible characters are dropped. Folding one
character at a time keeps a map from every folded character back to the original character it came from, so
a finding always points at the text as written (``text[start:end]``).

Two streams are then read off the folded characters, each with its own map:

- the *word* stream keeps letters, digits and Chinese characters (for terms that hold Latin letters or digits:
  brand names, their pinyin, "bet365"), and drops spaces, punctuation and symbols between them;
- the *han* stream keeps Chinese characters only (for Chinese terms), so anything stuck between two
  characters — pinyin, Latin letters, digits, punctuation — is passed over.

Characters are joined across at most ``MAX_GAP`` dropped characters, and never across a line break or the
full-width clause punctuation of ordinary Chinese prose (，。、；：！？): "上网，投资" must not read "网投".
A barrier character (NUL, which no term holds) stands where joining stops.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Offsets are kept in arrays of 32-bit integers: a list of int objects takes about 36 bytes a character
# and map, an array 4: scanning a 2 MB text peaked at 116 MB with lists, 22 MB with arrays (tracemalloc).
Offsets = array


def offsets() -> array:
    return array("i")  # 32 bits: texts up to 2 GB


BARRIER = "\x00"
# "(bàn)" is 5 characters, "【bo】" 4: 8 leaves room for a tone mark or two and stops joining across a
# real phrase of Latin text between two Chinese words.
MAX_GAP = 8
# What ordinary Chinese prose puts between clauses, as written (before NFKC turns "，" into ",").
CLAUSE_PUNCTUATION = frozenset("，。、；：！？\n\r\u2028\u2029")
# Invisible characters beyond the format (Cf) category: soft hyphen is Cf too, but the Hangul fillers,
# the combining grapheme joiner and the Mongolian vowel separator are not.
INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0")


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3007  # 〇
    )


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    # Cf: zero-width space/joiners, direction marks, U+2060–U+2064, BOM; Mn/Me: combining marks used to
    # strike through or decorate a character; variation selectors are Mn too.
    return char in INVISIBLE or category in ("Cf", "Mn", "Me")


@lru_cache(maxsize=1)
def homoglyphs() -> dict[str, str]:
    """Look-alike characters and what they imitate (data/homoglyphs.tsv: character, stands for)."""
    table: dict[str, str] = {}
    with (DATA_DIR / "homoglyphs.tsv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) >= 2:
                table[row[0]] = row[1]
    return table


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[int, str]:
    """One simplified character for each traditional one, read from OpenCC's t2s conversion.

    Converting character by character (not phrase by phrase) keeps every character in its place, which the
    offset map needs; the phrase tables only matter for one-to-many characters, and for finding spam the
    usual simplified form is enough. Built once per process (about 30 ms).
    """
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(code) for code in range(0x3400, 0xA000)] + [chr(code) for code in range(0xF900, 0xFB00)]
    converted = converter.convert("\n".join(chars)).split("\n")
    table: dict[int, str] = {}
    if len(converted) == len(chars):
        for char, simple in zip(chars, converted, strict=True):
            if simple != char and len(simple) == 1:
                table[ord(char)] = simple
    return table


class _Folder(dict[str, str]):
    """Character → its folded form ("" for an invisible one), computed once per distinct character."""

    def __missing__(self, char: str) -> str:
        folded = "" if _is_invisible(char) else self._fold(char)
        self[char] = folded
        return folded

    @staticmethod
    def _fold(char: str) -> str:
        look_alikes = homoglyphs()
        t2s = _traditional_to_simplified()
        out = []
        for composed in unicodedata.normalize("NFKC", look_alikes.get(char, char)).casefold():
            # Latin, Greek and Cyrillic letters lose their accents ("xīn pǔ jīng" is pinyin for 新葡京); CJK
            # and Hangul are left composed (decomposing Hangul would turn one syllable into several jamo).
            pieces = unicodedata.normalize("NFD", composed) if ord(composed) < 0x2E80 else composed
            for piece in pieces:
                piece = look_alikes.get(piece, piece)
                piece = t2s.get(ord(piece), piece)
                if not _is_invisible(piece):
                    out.append(piece)
        return "".join(out)


_FOLDER = _Folder()


def fold(text: str) -> str:
    """The folded form of a lexicon term or a short text (no map): what a term must look like to be found."""
    return "".join(_FOLDER[char] for char in text)


@dataclass(frozen=True)
class Stream:
    """A folded text and, for each of its characters, the original span [starts[i], ends[i])."""

    text: str
    starts: Offsets
    ends: Offsets

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The original span of the stream's characters first..last (inclusive)."""
        return self.starts[first], self.ends[last]


class _StreamBuilder:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts = offsets()
        self.ends = offsets()
        self.last_index = -1  # position in the scanned text of the last kept character
        self.last_end = 0  # its original end
        self.blocked = False  # a line break or clause punctuation since the last kept character

    def keep(self, char: str, index: int, start: int, end: int) -> None:
        # The gap is counted in the scanned text, not the original: tags between two text nodes of an HTML
        # page are not characters a reader sees.
        if self.chars and (self.blocked or index - self.last_index > MAX_GAP + 1):
            self.chars.append(BARRIER)
            self.starts.append(self.last_end)
            self.ends.append(start)
        self.chars.append(char)
        self.starts.append(start)
        self.ends.append(end)
        self.last_index = index
        self.last_end = end
        self.blocked = False

    def build(self) -> Stream:
        return Stream("".join(self.chars), self.starts, self.ends)


class _Kinds(dict[int, str]):
    """Code point → the kind of its folded form, for str.translate: "h" a Chinese character, "w" a letter or
    digit, "d" dropped (space, punctuation, symbol, invisible), "b" a barrier (clause punctuation, line
    break), "x" folded to more than one character (the slow path handles those)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _FOLDER[char]
        if char in CLAUSE_PUNCTUATION:
            kind = "b"
        elif len(folded) > 1:
            kind = "x"
        elif not folded:
            kind = "d"
        else:
            kind = "h" if _is_han(folded) else "w" if folded.isalnum() else "d"
        self[code] = kind
        return kind


class _Folded(dict[int, str]):
    """Code point → its folded form when that is one character (a space otherwise), for str.translate."""

    def __missing__(self, code: int) -> str:
        folded = _FOLDER[chr(code)]
        self[code] = result = folded if len(folded) == 1 else " "
        return result


_KINDS = _Kinds()
_FOLDED = _Folded()
_HAN_RUNS = re.compile("h+")
_WORD_RUNS = re.compile("[hw]+")


def streams(text: str, starts: Offsets | None = None, ends: Offsets | None = None) -> tuple[Stream, Stream]:
    """The word stream and the han stream of ``text`` (see the module's docstring).

    ``starts``/``ends`` give each character's span in a larger original (the HTML a text was extracted from);
    by default a character's span is its own position.

    The work is done on runs of kept characters, not character by character: two str.translate calls (C
    speed) give every character's folded form and kind, and a regular expression finds the runs, so Python
    code runs once per run (a word between two punctuation marks) instead of once per character. A text with
    a character that folds to several ("㈱", "ﬁ") takes the character-by-character path, which gives the
    same streams (a property test holds them equal).
    """
    kinds = text.translate(_KINDS)
    if "x" in kinds:
        return streams_by_character(text, starts, ends)
    folded = text.translate(_FOLDED)
    return (_runs(_WORD_RUNS, folded, kinds, starts, ends), _runs(_HAN_RUNS, folded, kinds, starts, ends))


def _runs(runs: re.Pattern[str], folded: str, kinds: str, starts: Offsets | None, ends: Offsets | None) -> Stream:
    chars: list[str] = []
    stream_starts = offsets()
    stream_ends = offsets()
    last = -1
    for match in runs.finditer(kinds):
        first, stop = match.span()
        if last >= 0 and (first - last > MAX_GAP or "b" in kinds[last:first]):
            chars.append(BARRIER)
            stream_starts.append(stream_ends[-1])
            stream_ends.append(starts[first] if starts is not None else first)
        chars.append(folded[first:stop])
        if starts is not None and ends is not None:
            stream_starts.extend(starts[first:stop])
            stream_ends.extend(ends[first:stop])
        else:
            stream_starts.extend(range(first, stop))
            stream_ends.extend(range(first + 1, stop + 1))
        last = stop
    return Stream("".join(chars), stream_starts, stream_ends)


def streams_by_character(
    text: str, starts: Offsets | None = None, ends: Offsets | None = None
) -> tuple[Stream, Stream]:
    """streams(), one character at a time: for texts with characters that fold to several."""
    word, han = _StreamBuilder(), _StreamBuilder()
    folder = _FOLDER
    for index, char in enumerate(text):
        start = starts[index] if starts is not None else index
        end = ends[index] if ends is not None else index + 1
        if char in CLAUSE_PUNCTUATION:
            word.blocked = han.blocked = True
            continue
        for piece in folder[char]:
            if _is_han(piece):
                word.keep(piece, index, start, end)
                han.keep(piece, index, start, end)
            elif piece.isalnum():
                word.keep(piece, index, start, end)
    return word.build(), han.build()
