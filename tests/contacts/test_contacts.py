"""Contacts (issue 5): the corpus in patterns/contacts.toml, the seeds, stationing groups."""
from __future__ import annotations

import json

import pytest

from notice_parse import parse_text

from notice_parse.rules import patterns
from notice_parse.contacts.extract import find_contacts
from notice_parse.contacts.phones import area_codes
from notice_parse.text.normalize import fold, squeeze

from conftest import NO_SHARED, SHARED  # noqa: E402

SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED else []

CASES = patterns.load("contacts").table("case") or []


def test_corpus_size():
    positive = [c for c in CASES if c["expect"]]
    negative = [c for c in CASES if not c["expect"]]
    assert len(positive) >= 50 and len(negative) >= 25, (len(positive), len(negative))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_corpus_case(case):
    got = find_contacts(case["text"])
    want = case["expect"]
    assert [(c.kind, c.value) for c in got] == [(e["kind"], e["value"]) for e in want], case["text"]
    for c, e in zip(got, want):
        for key in ("label", "group"):
            if key in e:
                assert getattr(c, key) == e[key], (case["text"], key)
        # Spans point at the value as written.
        s, t = c.span
        written = squeeze(fold(case["text"][s:t]))
        if c.kind in ("address", "po_box", "postcode", "website"):
            assert written == c.value
        elif c.kind == "email":
            assert written.lower() == c.value
        else:
            assert "".join(ch for ch in written if ch.isdigit()) == c.value.replace("-", "")


@pytest.mark.skipif(not SEEDS, reason=NO_SHARED)
@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_contacts(path):
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    notice = parse_text(text, path=str(path))
    got = [(c.kind, c.value, c.label) for c in notice.contacts]
    assert got == [(c["kind"], c["value"], c["label"]) for c in gold["contacts"]]
    for c in notice.contacts:
        assert c.group is None
        if c.kind in ("address", "po_box"):
            assert squeeze(fold(text[c.span[0] : c.span[1]])) == c.value


STATIONING_HEAD = """关于县委第六轮巡察进驻情况的公告

根据县委统一部署,县委第一、二、三巡察组将于2021年3月1日至4月30日分别对县科技局、县教育局、县卫健委开展常规巡察。巡察期间,各巡察组设立值班电话、电子邮箱和邮政信箱,受理信访时间截止到2021年4月20日。现将联系方式公告如下:
"""
STATIONING_TAIL = """
特此公告。

中共寿县县委巡察工作领导小组办公室
2021年3月1日
"""
GROUPS = ["县委第一巡察组", "县委第二巡察组", "县委第三巡察组"]
UNITS = ["县科技局", "县教育局", "县卫健委"]
EXPECTED = [
    (g, kind, value)
    for n, g in enumerate(GROUPS, 1)
    for kind, value in (
        ("phone", f"0554-402100{n}"),
        ("email", f"xcz{n}@163.com"),
        ("po_box", f"寿县邮政00{n}号信箱"),
    )
]


def _grouped(text: str) -> list[tuple]:
    notice = parse_text(text)
    assert notice.kind == "stationing"
    return [(c.group, c.kind, c.value) for c in notice.contacts]


def _paragraphs(rows):
    return "".join(f"{g}进驻{u},值班电话:{t},电子邮箱:{m},邮政信箱:{b}。\n" for g, u, t, m, b in rows)


def _table_rows(rows):
    return "\n".join(["巡察组 | 被巡察单位 | 值班电话 | 电子邮箱 | 邮政信箱"] + [" | ".join(r) for r in rows]) + "\n"


def _cells_one_per_line(rows):
    return "\n".join(["巡察组", "被巡察单位", "值班电话", "电子邮箱", "邮政信箱"] + [c for r in rows for c in r]) + "\n"


def _headings_on_own_lines(rows):
    return "".join(f"{'一二三'[n]}、{g}\n进驻单位:{u}\n值班电话:{t}\n电子邮箱:{m}\n邮政信箱:{b}\n"
                   for n, (g, u, t, m, b) in enumerate(rows))


@pytest.mark.parametrize("layout", [_paragraphs, _table_rows, _cells_one_per_line, _headings_on_own_lines],
                         ids=lambda f: f.__name__.strip("_"))
