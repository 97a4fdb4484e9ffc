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


@pytest.mark.parametrize("written,iso", [
    ("二〇二三年六月十二日", "2023-06-12"),
    ("2023年9月15", "2023-09-15"),
    ("2023-09-15", "2023-09-15"),
    ("２０２０年５月３１日", "2020-05-31"),
])
def test_signing_date_forms(written, iso):
    n = parse_text(BODY + "特此公告。\n中共某某县委巡察工作领导小组办公室\n" + written + "\n")
    assert n.issued_on is not None and n.issued_on.earliest.isoformat() == iso
    assert n.issuer == "中共某某县委巡察工作领导小组办公室"


def test_issuer_split_over_two_lines():
    n = parse_text(BODY + "中共某某县委巡察工作\n领导小组办公室\n2023年9月15日\n")
    assert n.issuer == "中共某某县委巡察工作领导小组办公室"


def test_issuer_and_date_on_one_line():
    n = parse_text(BODY + "中共某某县科技局党组 2020年5月31日\n")
    assert n.issuer == "中共某某县科技局党组"
    assert n.issued_on.earliest.isoformat() == "2020-05-31"


@pytest.mark.parametrize("title,kind", [
    ("关于县委第一巡察组反馈意见整改情况的通报", "rectification"),
    ("县委第三巡察组进驻县教育局开展巡察的公告", "stationing"),
    ("关于县委第二巡察组巡察县科协党组反馈情况的通报", "feedback"),
    ("省委巡视12个县整改情况", "digest"),
    ("关于2022年度审计查出问题整改情况的报告", "unknown"),
])
def test_kind_from_title(title, kind):
    assert parse_text(title + "\n\n" + "正文内容如下。\n").kind == kind


@pytest.mark.parametrize("opening,kind", [
    ("现将巡察整改情况予以公布。", "rectification"),
    ("现将巡察组反馈的主要问题公布如下:", "feedback"),
    ("县委第三巡察组于9月6日进驻县教育局,受理信访时间截止到10月6日。", "stationing"),
    ("今天天气很好。", "unknown"),
])
def test_kind_from_opening(opening, kind):
    assert parse_text(opening + "\n").kind == kind


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


@pytest.mark.parametrize("text,title,kind", [
    # A first heading is not the title.
    ("关于巡察反馈意见整改情况的通报\n一、整改工作总体情况\n根据县委统一部署,县委第一巡察组进行了巡察。\n",
     "关于巡察反馈意见整改情况的通报", "rectification"),
    # A line opening a list (`…公布如下:`) is not joined into the title.
    ("关于十五届县委第六轮巡察反馈情况的通报\n现将巡察组反馈的主要问题公布如下:\n"
     "一、贯彻落实党中央决策部署方面\n(一)理论学习不够深入。党组学习计划性不强。\n",
     "关于十五届县委第六轮巡察反馈情况的通报", "feedback"),
    # Titles wrap after 意见 and over three lines.
    ("中共某某镇委员会\n关于县委第五轮巡察反馈意见\n整改进展情况的通报\n\n"
     "根据县委统一部署,县委第二巡察组对某某镇党委开展了常规巡察。现将整改进展情况公布如下。\n",
     "中共某某镇委员会关于县委第五轮巡察反馈意见整改进展情况的通报", "rectification"),
    ("关于十一届县委第三轮巡察\n反馈意见整改进展情况的\n通报\n" + BODY,
     "关于十一届县委第三轮巡察反馈意见整改进展情况的通报", None),
], ids=["first-heading", "list-opener", "wrap-after-yijian", "three-lines"])
def test_title_lines(text, title, kind):
    n = parse_text(text)
    assert n.title == title
    if kind is not None:
        assert n.kind == kind


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
    no_weight = patterns.parse_pattern_file("kind.toml", head + '[[rule]]\nname = "cue"\nkind = "feedback"\nwhere = ["lead"]\npattern = "反馈"\nmatch = ["反馈"]\n')
    with pytest.raises(patterns.PatternFileError, match="rule 'cue'.*weight"):
        build_kind_rules(no_weight)
    bad_zone = patterns.parse_pattern_file("kind.toml", head + '[[rule]]\nname = "z"\nkind = "feedback"\nweight = 2\nwhere = ["footer"]\npattern = "反馈"\nmatch = ["反馈"]\n')
    with pytest.raises(patterns.PatternFileError, match="rule 'z'"):
        build_kind_rules(bad_zone)
    with pytest.raises(patterns.PatternFileError, match="weight"):
        patterns.parse_pattern_file("kind.toml", '[[rule]]\nname = "neg"\nweight = -1\npattern = "a"\nmatch = ["a"]\n')


