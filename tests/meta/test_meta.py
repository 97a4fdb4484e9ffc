"""Segmentation and notice-level facts: chrome, title, signature, kind."""
from __future__ import annotations

import pytest

from notice_parse import parse_text
from notice_parse.prepare import prepare
from notice_parse.text.normalize import clean_value

import corpus

BODY = "根据县委统一部署,2019年9月18日至11月18日,县委第五巡察组对县科技局进行了巡察。\n"


def test_wrapped_title_is_joined_and_chrome_dropped():
    text = ("中共寿县科技局党组关于县委脱贫攻坚\n专项巡察整改进展情况的通报\n\n"
            "时间:2020-09-15 08:40    来源:寿州廉政网  \n     打印\n\n" + BODY +
            "中共寿县科学技术局党组\n\n2020年5月31日\n\n打印文章 | 加入收藏 | 分享到:")
    n = parse_text(text)
    assert n.title == "中共寿县科技局党组关于县委脱贫攻坚专项巡察整改进展情况的通报"
    assert n.published_at == "2020-09-15T08:40"
    assert n.source_site == "寿州廉政网"
    assert n.issuer == "中共寿县科学技术局党组"
    assert n.issued_on.text == "2020年5月31日"
    for key, span in n.spans.items():
        assert clean_value(text[span[0]:span[1]]) == clean_value(str(getattr(n, key)).replace("T", " ")) or key == "published_at"


def test_no_title_when_text_starts_with_body():
    n = parse_text(BODY + "联系电话:86882428。\n中共金湖县科学技术局党组\n2021年5月18日")
    assert n.title is None
    assert n.issuer == "中共金湖县科学技术局党组"


def test_spaced_title_and_fullwidth_punctuation():
    n = parse_text("巡 察 公 告\n\n根据县委统一部署，县委第三巡察组于２０２４年９月６日进驻县教育局。受理信访时间截止到10月6日。")
    assert n.title == "巡察公告"
    assert n.kind == "stationing"


def test_app_chrome_and_footer_lines_are_not_title_or_body():
    text = ("澎湃Logo\n下载客户端\n\n登录\n\n  • +1\n\n脱贫攻坚“回头看”!十二届省委第六轮巡视8个县整改情况公布\n\n"
            "2020-03-11 13:03\n来源:澎湃新闻·澎湃号·媒体\n字号\n\n" + BODY +
            "撰文:记者 某某\n原标题:《…》\n沪ICP备14003370号\n© 2014-2024 上海东方报业有限公司")
    doc = prepare(text)
    n = parse_text(text)
    assert n.title == "脱贫攻坚“回头看”!十二届省委第六轮巡视8个县整改情况公布"
    assert n.kind == "digest"
    assert n.published_at == "2020-03-11T13:03"
    assert n.source_site == "澎湃新闻·澎湃号·媒体"
    assert len(doc.segments.footer) == 4
    assert n.issuer is None and n.issued_on is None


def test_issuer_split_over_two_lines():
    n = parse_text(BODY + "中共某某县委巡察工作\n领导小组办公室\n2023年9月15日\n")
    assert n.issuer == "中共某某县委巡察工作领导小组办公室"


def test_issuer_and_date_on_one_line():
    n = parse_text(BODY + "中共某某县科技局党组 2020年5月31日\n")
    assert n.issuer == "中共某某县科技局党组"
    assert n.issued_on.earliest.isoformat() == "2020-05-31"


def test_context_year_comes_from_the_notice_not_today():
    assert prepare(BODY + "中共某党组\n2021年5月18日").context_year == 2021
    assert prepare("时间:2020-09-15 08:40\n" + BODY).context_year == 2020
    assert prepare(BODY).context_year is None


def test_fold_keeps_offsets():
    text = "（一）联系电话：０５５４－４０２２６３９"
    doc = prepare(text)
    assert len(doc.text) == len(text)
    assert doc.text == "(一)联系电话:0554-4022639"


def test_menu_items_before_the_title_are_chrome():
    text = ("首页\n巡察工作\n通知公告\n当前位置:首页>>巡察工作\n关于县委第一巡察组巡察反馈意见整改情况的通报\n"
            "发布时间:2021-06-01\n一、基本情况\n根据县委统一部署,县委第一巡察组对县财政局进行了巡察。\n")
    n = parse_text(text)
    assert n.title == "关于县委第一巡察组巡察反馈意见整改情况的通报"
    assert n.published_at == "2021-06-01"