def test_stationing_groups_each_with_their_channels(layout):
    """Three groups, each with phone, e-mail and P.O. box, in every layout notices use."""
    rows = [(g, u, f"0554-402100{n}", f"xcz{n}@163.com", f"寿县邮政00{n}号信箱")
            for n, (g, u) in enumerate(zip(GROUPS, UNITS), 1)]
    assert _grouped(STATIONING_HEAD + layout(rows) + STATIONING_TAIL) == EXPECTED


def test_rectification_contacts_have_no_group():
    text = "县委第一巡察组组长到会指导。\n欢迎监督。联系电话:86882428;电子邮箱:jinhukeji@vip.163.com。"
    assert [c.group for c in find_contacts(text)] == [None, None]


def test_email_split_by_line_break():
    for text in ("电子邮箱:jinhu\nkeji@vip.163.com。", "电子邮箱:jinhukeji@vip.163.\ncom", "电子邮箱:jinhukeji@\nvip.163.com"):
        got = find_contacts(text)
        assert [(c.kind, c.value, c.label) for c in got] == [("email", "jinhukeji@vip.163.com", "电子邮箱")], text
        s, e = got[0].span
        assert squeeze(text[s:e]) == "jinhukeji@vip.163.com"


def test_full_width_digits_and_span_as_written():
    text = "联系电话：０５５４－４０２２６３９；邮编：２３２２００"
    got = find_contacts(text)
    assert [(c.kind, c.value) for c in got] == [("phone", "0554-4022639"), ("postcode", "232200")]
    assert text[got[0].span[0] : got[0].span[1]] == "０５５４－４０２２６３９"


def test_qq_number_in_email_is_not_a_phone():
    got = find_contacts("联系电话及邮箱:511076340@qq.com")
    assert [(c.kind, c.value) for c in got] == [("email", "511076340@qq.com")]


def test_footer_chrome_yields_nothing():
    text = "巡察整改情况通报\n\n根据县委统一部署,现将整改情况公布。\n\n沪ICP备14003370号\n\n互联网新闻信息服务许可证:31120170006\n"
    assert parse_text(text).contacts == []


def test_area_codes_data():
    codes = area_codes()
    assert {"010", "021", "029", "0554", "0553", "0754", "0512", "0898", "0991"} <= codes
    assert len(codes) > 300
    assert not any(c.startswith(("00", "01")) and c != "010" for c in codes)


def test_group_named_as_addressee_is_not_a_heading():
    text = (
        "来信请寄苏州邮政信箱429号市委第一巡察组收,邮政编码为215301。\n"
        "接待地址:永昌宾馆转市委第六巡察组,联系电话:0512-57512345。"
    )
    got = find_contacts(text)
    assert [c.kind for c in got] == ["po_box", "postcode", "address", "phone"]
    assert all(c.group is None for c in got)


def test_two_groups_with_own_channels_outside_stationing():
    text = (
        "县委第一巡察组值班电话:0554-4021001,邮政信箱:寿县邮政001号信箱。\n"
        "县委第二巡察组值班电话:0554-4021002,邮政信箱:寿县邮政002号信箱。"
    )
    got = [(c.group, c.value) for c in find_contacts(text)]
    assert got == [
        ("县委第一巡察组", "0554-4021001"),
        ("县委第一巡察组", "寿县邮政001号信箱"),
        ("县委第二巡察组", "0554-4021002"),
        ("县委第二巡察组", "寿县邮政002号信箱"),
    ]


def test_stationing_special_group_names_as_headings():
    # Group names with a type word or a fused round (FIELD-NOTES §3) head their channels whole,
    # named as `inspection.groups` names them.
    head = (
        "巡察公告\n根据市委统一部署,市委机动巡察一组、市委第五专项巡察组、中共汕头市委第七轮第一巡察组"
        "分别对市住建局党组、市水务局党组、市教育局党组开展巡察。现将联系方式公布如下:\n"
    )
    groups = ["市委机动巡察一组", "市委第五专项巡察组", "中共汕头市委第七轮第一巡察组"]
    body = "".join(f"{g}\n值班电话:0754-8808124{n}\n电子邮箱:xc{n}@163.com\n" for n, g in enumerate(groups, 1))
    notice = parse_text(head + body + STATIONING_TAIL)
    names = ["市委机动巡察一组", "市委第五专项巡察组", "市委第七轮第一巡察组"]
    assert notice.inspection.groups == names
    assert [(c.group, c.value) for c in notice.contacts] == [
        (g, v) for n, g in enumerate(names, 1) for v in (f"0754-8808124{n}", f"xc{n}@163.com")
    ]


