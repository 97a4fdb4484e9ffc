"""Small pure helpers on a contact's text, shared by the line scanner (`extract`) and the table
reader (`tables`)."""
from __future__ import annotations

from ..text.normalize import TRAILING_PUNCT, squeeze

# What ends a contact's value and is not part of it (`12388。`, `电话:0851-1234567;`): the one set
# of trailing marks, line breaks, and the closing quote or bracket around a value (`“12388”`).
TRAILING = TRAILING_PUNCT + "\t\r\n”\"’'」』)"


def clean_label(text: str) -> str:
    """A label as the lead word: spaces squeezed out (`电 话` → `电话`).

    >>> clean_label("电 话"), clean_label("联系电话")
    ('电话', '联系电话')
    """
    return squeeze(text)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past white space and final punctuation."""
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    while start < end and text[start] in " \t\r\n“\"‘'「『(":
        start += 1
    return start, end