@pytest.mark.parametrize("text,kind", [
    # A demand for 整改 closes every feedback item: it is still feedback.
    ("县委第三巡察组向县民政局党组反馈巡察情况\n近日,县委第三巡察组向县民政局党组反馈巡察情况,要求县民政局党组认真抓好整改,"
     "确保整改到位,整改情况及时报送县委巡察办。\n", "feedback"),
    # A rectification report looking back at the stationing (`进驻期间`) stays a rectification report.
    ("根据县委统一部署,县委第一巡察组对县林业局党组进行了巡察。巡察组进驻期间,局党组坚持立行立改。现将巡察整改情况予以公布。\n",
     "rectification"),
])
def test_kind_is_the_event_not_a_mention(text, kind):
    assert parse_text(text).kind == kind


# --- page furniture: bullets and metadata lines around the title; the source at the end --------
LEAD = "近日,县委第二巡察组向县交通局党组反馈巡察情况。反馈指出,还存在一些问题。\n"


@pytest.mark.parametrize("text,title,published,source", [
    ("• 县委第二巡察组向县交通局\n党组反馈巡察情况\n发布时间:2023-05-06 09:12  来源:县纪委监委  浏览次数:321\n"
     "字号:大 中 小  打印  分享到:\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2023-05-06T09:12", "县纪委监委"),
    ("■ 县委第二巡察组向县交通局党组\n反馈巡察情况\n【发布时间:2024年3月8日 10:20】【来源:某县融媒体中心】\n【字号 大 中 小】【打印】【关闭】\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2024-03-08T10:20", "某县融媒体中心"),
    # An editor's line under a title that does not end like one is not joined to it.
    ("县委第二巡察组向县交通局党组反馈巡察\n责任编辑:李某\n" + LEAD, "县委第二巡察组向县交通局党组反馈巡察", None, None),
    # The source and the publishing time at the end of the article.
    ("县委第二巡察组向县交通局党组反馈巡察情况\n" + LEAD + "来源:某县纪委监委网站\n责任编辑:王某\n",
     "县委第二巡察组向县交通局党组反馈巡察情况", None, "某县纪委监委网站"),
    ("县委第二巡察组向县交通局党组反馈巡察情况\n" + LEAD + "(来源:某县融媒体中心)\n发布时间:2024-03-08\n",
     "县委第二巡察组向县交通局党组反馈巡察情况", "2024-03-08", "某县融媒体中心"),
    ("县委第二巡察组向县交通局党组反馈巡察情况\n[2024-03-08]\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2024-03-08", None),
    ("县委第二巡察组向县交通局党组反馈巡察情况\n日期:2024/3/8 点击数:12\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2024-03-08", None),
    # A source followed by the editor after a single space (`来源:某日报 责任编辑:某某`).
    ("县委第二巡察组向县交通局党组反馈巡察情况\n发布时间:2014-10-11 05:38:46 来源:某某日报 责任编辑:某某\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2014-10-11T05:38", "某某日报"),
    # Title and publishing line scraped onto one line.
    ("县委第二巡察组向县交通局党组反馈巡察情况  发布时间:2024-03-08 10:20  来源:某县融媒体中心\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2024-03-08T10:20", "某县融媒体中心"),
    # A date line with its weekday above the title is page furniture, not a lead sentence.
    ("2024年3月8日 星期五\n县委第二巡察组向县交通局党组反馈巡察情况\n" + LEAD,
     "县委第二巡察组向县交通局党组反馈巡察情况", "2024-03-08", None),
    # A body line mentioning a source is not the page's source.
    ("县委第二巡察组向县交通局党组反馈巡察情况\n" + LEAD + "问题来源:群众来信\n",
     "县委第二巡察组向县交通局党组反馈巡察情况", None, None),
], ids=["bullet-wrapped-publish-line", "square-bullet-bracketed-meta", "editor-not-joined", "source-at-end",
        "bracketed-source-and-time-at-end", "bracketed-timestamp", "source-then-editor", "date-and-clicks", "title-and-metadata-one-line",
        "site-date-header", "body-source-is-not-site"])
