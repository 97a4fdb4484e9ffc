"""The date grammar: the `[[case]]` corpus of patterns/dates.toml and calendar properties."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parse.dates import mentions as dates

from notice_parse.rules import patterns
from notice_parse.text.normalize import clean_value

CASES = patterns.load("dates").table("case") or []
CN = "〇一二三四五六七八九"


def test_corpus_is_large_enough():
    assert len(CASES) >= 80


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_date_case(case):
    m = dates.parse(case["text"], case.get("year"))
    if case.get("none"):
        assert m is None
        return
    assert m is not None
    assert (m.earliest.isoformat(), m.latest.isoformat(), m.start.precision) == (
        case["earliest"], case["latest"], case["precision"])
    if "end" in case:
        assert m.end is not None and m.end.text == case["end"]
    assert m.open_end == case.get("open", False)


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("none")], ids=lambda c: c["text"])
def test_date_text_is_its_span(case):
    m = dates.parse(case["text"], case.get("year"))
    for d in (m.start, m.end):
        if d is not None:
            assert clean_value(case["text"][d.span[0]:d.span[1]]) == d.text


def _cn_year(y: int) -> str:
    return "".join(CN[int(c)] for c in str(y))


def _cn_small(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens]) + "十" if tens else "") + (CN[ones] if ones else "")


days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))
mods = st.sampled_from(["", "上旬", "中旬", "下旬", "初", "底", "末", "中下旬", "上中旬"])


@settings(max_examples=300, deadline=None)
@given(day=days, form=st.sampled_from(["cn", "arabic", "dash", "dot", "slash", "chinese"]))
def test_generated_full_dates_parse_exactly(day, form):
    text = {
        "cn": f"{day.year}年{day.month}月{day.day}日",
        "arabic": f"{day.year}年{day.month:02d}月{day.day:02d}日",
        "dash": day.isoformat(),
        "dot": f"{day.year}.{day.month}.{day.day}",
        "slash": f"{day.year}/{day.month:02d}/{day.day:02d}",
        "chinese": f"{_cn_year(day.year)}年{_cn_small(day.month)}月{_cn_small(day.day)}日",
    }[form]
    m = dates.parse(text)
    assert m is not None and m.earliest == m.latest == day and m.start.precision == "day"


@settings(max_examples=300, deadline=None)
@given(a=days, b=days, dekad=st.booleans(), year_on_end=st.booleans())
def test_generated_ranges_are_ordered_real_days(a, b, dekad, year_on_end):
    """A valid range (start on or before end), written with or without the end's year."""
    a, b = min(a, b), max(a, b)
    end = f"{b.year}年{b.month}月" if year_on_end or b.year != a.year else f"{b.month}月"
    end += ("上旬" if b.day <= 10 else "中旬" if b.day <= 20 else "下旬") if dekad else f"{b.day}日"
    m = dates.parse(f"{a.year}年{a.month}月{a.day}日至{end}")
    assert m is not None and m.end is not None
    for d in (m.start, m.end):
        assert d.earliest <= d.latest
        assert isinstance(d.earliest, dt.date) and isinstance(d.latest, dt.date)  # real calendar days
    assert m.start.earliest == a
    assert m.end.earliest <= b <= m.end.latest
    assert m.earliest <= m.latest


@settings(max_examples=200, deadline=None)
@given(year=st.integers(1950, 2099), month=st.integers(1, 12), mod=mods)
def test_generated_partial_dates_cover_their_month(year, month, mod):
    m = dates.parse(f"{month}月{mod}", context_year=year)
    assert m is not None
    d = m.start
    assert d.earliest <= d.latest
    assert (d.earliest.year, d.earliest.month) == (year, month) == (d.latest.year, d.latest.month)


def test_partial_dates_inherit_from_the_sentence_not_across_it():
    found = dates.scan("2019年8月10日至23日,巡察组进驻。4月7日", 0, 19, context_year=2020)
    assert found[0].latest == dt.date(2019, 8, 23)
    later = dates.scan("2019年8月10日,巡察组进驻。4月7日", 16, 21, context_year=2020)
    assert later[0].earliest == dt.date(2020, 4, 7)


def test_durations_are_text_not_dates():
    assert dates.find_duration("开展为期45天的常规巡察")[0] == "为期45天"
    assert dates.parse("为期45天") is None


def test_full_width_digits_parse_like_half_width():
    assert dates.parse("２０２０年９月１０日至１２月１０日").latest == dates.parse("2020年9月10日至12月10日").latest


@settings(max_examples=500, deadline=None)
@given(gap=st.text(alphabet=" \n\t起开始以来,至到—―-~年", max_size=14))
def test_connector_never_matches_a_gap_longer_than_its_longest(gap):
    """`scan` tries the connector only on gaps up to `longest` characters."""
    rule = patterns.load("dates").get("connector")
    if rule.regex.search(gap):
        assert len(gap) <= rule.longest


@settings(max_examples=300, deadline=None)
@given(tail=st.text(alphabet=" \n起开始以来至到年月", max_size=4))
def test_open_end_needs_one_of_its_characters(tail):
    """`scan` runs `open_end` only after a date followed by 起, 开 or 以."""
    if patterns.load("dates").get("open_end").regex.search(tail):
        assert any(c in tail for c in "起开以")


def test_a_yearless_date_far_after_the_notices_own_date_is_last_years():
    ctx = dt.date(2024, 1, 5)
    m = dates.scan("于12月28日至1月20日对县医保局开展巡察", context_year=2024, context_date=ctx)[0]
    assert (m.earliest, m.latest) == (dt.date(2023, 12, 28), dt.date(2024, 1, 20))
    # Within half a year after it (an announced window), or with its year written, it stays.
    m = dates.scan("于3月1日至4月30日进驻", context_year=2024, context_date=ctx)[0]
    assert m.earliest == dt.date(2024, 3, 1)
    m = dates.scan("于2024年12月28日至1月20日进驻", context_year=2024, context_date=ctx)[0]
    assert m.earliest == dt.date(2024, 12, 28)


def test_context_dependent_marks_dates_whose_year_is_the_notices():
    found = dates.scan("2019年8月10日至23日,巡察组进驻。", context_year=dates.NO_YEAR)
    assert not found[0].context_dependent
    found = dates.scan("8月10日至23日,今年7月", context_year=dates.NO_YEAR)
    assert [m.context_dependent for m in found] == [True, True]


def test_open_start_is_the_end_of_a_range_from_the_notices_day():
    m = dates.scan("自即日起至11月30日,校党委第二巡察组开展巡察", context_year=2022)[0]
    assert m.open_start and m.end is None and m.earliest == dt.date(2022, 11, 30)
    assert not dates.scan("2022年11月9日至11月30日", context_year=2022)[0].open_start


@settings(max_examples=300, deadline=None)
@given(before=st.text(alphabet="自即日今天之起至到 ,发布", max_size=16))
def test_open_start_never_needs_more_than_back_characters(before):
    """`scan` runs `open_start` only on the `back` characters before a date after 至 or 到."""
    rule = patterns.load("dates").get("open_start")
    m = rule.regex.search(before)
    if m:
        assert before[-1] in "至到" and len(m.group(0)) <= rule.back
