"""Readers: every encoding sites use gives the same notice; saved pages give the notice's text."""
from __future__ import annotations

import codecs

import pytest

from conftest import sample_paths
from notice_parse import parse_bytes, parse_file
from notice_parse.text.html import html_to_text
from notice_parse.text.read import BinaryInput, decode_bytes, decode_input

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk", errors="strict"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
}


def _facts(notice) -> dict:
    d = notice.to_json_dict()
    d.pop("source")
    return d


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("sample", sample_paths(), ids=lambda p: p.stem)
def test_every_encoding_gives_identical_results(sample, encoding, tmp_path):
    text = sample.read_text(encoding="utf-8")
    try:
        data = ENCODINGS[encoding](text)
    except UnicodeEncodeError:
        pytest.skip(f"{sample.name} has characters outside {encoding}")
    path = tmp_path / sample.name
    path.write_bytes(data)
    reference = parse_bytes(text.encode("utf-8"), path=str(path))
    got = parse_file(str(path))
    if encoding == "crlf":
        # Offsets shift by one per line break; everything else must be identical.
        assert got.title == reference.title and got.issuer == reference.issuer
        assert [i.title for i in got.issues] == [i.title for i in reference.issues]
        assert [c.value for c in got.contacts] == [c.value for c in reference.contacts]
        assert got.inspection.model_dump(exclude={"window", "feedback", "petition_deadline"}) == \
            reference.inspection.model_dump(exclude={"window", "feedback", "petition_deadline"})
    else:
        assert _facts(got) == _facts(reference)
    assert not [w for w in got.warnings if w.code == "decode"]


def test_detected_encoding_is_reported():
    assert decode_bytes("巡察整改".encode("gb18030"))[1] == "gb18030"
    assert decode_bytes("巡察整改".encode("utf-8"))[1] == "utf-8"
    assert decode_bytes(codecs.BOM_UTF8 + "巡察".encode())[1] == "utf-8-sig"
    assert decode_bytes(codecs.BOM_UTF16_LE + "巡察".encode("utf-16-le"))[1] == "utf-16"


def test_utf16_without_bom_is_detected():
    text = "Contact: 0554-4022639\n" * 20
    assert decode_bytes(text.encode("utf-16-le"))[:2] == (text, "utf-16-le")


def test_undecodable_bytes_are_replaced_and_warned():
    data = "县委第五巡察组".encode("utf-8") + b"\xff\xfe\xfa" + "反馈了巡察意见".encode("utf-8")
    notice = parse_bytes(data, path="x.txt")
    codes = [w.code for w in notice.warnings]
    assert "decode" in codes
    assert notice.source.chars > 0


def test_binary_input_is_refused():
    with pytest.raises(BinaryInput, match="PNG"):
        decode_input(b"\x89PNG\r\n\x1a\n" + bytes(100), "a.txt")


def test_truncation_warns_and_keeps_whole_characters():
    text = "巡察整改情况" * 1000
    notice = parse_bytes(text.encode("utf-8"), path="big.txt", max_bytes=1000)
    assert [w.code for w in notice.warnings][:1] == ["truncated"]
    assert notice.source.chars == 333  # 1000 bytes / 3 bytes per character, no half character


PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>网站 - 巡察公告</title>
<style>p{color:red}</style><script>var a = "<p>不是正文</p>";</script></head>
<body><div class="nav"><a href="/">首页</a> | <a>巡察工作</a></div>
<div class="breadcrumb">当前位置: 首页 &gt;&gt; 巡察工作</div>
<div class="article"><h1>中共某县科技局党组关于巡察整改情况的通报</h1>
<div class="info">时间:2020-09-15 08:40&nbsp;&nbsp;&nbsp;来源:某县廉政网</div>
<p>根据县委统一部署,2019年9月18日至11月18日,县委第五巡察组对县科技局进行了巡察。</p>
<p>联系电话:0554-4022639<br>邮政编码:232200</p>
<p>中共某县科技局党组</p><p>2020年5月31日</p></div>
<div id="footer">版权所有 &copy; 某县纪委 皖ICP备12345678号</div>
<script>document.write("x")</script></body></html>"""


def test_html_page_text_drops_chrome_and_keeps_blocks():
    text = html_to_text(PAGE)
    assert "不是正文" not in text and "color" not in text and "版权所有" not in text and "首页" not in text
    lines = [l for l in text.splitlines() if l.strip()]
    assert lines[0] == "中共某县科技局党组关于巡察整改情况的通报"
    assert "联系电话:0554-4022639" in lines and "邮政编码:232200" in lines
    assert "&nbsp;" not in text and "&gt;" not in text


def test_html_page_parses_like_a_notice(tmp_path):
    page = tmp_path / "notice.html"
    page.write_bytes(PAGE.encode("gbk"))
    notice = parse_file(str(page))
    assert notice.source.encoding == "gb18030"  # GBK declared, decoded as its superset
    assert notice.title == "中共某县科技局党组关于巡察整改情况的通报"
    assert notice.issuer == "中共某县科技局党组"
    assert notice.issued_on.earliest.isoformat() == "2020-05-31"
    assert notice.published_at == "2020-09-15T08:40"
    assert notice.source_site == "某县廉政网"
    assert notice.kind == "rectification"


def test_html_content_without_extension_is_detected(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text(PAGE.replace('charset="gbk"', 'charset="utf-8"'), encoding="utf-8")
    assert parse_file(str(page)).title == "中共某县科技局党组关于巡察整改情况的通报"


TITLE_OUTSIDE_BOX = """<html><head><meta name="ArticleTitle" content="中共某县财政局党组关于巡察整改情况的通报">
<title>中共某县财政局党组关于巡察整改情况的通报_某县人民政府</title></head><body>
<div class="location">您现在的位置:首页 &gt; 通知公告</div>
<div class="article-title">中共某县财政局党组关于巡察整改情况的通报</div>
<div class="article-info"><span>发布时间:2022-11-03 16:20</span><span>来源:县财政局</span><span>浏览次数:12</span></div>
<div id="zoom"><p>根据县委统一部署,2022年4月6日至5月20日,县委第四巡察组对县财政局党组进行了巡察。现将巡察整改情况予以公布。</p>
<p>(一)预算管理不规范。</p><p>整改情况:修订预算管理办法。</p></div>
<div class="share">分享到:微信</div></body></html>"""


def test_a_title_element_before_the_content_box_is_kept_with_the_publishing_line():
    notice = parse_bytes(TITLE_OUTSIDE_BOX.encode("utf-8"), path="p.html")
    assert notice.title == "中共某县财政局党组关于巡察整改情况的通报"
    assert notice.published_at == "2022-11-03T16:20"
    assert notice.source_site == "县财政局"  # the glued `浏览次数:` is the next label


def test_without_a_title_element_the_page_title_is_used():
    page = TITLE_OUTSIDE_BOX.replace('<div class="article-title">中共某县财政局党组关于巡察整改情况的通报</div>', "")
    assert html_to_text(page).splitlines()[0] == "中共某县财政局党组关于巡察整改情况的通报"  # ArticleTitle
    no_meta = page.replace('<meta name="ArticleTitle" content="中共某县财政局党组关于巡察整改情况的通报">', "")
    assert html_to_text(no_meta).splitlines()[0] == "中共某县财政局党组关于巡察整改情况的通报"  # <title>, site cut


# ---------------------------------------------------------------------------------------------
# Encodings without a mark, and what is not text (issue 13 item 5)
# ---------------------------------------------------------------------------------------------

TRADITIONAL = ("中共某縣財政局黨組關於縣委巡察整改進展情況的通報\n"
               "根據縣委統一部署，縣委第三巡察組於2021年3月至5月對縣財政局黨組進行了常規巡察。\n"
               "一、關於落實主體責任不到位的問題\n整改情況：已完成，制定制度3項。\n"
               "聯系電話：0571-5550123\n中共某縣財政局黨組\n2021年9月1日\n")
SIMPLIFIED = ("中共某县教育局党组关于巡察整改进展情况的通报\n根据县委统一部署，县委第二巡察组对县教育局党组进行了巡察。\n"
              "一、关于学习贯彻不深入的问题\n整改情况：已完成。\n中共某县教育局党组\n2022年4月8日\n")


@pytest.mark.parametrize("text,encoding", [
    (TRADITIONAL, "big5"),               # used to come out as GB18030 garbage without a warning
    (TRADITIONAL * 400, "big5"),         # past the 64 KB sample
    (SIMPLIFIED, "utf-16-le"),           # no mark, few NULs: used to be GB18030 with 100+ replacements
    (SIMPLIFIED, "utf-16-be"),
    (SIMPLIFIED, "gb18030"),
    (TRADITIONAL, "gb18030"),            # traditional characters in GB18030 stay GB18030
])
def test_text_without_a_mark_is_decoded_by_how_it_reads(text, encoding):
    got, enc, replaced = decode_bytes(text.encode(encoding))
    assert (got, enc, replaced) == (text, encoding, 0)


def test_a_big5_notice_parses_like_its_utf8_twin(tmp_path):
    (tmp_path / "b.txt").write_bytes(TRADITIONAL.encode("big5"))
    got = parse_file(str(tmp_path / "b.txt"))
    assert got.source.encoding == "big5" and not got.warnings or all(w.code != "decode" for w in got.warnings)
    assert _facts(got) == _facts(parse_bytes(TRADITIONAL.encode("utf-8"), path=str(tmp_path / "b.txt")))


@pytest.mark.parametrize("make,kind", [
    (lambda b: __import__("gzip").compress(b), "gzip"),
    (lambda b: __import__("bz2").compress(b), "bzip2"),
    (lambda b: __import__("lzma").compress(b), "xz"),
    (lambda b: b"%PDF-1.4\n" + b, "PDF"),
])
def test_compressed_and_binary_formats_are_refused_by_signature(make, kind):
    with pytest.raises(BinaryInput, match=kind):
        decode_input(make(SIMPLIFIED.encode("utf-8")), "a.txt")


def test_random_bytes_are_not_a_notice():
    import random

    data = random.Random(13).randbytes(5000)
    with pytest.raises(BinaryInput, match="undecodable"):
        decode_input(data, "a.txt")


def test_a_few_bad_bytes_are_replaced_not_refused():
    data = SIMPLIFIED.encode("gb18030") + b"\xff\xff" + SIMPLIFIED.encode("gb18030")
    notice = parse_bytes(data, path="x.txt")
    assert "decode" in [w.code for w in notice.warnings] and notice.source.chars > 100
