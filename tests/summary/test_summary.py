"""Declared totals: the `[[case]]` corpus of patterns/summary.toml, digests and audits."""
from __future__ import annotations

import pytest

from notice_parse.rules import patterns
from notice_parse.text.normalize import clean_value
from notice_parse.pipeline import parse_text

CASES = patterns.load("summary").table("case") or []
TITLE = "关于巡察整改情况的通报\n"


def _summary(body: str) -> dict:
    n = parse_text(TITLE + body + "\n")
    return n.summary


def _params(cases):
    """A case with `xfail` is a known miss: a strict xfail naming the capability it lacks."""
    return [pytest.param(c, id=c["text"][:30], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if "xfail" in c else [])
            for c in cases]


def test_corpus_is_large_enough():
    assert len(CASES) >= 70


@pytest.mark.parametrize("case", _params(CASES))
def test_summary_case(case):
    got = _summary(case["text"])
    assert {k: v.value for k, v in got.items()} == case["expect"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_count_spans_slice_to_text(case):
    text = TITLE + case["text"] + "\n"
    for c in parse_text(text).summary.values():
        assert clean_value(text[c.span[0]:c.span[1]]) == c.text


def test_digest_units_figures_are_not_totals():
    text = ("十二届省委第六轮巡视8个县整改情况公布\n"
            "根据省委统一部署,2019年8月10日至23日,省委派出8个巡视组对织金县等8个县开展专项巡视。现将8个被巡视县巡视整改进展情况摘要予以公布。\n"
            "织金县针对住房保障推进缓慢问题,查处问题12件,党纪政务处分185人,追缴资金7.2万元。\n"
            "德江县针对教育扶贫不到位的问题,制定整改措施30条。\n")
    n = parse_text(text)
    assert n.kind == "digest"
    assert n.summary == {}
    assert n.inspection.targets == ["织金县", "德江县"]


def test_audit_report_has_no_totals():
    n = parse_text("关于2022年度审计查出问题整改情况的报告\n对审计查出的问题,已整改40项,正在整改10项,制定整改措施20条。\n")
    assert n.summary == {}


def test_full_width_notice_gives_same_totals():
    half = TITLE + "巡察反馈的四方面10个问题,已整改落实10个。在整改中,制定措施44个,清退违规资金66.57万元。\n"
    full = half.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}).replace("。", "。")
    a, b = parse_text(half).to_json_dict()["summary"], parse_text(full).to_json_dict()["summary"]
    assert a == b and a["funds_recovered_yuan"]["value"] == 665700


def test_count_text_is_the_whole_phrase_as_written():
    from notice_parse import parse_text

    n = parse_text("在整改中,制定措施44个,建章立制5个,谈心谈话、批评教育7人次。")
    assert n.summary["people_handled"].text == "批评教育7人次"