def test_phone_label_guard_names_every_first_character():
    # `phone_start` must list the first character of every phone_prefix and phone_word
    # alternative, or labels opening with a new one would silently be missed.
    defs = patterns.load("contacts").defs
    guard = set(defs["phone_start"].removeprefix("(?=[").removesuffix("])"))
    firsts = {alt[0] for name in ("phone_prefix", "phone_word")
              for alt in defs[name].removeprefix("(?:").removesuffix(")").split("|")}
    assert firsts <= guard, sorted(firsts - guard)


def test_key_scan_finds_every_occurrence_of_every_key():
    from notice_parse.contacts import keys as contact_keys

    keys = [k for ks in contact_keys.KEYS.values() for k in ks]
    text = "说明:" + "。".join(f"{k}{k}x{k}" for k in keys) + ",方面方式,平平台网网站wwwww"
    hits = contact_keys.scan(text, 0, len(text))
    for kind, ks in contact_keys.KEYS.items():
        want = sorted({i for k in ks for i in range(len(text)) if text.startswith(k, i)})
        assert hits[kind] == want, kind
    # A key must lie wholly inside the span.
    assert contact_keys.scan("电话", 0, 1)["phone"] == [] and contact_keys.scan("电话", 1, 2)["phone"] == []


def test_bare_group_names_have_their_zu_close_after_the_key():
    # contact_groups searches only at 巡察/巡视 followed by 组 within 6 characters.
    import re

    rule = patterns.load("contacts").get("group_name")
    for example in rule.match:
        m = rule.regex.search(example)
        assert re.search(r"巡[察视][\s\S]{0,5}组", m.group()), example


# The generality audit of whole notices (tests/data/audit/) runs in tests/test_corpus.py.


def test_table_labels_come_from_the_column_header():
    # Two phone columns: each number takes its own column's header; an e-mail and a box too.
    text = ("巡察组 被巡察单位 值班电话 值班手机 电子邮箱 邮政信箱\n"
            "县委第一巡察组 县财政局 0745-2581101 13807451101 xc01@163.com 怀化邮政101号信箱\n")
    got = [(c.kind, c.label) for c in find_contacts(text)]
    assert got == [("phone", "值班电话"), ("phone", "值班手机"), ("email", "电子邮箱"), ("po_box", "邮政信箱")]


def test_table_cells_that_do_not_line_up_take_the_only_column_of_their_kind():
    # A mobile written with spaces splits into three cells: no column position, the e-mail still
    # takes the one e-mail column's header.
    text = ("巡察组 值班电话 举报邮箱\n"
            "县委第一巡察组 139 0755 1101 xc01@163.com\n")
    got = [(c.kind, c.value, c.label) for c in find_contacts(text)]
    assert ("email", "xc01@163.com", "举报邮箱") in got


def test_shared_channels_after_the_last_groups_block_have_no_group():
    text = ("市委第一巡察组\n值班电话:0931-8761001\n电子邮箱:lzxc1@163.com\n"
            "市委第二巡察组\n值班电话:0931-8761002\n电子邮箱:lzxc2@163.com\n"
            "来信请寄:兰州市城关区庆阳路1号市委巡察办\n")
    got = [(c.value, c.group) for c in find_contacts(text, stationing=True)]
    assert got[-1] == ("兰州市城关区庆阳路1号市委巡察办", None)
    assert got[3] == ("lzxc2@163.com", "市委第二巡察组")


def test_a_single_group_keeps_every_channel_after_it():
    text = "县委第二巡察组进驻县农业农村局。\n值班电话:0477-8581234\n\n\n举报邮箱:a@126.com\n来信请寄:鄂尔多斯市A074号\n"
    assert {c.group for c in find_contacts(text, stationing=True)} == {"县委第二巡察组"}
