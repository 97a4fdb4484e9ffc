"""Traditional script and pinyin glosses: rules read a folded view, values come back as written."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parse.document import prepare
from notice_parse.normalize import clean_value, fold, fold_script, script_chars, script_table, written
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
        ("根據(jù)縣委統一部署", "根据" + " " * 4 + "县委统一部署"),
        ("審計(jì)署", "审计" + " " * 4 + "署"),
        ("有關事項(shìxiàng)通報", "有关事项" + " " * 10 + "通报"),
        ("聯繫（lián xì）電話", "联系" + " " * 9 + "电话"),
        ("（一）加強領導", "(一)加强领导"),  # a heading number
        ("巡察辦(xcb)", "巡察办(xcb)"),  # no tone mark: not pinyin
        ("關於印發《辦法(試行)》", "关于印发《办法(试行)》"),
        ("2024(ǎ)", "2024(ǎ)"),  # not after a Han character
    ],
)
def test_pinyin_glosses_are_blanked_in_the_rules_view(text, rules_see):
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
