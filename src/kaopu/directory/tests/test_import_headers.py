"""Header names are matched leniently: full-width forms, spaces, units in brackets, case."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kaopu.directory.importer import COLUMNS, normalise_header

_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def widen(text: str) -> str:
    return "".join(_FULL_WIDTH.get(ch, ch) for ch in text)


@given(column=st.sampled_from(COLUMNS), spaces=st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=4),
       position=st.integers(min_value=0, max_value=10), unit=st.sampled_from(["", "（万元）", "(元)", "【必填】"]),
       full_width=st.booleans())
def test_a_header_written_with_spaces_units_and_full_width_forms_finds_its_column(column, spaces, position, unit,
                                                                                  full_width):
    header = column.header
    cut = min(position, len(header))
    written = header[:cut] + "".join(spaces) + header[cut:] + unit
    if full_width:
        written = widen(written)

    assert normalise_header(written) == normalise_header(column.header)


def test_every_header_and_alias_is_distinct_after_normalising():
    names = [normalise_header(n) for c in COLUMNS for n in (c.header, *c.aliases)]

    assert len(names) == len(set(names))
    assert all(n == unicodedata.normalize("NFKC", n) for n in names)