@pytest.mark.parametrize(
    "chrome",
    [
        "信息索引号:\n003212-2024-00012\n成文日期:\n2024-11-20\n",
        "信息索引号:003212-2024-00012 | 成文日期:2024-11-20\n",
        "| 成文日期 | 2024-11-20 | 效力状态 | 有效 |\n",
    ],
)
def test_disclosure_signing_date_is_not_the_publishing_time(chrome):
    text = (
        chrome
        + "县审计局党组关于县委巡察整改情况的通报\n发布时间:2024-11-22 09:15 来源:县审计局 浏览次数:123\n"
        + "根据县委统一部署,县委第二巡察组对县审计局党组进行了巡察。现将整改情况予以公布。\n"
    )
    notice = parse_text(text)
    assert notice.published_at == "2024-11-22T09:15"
    assert notice.source_site == "县审计局"


def test_a_notice_scraped_onto_one_line_has_title_and_signature():
    text = ("中共某某县住建局党组关于巡察集中整改进展情况的通报 根据县委统一部署,2021年9月至11月,县委第二巡察组对"
            "县住建局党组进行了巡察。现将整改情况通报如下:一、整改工作总体情况 局党组召开专题会议12次,制定整改措施46条。"
            "二、巡察反馈问题整改情况 反馈问题一:关于“学习不深入”的问题 整改情况:制定理论学习计划。整改进度:已完成。"
            "欢迎干部群众监督,联系电话:0818-2512345。 中共某某县住建局党组 2022年3月10日")
    n = parse_text(text)
    assert n.title == "中共某某县住建局党组关于巡察集中整改进展情况的通报"
    assert n.issuer == "中共某某县住建局党组"
    assert n.issued_on.earliest.isoformat() == "2022-03-10"
    assert text[slice(*n.spans["title"])] == n.title
    # An opening sentence is no title, however the line starts.
    assert parse_text("根据县委统一部署,县委第二巡察组对县住建局党组进行了巡察。" * 10).title is None


def test_issuer_over_two_lines_with_bare_tail_and_cn_date_after_teci():
    text = ("中共某县财政局党组关于县委第二巡察组\n巡察反馈意见整改情况的通报\n"
            "发布日期:2023-05-06  来源:某县纪委监委网站  作者:县财政局\n" + BODY +
            "特此通报。\n中共某县财政局\n党组\n二〇二三年四月二十八日\n")
    n = parse_text(text)
    assert n.title == "中共某县财政局党组关于县委第二巡察组巡察反馈意见整改情况的通报"
    assert n.issuer == "中共某县财政局党组"
    assert str(n.issued_on.earliest) == "2023-04-28"
    assert n.published_at == "2023-05-06"
    assert n.source_site == "某县纪委监委网站"
    assert clean_value(text[n.spans["issuer"][0]:n.spans["issuer"][1]]) == "中共某县财政局党组"


def test_two_full_org_lines_are_not_joined():
    # Two signatories, each a whole organisation: the issuer is the one above the date.
    n = parse_text(BODY + "中共某县科学技术局\n某县科学技术协会\n2023年5月6日\n")
    assert n.issuer == "某县科学技术协会"


def test_bracketed_title():
    text = "【中共某市教育局委员会关于市委巡察整改进展情况的通报】\n" + BODY + "特此通报。\n中共某市教育局委员会\n二〇二三年十二月五日\n"
    n = parse_text(text)
    assert n.title == "中共某市教育局委员会关于市委巡察整改进展情况的通报"
    assert text[n.spans["title"][0]:n.spans["title"][1]] == n.title
    assert n.kind == "rectification"
    assert n.issuer == "中共某市教育局委员会" and str(n.issued_on.earliest) == "2023-12-05"


def test_audit_rectification_report_is_unknown():
    n = parse_text("关于2022年度市级预算执行和其他财政收支审计查出问题整改情况的报告\n"
                   "市审计局对审计查出的问题进行了跟踪督促。截至目前,已整改40项,正在整改10项。\n某市审计局\n2023年12月20日\n")
    assert n.kind == "unknown" and n.summary == {}
    assert n.issuer == "某市审计局"


def test_stationing_several_groups_kind_and_signature():
    n = parse_text("十届县委第五轮巡察进驻公告\n根据县委统一部署,县委第一至第三巡察组将于2024年3月4日起对县直6个单位开展常规巡察。\n"
                   "一、县委第一巡察组巡察县住建局党组。\n联系电话:0553-1234567。\n受理信访时间截止到2024年4月30日。\n"
                   "特此公告。\n中共某县委巡察工作\n领导小组办公室\n2024年3月1日\n")
    assert n.kind == "stationing" and n.issues == []
    assert n.issuer == "中共某县委巡察工作领导小组办公室"


def test_province_one_unit_news_is_rectification_with_totals():
    n = parse_text("省委第四巡视组巡视某某市反馈意见整改进展情况\n2020-07-15 10:20   来源:某省纪委监委网站\n"
                   "截至目前,反馈的3个方面12个问题已整改完成10个,正在整改2个。\n")
    assert n.kind == "rectification"
    assert n.published_at == "2020-07-15T10:20"
    assert {k: v.value for k, v in n.summary.items()} == {
        "aspects": 3, "problems": 12, "problems_rectified": 10, "problems_in_progress": 2}


