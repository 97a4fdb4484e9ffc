"""Issue keywords: domain terms whole, boilerplate dropped, deterministic, and jieba only on demand."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from notice_parse.keywords.extract import MAX_KEYWORDS, add_keywords, keywords_for, read_word_list
from notice_parse.models import Issue
from notice_parse.rules.patterns import patterns_dir

NOTICE = textwrap.dedent("""\
    中共某某县某某局党组关于县委巡察整改进展情况的通报
    2024年3月1日至4月30日，县委第一巡察组对某某局党组进行了常规巡察，2024年6月5日反馈了巡察意见。
    一、聚焦全面从严治党方面
    1.“四风”问题依然存在。
    整改情况：一是严格落实中央八项规定精神。二是规范公务接待。已整改完成。
    中共某某县某某局党组
    2024年9月10日
    """)


def test_domain_terms_are_kept_whole_and_boilerplate_dropped():
    kws = keywords_for("落实“三重一大”决策制度不严格，财务管理不规范",
                       ["一是进一步修订完善财务管理制度。", "二是严格执行三重一大集体决策制度，开展整改工作。"])
    assert "三重一大" in kws and "财务管理" in kws
    assert not {"问题", "整改", "工作", "开展", "进一步"} & set(kws)
    for term in ("意识形态", "主体责任", "民主集中制", "脱贫攻坚", "八项规定", "党建", "四风"):
        assert term in keywords_for(f"{term}方面存在问题，整改工作开展不够"), term


def test_at_most_five_best_first_and_deterministic():
    title = "意识形态工作责任制落实不到位，党建与业务融合不够，四风问题反弹，财务管理混乱，公务接待超标，公车管理不规范"
    first = keywords_for(title)
    assert len(first) == MAX_KEYWORDS
    assert first == keywords_for(title)
    assert keywords_for("") == [] and keywords_for("问题整改工作") == []


def test_no_numbers_punctuation_or_single_characters():
    kws = keywords_for("2024年发现问题12个，“四风”问题3个。", ["①召开会议2次。"])
    assert kws and all(len(k) >= 2 and not any(c.isdigit() for c in k) for k in kws)


def test_add_keywords_sets_each_issue():
    issues = [Issue(id="1", title="“四风”问题依然存在", measures=["严格落实中央八项规定精神"]),
              Issue(id="2", title="问题", measures=[])]
    add_keywords(issues)
    assert issues[0].keywords[0] == "四风"
    assert issues[1].keywords == []


def test_word_lists_are_sane():
    domain = {w for w, _ in read_word_list((patterns_dir() / "keywords_dict.txt").read_text(encoding="utf-8"))}
    stop = {w for w, _ in read_word_list((patterns_dir() / "keywords_stop.txt").read_text(encoding="utf-8"))}
    assert {"党建", "意识形态", "财务管理", "四风", "三重一大", "主体责任", "民主集中制", "脱贫攻坚", "八项规定"} <= domain
    assert {"问题", "整改", "工作", "开展", "进一步"} <= stop
    assert not domain & stop


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "n.txt").write_text(NOTICE, encoding="utf-8")
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("call", [
    "import notice_parse; notice_parse.parse_text(open('n.txt', encoding='utf-8').read())",
    "from notice_parse.app.cli import main; sys.argv = ['notice-parse', 'parse', 'n.txt']\n"
    "try:\n    main()\nexcept SystemExit:\n    pass",
    "from notice_parse.app.cli import main; sys.argv = ['notice-parse', 'parse', 'n.txt', '--format', 'csv', '--out', 'o']\n"
    "try:\n    main()\nexcept SystemExit:\n    pass",
    "from notice_parse.app.cli import main; sys.argv = ['notice-parse', 'stats', 'n.txt', '--json']\n"
    "try:\n    main()\nexcept SystemExit:\n    pass",
    "from notice_parse.app.cli import main; sys.argv = ['notice-parse', 'show', 'n.txt']\n"
    "try:\n    main()\nexcept SystemExit:\n    pass",
])
def test_parsing_without_keywords_never_imports_jieba(call, tmp_path):
    r = _run(f"import sys\n{call}\nassert 'jieba' not in sys.modules, 'jieba imported'\nprint('ok')", tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("ok")


def test_cli_import_is_light(tmp_path):
    r = _run("import sys, notice_parse.app.cli\nprint(sorted(m for m in ('jieba', 'rich', 'pydantic') if m in sys.modules))",
             tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_keywords_flag_adds_keywords_quietly(tmp_path):
    r = _run("import sys, notice_parse\n"
             "n = notice_parse.parse_text(open('n.txt', encoding='utf-8').read(), keywords=True)\n"
             "assert all(isinstance(i.keywords, list) and len(i.keywords) <= 5 for i in n.issues)\n"
             "assert all('keywords' in i for i in n.to_json_dict()['issues'])\n"
             "from notice_parse.keywords.extract import keywords_for\n"
             "print(keywords_for('“四风”问题依然存在'))", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "四风" in r.stdout
    assert "Building prefix dict" not in r.stderr and "Loading model" not in r.stderr