def test_page_furniture(text, title, published, source):
    n = parse_text(text)
    assert (n.title, n.published_at, n.source_site) == (title, published, source)
    for key in ("title", "source_site"):
        if key in n.spans:
            assert clean_value(text[slice(*n.spans[key])]) == getattr(n, key)


@pytest.mark.parametrize("text", [
    "近日县委第一巡察组进驻县水务局\n巡察期间设信访电话0571-8800123,受理信访截止时间为4月18日。\n",
    "根据县委统一部署\n县委第三巡察组进驻县教育局开展常规巡察\n",
    "3月6日市委第三巡察组向市审计局党组反馈巡察情况\n会上,巡察组组长通报了巡察发现的问题。\n",
    "日前区委第二巡察组向区财政局党组反馈巡察情况\n",
], ids=["jinri", "genju-wrapped", "date-lead", "riqian"])
def test_a_lead_sentence_is_never_the_title(text):
    assert parse_text(text).title is None


# --- signatures of saved pages: a right-aligned block at the article's end ----------------------
_PAGE_BODY = "<p>根据县委统一部署,县委第二巡察组对县水务局党组进行了巡察。现将整改情况予以公布。</p><p>一、整改工作总体情况</p><p>局党组召开专题会议。</p>"


@pytest.mark.parametrize("block,after,issuer,iso", [
    ('<p align="right">中共某县水务局党组<br>2022年8月5日</p>', "<p>附件:整改清单</p>", "中共某县水务局党组", "2022-08-05"),
    ('<p style="text-align: right;">中共某县水务局党组&nbsp;&nbsp;<br/>2022年8月5日</p>',
     "<p>(供稿:县水务局办公室)</p><p>相关阅读:县水务局召开巡察整改推进会</p>", "中共某县水务局党组", "2022-08-05"),
    ('<div style="TEXT-ALIGN: right">中共某县水务局党组　　2022年8月5日</div>',
     "<p>扫一扫在手机打开当前页</p><p>欢迎转载,请注明出处</p>", "中共某县水务局党组", "2022-08-05"),
    ('<p align="right">中共某县水务局</p><p align="right">党组</p><p align="right">二〇二二年八月五日</p>',
     "<p>附件:1.整改台账</p><p>2.制度清单</p>", "中共某县水务局党组", "2022-08-05"),
    # Lines that are not right-aligned are the article's, however they look.
    ("<p>县水务局</p><p>2022年8月5日</p>", "<p>已完成</p>", None, None),
], ids=["align-br-attachment", "style-editor-links", "one-line-div", "three-aligned-lines", "not-aligned"])
def test_right_aligned_signature_of_a_saved_page(block, after, issuer, iso):
    from notice_parse.pipeline import parse_bytes
    from notice_parse.text.read import decode_input

    page = ('<html><body><div class="content"><h1>中共某县水务局党组关于巡察整改进展情况的通报</h1>'
            + _PAGE_BODY + block + after + "</div></body></html>")
    n = parse_bytes(page.encode("utf-8"), path="notice.html")
    assert n.issuer == issuer
    assert (n.issued_on.earliest.isoformat() if n.issued_on else None) == iso
    if issuer:
        text = decode_input(page.encode("utf-8"), "notice.html").text
        assert clean_value(text[slice(*n.spans["issuer"])]) == issuer


def test_a_right_aligned_date_under_the_title_is_no_signature():
    from notice_parse.pipeline import parse_bytes

    page = ('<html><body><div class="content"><h1>县委第二巡察组向县交通局党组反馈巡察情况</h1>'
            '<p align="right">2022年8月5日</p><p>近日,县委第二巡察组向县交通局党组反馈巡察情况。反馈指出,还存在一些问题。</p>'
            "<p>附件:巡察工作安排</p></div></body></html>")
    n = parse_bytes(page.encode("utf-8"), path="notice.html")
    assert n.issuer is None and n.issued_on is None