# --- kind from the event: the corpus of tests/data/kind/ (format: tests/data/README.md) --------
@pytest.mark.parametrize("case", corpus.cases("kind"))
def test_kind_corpus(case):
    corpus.check(case)


def test_kind_corpus_covers_every_kind():
    kinds = [c.expect["kind"] for c in corpus.load_all("kind")]
    assert set(kinds) == {"stationing", "feedback", "rectification", "digest", "unknown"}
    assert len(kinds) >= 40


def test_kind_rules_are_validated():
    from notice_parse.rules import patterns
    from notice_parse.meta.extract import build_kind_rules

    head = '[zones]\ntitle = 3.0\nlead = 2.0\nbody = 1.0\n[limits]\nlead_chars = 300\nbody_chars = 1200\n[decide]\norder = ["feedback"]\n'
    # The file's own model (rules.model.KindFileModel) checks it when it is compiled; errors name
    # the file and the rule or table.
    no_weight = head + '[[rule]]\nname = "cue"\nkind = "feedback"\nwhere = ["lead"]\npattern = "反馈"\nmatch = ["反馈"]\n'
    with pytest.raises(patterns.PatternFileError, match="(?s)kind.toml: rule 'cue'.*weight"):
        patterns.parse_pattern_file("kind.toml", no_weight)
    # A cue names a notice kind and a list of zones; the tables hold what `classify` reads.
    cue = '[[rule]]\nname = "cue"\nweight = 2\npattern = "反馈"\nmatch = ["反馈"]\n'
    for bad, message in ((head + cue + 'kind = "status"\nwhere = ["lead"]\n', "rule 'cue'.*kind"),
                         (head + cue + 'kind = "feedback"\nwhere = "both"\n', "rule 'cue'.*where"),
                         (head + cue + 'kind = "feedback"\n', "rule 'cue'.*where"),
                         (head.replace("lead = 2.0", 'lead = "2"') + cue + 'kind = "feedback"\nwhere = ["lead"]\n', "zones"),
                         (head.replace("body_chars = 1200", "body_chars = 1200.5") + cue + 'kind = "feedback"\nwhere = ["lead"]\n', "limits"),
                         (head.replace('["feedback"]', '["feedback", "notice"]') + cue + 'kind = "feedback"\nwhere = ["lead"]\n', "order"),
                         (head.replace("[limits]\nlead_chars = 300\nbody_chars = 1200\n", "") + cue + 'kind = "feedback"\nwhere = ["lead"]\n', "limits")):
        with pytest.raises(patterns.PatternFileError, match="(?s)kind.toml: .*" + message):
            patterns.parse_pattern_file("kind.toml", bad)
    good = build_kind_rules(patterns.parse_pattern_file("kind.toml", head + cue + 'kind = "feedback"\nwhere = ["lead"]\n'))
    assert (good.zones, good.limits, good.order) == ({"title": 3.0, "lead": 2.0, "body": 1.0},
                                                     {"lead_chars": 300, "body_chars": 1200}, ["feedback"])
    assert [(c.kind, c.where, c.effect, w) for _run, c, w in good.cues] == [("feedback", ["lead"], "score", 2.0)]
    # A zone no cue can be searched in fails loading already (the rule model types `where`).
    with pytest.raises(patterns.PatternFileError, match="rule 'z'"):
        patterns.parse_pattern_file("kind.toml", head + '[[rule]]\nname = "z"\nkind = "feedback"\nweight = 2\nwhere = ["footer"]\npattern = "反馈"\nmatch = ["反馈"]\n')
    with pytest.raises(patterns.PatternFileError, match="weight"):
        patterns.parse_pattern_file("kind.toml", '[[rule]]\nname = "neg"\nweight = -1\npattern = "a"\nmatch = ["a"]\n')


# --- titles, page furniture and signatures: the corpora of tests/data/meta/ --------------------
@pytest.mark.parametrize("case", corpus.cases("meta"))
def test_meta_corpus(case):
    corpus.check(case)


def test_a_right_aligned_date_under_the_title_is_no_signature():
    from notice_parse.pipeline import parse_bytes

    page = ('<html><body><div class="content"><h1>县委第二巡察组向县交通局党组反馈巡察情况</h1>'
            '<p align="right">2022年8月5日</p><p>近日,县委第二巡察组向县交通局党组反馈巡察情况。反馈指出,还存在一些问题。</p>'
            "<p>附件:巡察工作安排</p></div></body></html>")
    n = parse_bytes(page.encode("utf-8"), path="notice.html")
    assert n.issuer is None and n.issued_on is None
