"""`meta._source_site` searches only lines holding 源, and `furniture.end_lines`/`published`
match their labels in place (no line objects): exactly what the plain versions (kept here as the
reference) give, on every text the project has, its saved-page furniture included."""
from __future__ import annotations


from notice_parse.meta import extract as M
from notice_parse.prepare import prepare
from notice_parse.text import furniture as F
from notice_parse.text.normalize import clean_value

import every_text


def _end_lines_plain(doc) -> list[int]:
    seg = doc.segments
    tail = [i for i in seg.body[-3:] if len(doc.lines[i].text) <= 80 and F._END_LABEL.match(doc.lines[i].text)]
    return tail + list(seg.footer[:8])


def _published_plain(doc):
    found = F.published_in(doc, doc.segments.chrome_top)
    if found[0] is None:
        labelled = [i for i in _end_lines_plain(doc) if F._PUBLISHED_LABEL.search(doc.lines[i].text)]
        found = F.published_in(doc, labelled)
    return found


def _source_site_plain(doc):
    for i in list(doc.segments.chrome_top) + _end_lines_plain(doc):
        line = doc.lines[i]
        m = M._SOURCE.search(doc.text, line.start, line.end)
        if m:
            start, end = m.span("v")
            raw = doc.text[start:end].rstrip()
            if raw and raw[-1] in ")）" and raw.count(raw[-1]) > raw.count("(" if raw[-1] == ")" else "（"):
                end = start + len(raw) - 1
            value = clean_value(doc.text[start:end])
            if value:
                return value, (start, end)
    return None, None


def test_furniture_in_place_is_the_plain_reading_on_every_text():
    sources = labels = 0
    extra = ["正文。\n(来源:某县融媒体中心)\n发布时间:2024-03-08", "正文。\n  【信息来源:县纪委监委】 ", "正文\n来源于群众反映\n"]
    for raw in [raw for _, raw in every_text.raw()] + extra:
        doc = prepare(raw)
        assert F.end_lines(doc) == _end_lines_plain(doc)
        assert F.published(doc) == _published_plain(doc)
        assert M._source_site(doc) == _source_site_plain(doc)
        sources += M._source_site(doc)[0] is not None
        labels += bool(F.end_lines(doc))
    assert sources > 5 and labels > 5  # the comparison is not vacuous


def test_labels_closing_the_body_are_read_in_place():
    """A page whose last body lines are labels (`(来源:…)`, `发布时间:…`): as the plain reading."""
    found = 0
    for raw in ["县委巡察组进驻县教育局。\n巡察组将于近日开展工作。\n(来源:某县融媒体中心)\n发布时间:2024-03-08 09:15",
                "正文第一段。\n第二段。\n  【信息来源:县纪委监委】 \n更新日期:2023年5月6日", "正文。\n来源于群众反映\n发表时间 : 2022/1/2"]:
        doc = prepare(raw)
        doc.segments.body, doc.segments.footer = doc.segments.body + doc.segments.footer, []
        doc.segments.chrome_top = []
        assert F.end_lines(doc) == _end_lines_plain(doc)
        assert F.published(doc) == _published_plain(doc)
        assert M._source_site(doc) == _source_site_plain(doc)
        found += len(F.end_lines(doc)) + (F.published(doc)[0] is not None)
    assert found >= 5
