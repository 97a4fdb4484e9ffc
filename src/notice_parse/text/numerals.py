"""Chinese numerals, as notices write them in counts, headings and dates."""
from __future__ import annotations

_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2,
           "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
           "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10000}

CN_DIGITS = "〇零○一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_NUMERAL_CHARS = CN_DIGITS + "十拾百佰千仟万"


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese or Arabic numeral; None when it is neither.

    >>> [cn_to_int(s) for s in ["十五", "二十三", "一百零八", "四", "十", "二〇二〇", "44", "三十一"]]
    [15, 23, 108, 4, 10, 2020, 44, 31]
    >>> cn_to_int("首") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(c in _DIGITS for c in text):
        # Digit by digit, as years are written: 二〇二〇 → 2020.
        value = 0
        for c in text:
            value = value * 10 + _DIGITS[c]
        return value
    total, section, number = 0, 0, 0
    seen = False
    for c in text:
        if c in _DIGITS:
            number = _DIGITS[c]
            seen = True
        elif c in _UNITS:
            unit = _UNITS[c]
            if unit == 10000:
                section = (section + number) * unit
                total += section
                section = 0
            else:
                section += (number if (number or seen) else 1) * unit
            number = 0
            seen = True
        else:
            return None
    return total + section + number
