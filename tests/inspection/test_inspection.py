"""Inspection facts: the `[[case]]` corpus of patterns/inspection.toml, seeds, full-width twins."""
from __future__ import annotations


import pytest

from notice_parse.rules import patterns
from notice_parse.prepare import prepare
from notice_parse.inspection.extract import extract_inspection
from notice_parse.meta.extract import extract_meta
from notice_parse.pipeline import parse_text

import corpus

CASES = patterns.load("inspection").table("case") or []
LIST_KEYS = ("types", "groups", "targets")
SCALAR_KEYS = ("mode", "authority", "term", "round", "topic", "group_count", "duration")


def _doc_text(case: dict) -> str:
    parts = []
    if case.get("title"):
        parts.append(case["title"])
    parts.append(case["text"])
    if case.get("signed"):
        parts += ["中共某某局党组", case["signed"]]
    return "\n".join(parts) + "\n"


def _run(case: dict):
    doc = prepare(_doc_text(case))
    meta = extract_meta(doc)
    meta.kind = case.get("kind", "rectification")
    return extract_inspection(doc, meta)[0]


def _interval(d):
    return None if d is None else [d.earliest.isoformat(), d.latest.isoformat()]


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_inspection_case(case):
    ins = _run(case)
    for key in LIST_KEYS:
        if key in case:
            assert getattr(ins, key) == case[key], key
    for key in SCALAR_KEYS:
        if key in case:
            want = None if case[key] == "null" else case[key]
            assert getattr(ins, key) == want, key
    win = ins.window
    dates = {
        "window_start": win.start if win else None,
        "window_end": win.end if win else None,
        "feedback": ins.feedback,
        "petition_deadline": ins.petition_deadline,
    }
    for key, got in dates.items():
        if key in case:
            want = None if case[key] == "null" else case[key]
            assert _interval(got) == want, key
    if case.get("window") == "null":
        assert ins.window is None


def test_spans_slice_to_text():
    for case in CASES:
        text = _doc_text(case)
        ins = _run(case)
        for d in (ins.feedback, ins.petition_deadline, *(x for w in [ins.window] if w for x in (w.start, w.end))):
            if d is not None:
                from notice_parse.text.normalize import clean_value

                assert clean_value(text[d.span[0]:d.span[1]]) == d.text


FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


@pytest.mark.parametrize("case", CASES[:12], ids=[c["text"][:20] for c in CASES[:12]])
def test_full_width_twin_gives_same_facts(case):
    half = _doc_text(case)
    full = half.translate(FULL_WIDTH)
    a = parse_text(half).to_json_dict()
    b = parse_text(full).to_json_dict()
    assert a["inspection"] == b["inspection"]
    assert a["summary"] == b["summary"]


def test_no_window_warning_and_date_order():
    n = parse_text("关于巡察整改情况的通报\n县委第一巡察组对县审计局党组进行了巡察。现将巡察整改情况予以公布。\n")
    assert n.kind == "rectification"
    assert any(w.code == "no_window" for w in n.warnings)
    n = parse_text("关于巡察整改情况的通报\n2020年9月10日至2020年8月10日,县委第一巡察组对县审计局党组进行了巡察。"
                   "2020年7月1日,巡察组向县审计局党组反馈了巡察意见。\n")
    codes = [w.code for w in n.warnings]
    assert codes.count("date_order") == 2


def test_window_never_from_arbitrary_body_date():
    n = parse_text("关于巡察整改情况的通报\n县委第一巡察组对县审计局党组进行了巡察。\n2月17日学习了文件。2021年3月5日召开会议。\n")
    assert n.inspection.window is None
    assert n.inspection.feedback is None


def test_digest_targets_and_issue_units_come_from_one_rule():
    from notice_parse import parse_text

    n = parse_text("我市公开3家单位巡察整改进展情况\n\n现将3家被巡察单位整改进展情况予以公布。\n"
                   "市财政局针对财务管理不规范问题,修订了报销制度。\n"
                   "市教育局聚焦作风建设,针对会议过多问题,精简会议。\n")
    assert n.kind == "digest"
    assert n.inspection.targets == ["市财政局", "市教育局"]
    assert [i.unit for i in n.issues] == ["市财政局", "市教育局"]


# The generality audit of whole notices (tests/data/audit/) runs in tests/test_corpus.py.


def test_target_list_count_is_dropped_only_when_it_counts_the_list():
    def targets(sentence: str) -> list[str]:
        return parse_text("关于巡察整改情况的通报\n" + sentence + "\n").inspection.targets

    assert targets("2024年4月10日至6月10日,县委巡察组对县财政局、县住建局2个单位党组织开展了常规巡察。") == ["县财政局", "县住建局"]
    assert targets("2024年4月10日至6月10日,县委巡察组对某镇5个村级党组织开展了常规巡察。") == ["某镇5个村级党组织"]


@pytest.mark.parametrize("name", ["校党委第二巡察组", "集团党委第一巡察组", "县委巡察机动组", "市委巡察专项一组"])
def test_group_names_of_institutions_and_type_after_xuncha(name):
    from notice_parse.text.groups import named_groups

    assert [g for _, _, g in named_groups(f"根据统一部署,{name}对某单位党委进行了巡察。")] == [name]


# -- news items and round announcements: lists of units, shared group names, counts, own round --
# The corpus of tests/data/inspection/, run by the one harness (format: tests/data/README.md).
def test_news_corpus_is_large_enough():
    news = corpus.load_all("inspection")
    assert len(news) >= 40
    assert all(c.expect and c.expect.get("inspection") for c in news)


@pytest.mark.parametrize("case", corpus.cases("inspection"))
def test_news_inspection_case(case):
    corpus.check(case)


@pytest.mark.parametrize("raw,units", [
    ("县委组织部、县财政局等7个单位", ["县委组织部", "县财政局"]),
    ("青山乡党委及所辖6个党总支", ["青山乡党委"]),
    ("县发改局和县统计局", ["县发改局", "县统计局"]),
    ("县人力资源和社会保障局", ["县人力资源和社会保障局"]),
    ("县中等职业学校", ["县中等职业学校"]),
    ("江西、湖南等2个省", ["江西", "湖南"]),
    ("区卫健局、区环保局等4家党组织领导班子", ["区卫健局", "区环保局"]),
    # Negatives: no organisation's name, a count, a general reference, the round's own words.
    ("巡察工作", []), ("时间为1个月", []), ("有关情况", []), ("31家党组织", []),
    ("被巡察党组织", []), ("并完成动员", []), ("局属学校", []), ("江西、湖南", []),
])
def test_split_units(raw, units):
    from notice_parse.inspection.units import split_units

    assert split_units(raw) == units


def test_shared_group_name_and_units_in_traditional_script():
    """Rules are written in simplified; a traditional page reads the same, values as written."""
    n = parse_text("縣委第一、五巡察組反饋巡察情況\n近日,縣委第一、五巡察組分別向縣財政局黨組、縣人社局黨組反饋了巡察意見。\n")
    assert n.inspection.groups == ["縣委第一巡察組", "縣委第五巡察組"]
    assert n.inspection.targets == ["縣財政局黨組", "縣人社局黨組"]
