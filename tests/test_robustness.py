"""Robustness: arbitrary and hostile input never crashes the parser nor loses a batch.

Two halves:

* Hypothesis feeds `parse_text` arbitrary text, notice-like fragment soup and mutated real
  samples. It must never raise; every span anywhere in the output must be a valid slice of the
  input, and where an object has both a value and a span, the slice (folded, white space
  removed: `normalize.clean_value`) must equal the value (SPEC "Conventions"); the output must
  validate against the published JSON Schema.
* A hostile corpus built in a temporary folder (empty, whitespace, PNG, NUL bytes, invalid
  UTF-8, 50 MB, a 5 MB line, 200,000 lines, 100,000 × `一是`, 10,000 nested headings, unreadable
  files, symlink loops, a FIFO, pathological HTML) goes through ONE real CLI run, next to good
  samples. The run must end (a generous subprocess timeout detects hangs), every input must
  yield a notice or an error record, and the good samples' records must be exactly what they
  are when parsed alone.

Timings are not asserted (see bench/bench.py); the timeouts only catch hangs.
"""
from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_parse import json_schema, parse_bytes, parse_text
from notice_parse.text.normalize import clean_value, fold
from notice_parse.text.read import DEFAULT_MAX_BYTES, decode_input

ROOT = Path(__file__).resolve().parent.parent

# CI is deterministic (derandomize); HYPOTHESIS_PROFILE=deep explores much more, randomly.
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_SYNTHETIC = (
    "关于县委第三巡察组巡察反馈意见整改情况的通报\n"
    "根据县委统一部署,2023年3月15日至5月15日,县委第三巡察组对县某某局党组进行了常规巡察。"
    "2023年6月20日,巡察组向局党组反馈了巡察意见。\n"
    "巡察反馈的3个方面12个问题,已整改落实10个。制定整改措施36条,建章立制4项,批评教育3人次。\n"
    "二、巡察反馈问题整改落实情况\n(一)贯彻落实党的路线方针政策方面\n"
    "1.学习贯彻不深入。\n整改情况:一是制定学习计划;二是开展专题研讨。已整改完成并长期坚持。\n"
    "联系电话:0554-4022639;电子邮箱:SXJXC@163.com;邮政编码:232200。\n"
    "中共某某县某某局党组\n2023年8月31日\n"
)


def _samples() -> list[str]:
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted((ROOT / "samples").glob("*.txt"))]
    return texts or [_SYNTHETIC]


SAMPLES = _samples()

# ---------------------------------------------------------------------------------------------
# Output checks shared by both halves
# ---------------------------------------------------------------------------------------------

_VALIDATOR = None


def validate_schema(record: dict) -> None:
    global _VALIDATOR
    if _VALIDATOR is None:
        import jsonschema

        schema = json_schema()
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATOR = cls(schema)
    errors = sorted(_VALIDATOR.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, "schema: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _digits(s: str) -> str:
    return re.sub(r"\D", "", fold(s))


def _check_span(text: str, span, where: str) -> tuple[int, int]:
    assert isinstance(span, (list, tuple)) and len(span) == 2, f"{where}: span {span!r} is not a pair"
    s, e = span
    assert isinstance(s, int) and isinstance(e, int), f"{where}: span {span!r} not integers"
    assert 0 <= s <= e <= len(text), f"{where}: span {span!r} outside 0..{len(text)}"
    return s, e


def _check_valued(text: str, obj: dict, key: str, where: str) -> None:
    """An object with both a value (`text`/`value`) and a span: the slice, cleaned, equals it."""
    if obj.get("span") is None:
        return
    s, e = _check_span(text, obj["span"], where)
    got = clean_value(text[s:e])
    assert got == obj[key], f"{where}: text[{s}:{e}] cleans to {got!r}, value is {obj[key]!r}"


def check_spans(text: str, out: dict) -> None:
    """Every span in `out` indexes `text`; value/span pairs agree (SPEC "Conventions")."""
    # 1. Generic: any `span` anywhere (also in fields added later) is a valid slice.
    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if node.get("span") is not None:
                _check_span(text, node["span"], where)
            for k, v in node.items():
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(out, "$")
    # 2. Top-level scalars and their entry in `spans`.
    for key, span in (out.get("spans") or {}).items():
        s, e = _check_span(text, span, f"spans.{key}")
        if key in ("title", "issuer", "source_site") and out.get(key) is not None:
            got = clean_value(text[s:e])
            assert got == out[key], f"spans.{key}: text[{s}:{e}] cleans to {got!r}, {key} is {out[key]!r}"
    # 3. Dates and declared totals.
    insp = out.get("inspection") or {}
    window = insp.get("window") or {}
    dates = {"issued_on": out.get("issued_on"), "window.start": window.get("start"),
             "window.end": window.get("end"), "feedback": insp.get("feedback"),
             "petition_deadline": insp.get("petition_deadline")}
    for where, date in dates.items():
        if date:
            _check_valued(text, date, "text", where)
    for key, count in (out.get("summary") or {}).items():
        _check_valued(text, count, "text", f"summary.{key}")
    # 4. Contacts: phones are normalised (compare digits), e-mails lower-cased.
    for i, c in enumerate(out.get("contacts") or []):
        if c.get("span") is None:
            continue
        s, e = _check_span(text, c["span"], f"contacts[{i}]")
        raw = text[s:e]
        if c["kind"] in ("phone", "postcode"):
            assert _digits(raw) == _digits(c["value"]), f"contacts[{i}]: {raw!r} vs {c['value']!r}"
        elif c["kind"] in ("email", "website"):
            assert clean_value(raw).lower() == c["value"].lower(), f"contacts[{i}]: {raw!r} vs {c['value']!r}"
        else:
            assert clean_value(raw) == c["value"], f"contacts[{i}]: {raw!r} vs {c['value']!r}"
    # 5. Issue ids are unique and parents precede children.
    seen: set[str] = set()
    for i, issue in enumerate(out.get("issues") or []):
        assert issue["id"] not in seen, f"issues[{i}]: duplicate id {issue['id']}"
        if issue.get("parent") is not None:
            assert issue["parent"] in seen, f"issues[{i}]: parent {issue['parent']} does not precede it"
        seen.add(issue["id"])


def check_notice(text: str, out: dict) -> None:
    check_spans(text, out)
    validate_schema(out)
    assert out["source"]["chars"] == len(text)


# ---------------------------------------------------------------------------------------------
# Hypothesis: parse_text on arbitrary and notice-like text
# ---------------------------------------------------------------------------------------------

FRAGMENTS = [
    "一是", "二是", "三是", "第一,", "第二,", "①", "②", "一、", "二、", "(一)", "(二)", "(1)", "1.", "2、",
    "6.2018年度", "巡察", "巡视", "整改", "问题", "方面", "个", "条", "项", "人次", "万元",
    "2020年5月31日", "二〇二〇年五月三十一日", "2020年9月10日至12月10日", "2019年8月10日至23日",
    "11月中旬", "下旬", "月底", "2023-09-15", "2020-09-15 08:40", "今年", "去年",
    "联系电话:", "举报电话:", "0554-4022639", "(0554)4022639", "0554—4022639转8001", "13800000000",
    "电子邮箱:", "ABC@Example.COM", "邮政编码:", "232200", "邮政信箱:", "寿县国投大厦五楼", "http://www.example.gov.cn",
    "来源:", "寿州廉政网", "发布时间:", "制定措施44个", "共44项整改措施", "四方面", "19个主要问题",
    "已整改落实10个", "正在整改2个", "建章立制5个", "批评教育7人次", "清退违规款项1.2万元",
    "县委第五巡察组", "十五届县委第六轮巡察", "派出8个巡视组", "对寿县科技局进行了常规巡察",
    "反馈了巡察意见", "受理信访时间截止到2020年10月1日", "中共寿县科学技术局党组",
    "关于“", "”问题的整改", "针对巡察反馈“", "已整改完成", "正在整改", "持续推进", "长期坚持", "整改到位",
    "下一步打算", "领导小组", "“四风”问题依然存在。",
    "\n", "\r\n", "\n\n", "。", ",", ";", ":", "、", "“", "”", "(", ")", " ", "\u3000", "\t",
    "\ufffd", "\x00", "\ufeff", "\u200b", "\xa0", "\uff08", "\uff09", "\uff0c", "\uff1a", "\uff11",
]

notice_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=80).map("".join)


@st.composite
def mutated_sample(draw) -> str:
    """A real notice with a slice cut out and fragments (or arbitrary text) spliced in."""
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 3))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, min(len(text), a + 400)))
        text = text[:a] + draw(st.one_of(notice_soup, st.text(max_size=20))) + text[b:]
    return text


def _parse_and_check(text: str) -> None:
    out = parse_text(text).to_json_dict()
    check_notice(text, out)


@given(st.text())
def test_arbitrary_text(text):
    _parse_and_check(text)


@given(notice_soup)
def test_notice_like_soup(text):
    _parse_and_check(text)


@settings(max_examples=60)
@given(mutated_sample())
def test_mutated_samples(text):
    _parse_and_check(text)


@pytest.mark.parametrize("index", range(len(SAMPLES)))
def test_samples_spans_and_schema(index):
    # Every real sample, untouched, and with CRLF lines and full-width punctuation.
    text = SAMPLES[index]
    full = text.translate({ord(c): ord(c) + 0xFEE0 for c in ",:;()0123456789"})
    for variant in (text, text.replace("\n", "\r\n"), full):
        _parse_and_check(variant)


# ---------------------------------------------------------------------------------------------
# The hostile corpus: one real CLI run over all of it
# ---------------------------------------------------------------------------------------------

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CLI_TIMEOUT = 150  # seconds: far above the expected run; only a hang gets near it


def run_cli(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run the CLI in its own process group; on timeout kill the group (workers too) and fail."""
    proc = subprocess.Popen([sys.executable, "-m", "notice_parse", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"notice-parse {' '.join(args)[:200]} did not finish within {timeout} s (a hang); "
                    f"stderr: {err[-1500:].decode('utf-8', 'replace')}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _hostile_files(folder: Path) -> dict[str, dict]:
    """Write the hostile corpus; name → expectations ({"path", "expect", ...})."""
    sample = SAMPLES[0]
    sample_utf8 = sample.encode("utf-8")
    cases: dict[str, dict] = {}

    def put(name: str, data: bytes, expect: str, **extra) -> None:
        path = folder / name
        path.write_bytes(data)
        cases[name] = {"path": path, "expect": expect, **extra}

    # Good samples around everything else (sorted names: first and last).
    put("000_good.txt", sample_utf8, "good")
    put("zzz_good.txt", SAMPLES[-1].encode("gb18030"), "good")
    put("empty.txt", b"", "any")
    put("whitespace.txt", b" \t\r\n\n\xe3\x80\x80\n   \n", "any")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(4096), "error", error_re="PNG")
    # NUL bytes sprinkled through real text (not every other byte: that would be UTF-16).
    put("nul.txt", b"\x00".join(sample_utf8[i:i + 97] for i in range(0, len(sample_utf8), 97)), "notice")
    # Invalid UTF-8 inside a real notice: decoded with replacements and a `decode` warning.
    mid = len(sample_utf8) // 2
    mid -= next(k for k in range(4) if (sample_utf8[mid - k] & 0xC0) != 0x80)  # a character boundary
    put("invalid_utf8.txt", sample_utf8[:mid] + b"\xff\xfe\xc3(" + sample_utf8[mid:], "notice", warning="decode")
    # 50 MB: a real notice whose body runs on for 50 MB of prose (a runaway scrape); cut at the
    # default --max-bytes with a `truncated` warning. (Many whole notices in one file are a
    # separate case below: test_many_notices_in_one_file.)
    lines = sample.split("\n")
    prose = "\n".join(l for l in lines[1:] if len(l) > 40 and not re.match(r"\s*\(?[一二三四五六七八九十\d]", l))
    prose = (prose or "巡察整改工作持续推进,各项措施落实到位。") + "\n"
    reps = 50 * 1024 * 1024 // len(prose.encode("utf-8")) + 1
    put("huge_50mb.txt", (lines[0] + "\n" + prose * reps).encode("utf-8"), "notice", warning="truncated")
    # 5 MB on a single line (a body scraped without line breaks).
    line = sample.replace("\r", "").replace("\n", " ").encode("utf-8")
    put("single_line_5mb.txt", line * (5 * 1024 * 1024 // len(line) + 1), "notice")
    # 200,000 short lines of notice-like content.
    cycle = ["巡察整改工作持续推进,各项措施落实到位。"] * 7 + [
        "", "1.学习贯彻不深入。", "整改情况:一是制定计划;二是开展研讨。联系电话:0554-4022639。"]
    put("lines_200k.txt", "\n".join(cycle[i % len(cycle)] for i in range(200_000)).encode("utf-8"), "notice")
    # 100,000 × 一是 as the measures of one issue.
    yishi = "二、巡察反馈问题整改落实情况\n(一)党的建设方面\n1.学习不深入。\n整改情况:" + "一是" * 100_000 + "\n"
    put("yishi_100k.txt", (sample.split("\n")[0] + "\n" + yishi).encode("utf-8"), "notice")
    # 10,000 nested headings: every numbering scheme, nested five deep, 2,000 times over.
    cn = "一二三四五六七八九十"
    heads = []
    for i in range(2_000):
        heads += [f"{cn[i % 10]}、方面{i}", f"({cn[i % 10]})问题{i}", f"{i % 999 + 1}.事项{i}",
                  f"({i % 999 + 1})措施{i}", f"{chr(0x2460 + i % 20)}要求{i}。"]
    put("headings_10k.txt", "\n".join(heads).encode("utf-8"), "notice")
    # Pathological saved pages: deep nesting with unmatched closers; many nested content boxes.
    put("deep_nesting.html", (b"<html><body>" + b"<div>" * 50_000 + sample_utf8[:3000] + b"</span>" * 50_000
                              + b"</body></html>"), "notice")
    put("content_boxes.html", (b"<html><body>" + b'<div class="content"><p>' * 5_000 + sample_utf8
                               + b"</p></div>" * 5_000 + b"</body></html>"), "notice")
    put("unclosed_comment.html", b"<html><body><p>" + sample_utf8[:2000] + b"<!-- " + b"x" * 1_000_000, "any")
    # Not readable: chmod 000 blocks reads unless we are root (who reads it: any record will do).
    put("unreadable.txt", sample_utf8, "error" if not IS_ROOT else "any", error_re="ermission")
    os.chmod(folder / "unreadable.txt", 0)
    # Unreadable even for root: a regular file whose read fails (EIO at offset 0 of /proc/self/mem).
    if os.path.exists("/proc/self/mem"):
        os.symlink("/proc/self/mem", folder / "eio.txt")
        cases["eio.txt"] = {"path": folder / "eio.txt", "expect": "error", "error_re": "rror"}
    # Links: dangling, a loop of file links, and a folder link back up (a loop a walk must not follow).
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    cases["dangling.txt"] = {"path": folder / "dangling.txt", "expect": "error"}
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    cases["loop_a.txt"] = {"path": folder / "loop_a.txt", "expect": "error"}
    cases["loop_b.txt"] = {"path": folder / "loop_b.txt", "expect": "error"}
    (folder / "sub").mkdir()
    os.symlink(folder, folder / "sub" / "up")
    # A folder named like a notice: walked into (named explicitly too), never read as a file.
    (folder / "folder.txt").mkdir()
    # Named explicitly, an empty folder is an error record (NoInputs): every named input is accounted for.
    cases["folder.txt"] = {"path": folder / "folder.txt", "expect": "error", "explicit": True,
                           "error_re": "no file matching"}
    # A FIFO: skipped by the folder walk; named explicitly it must not block the run.
    os.mkfifo(folder / "fifo.txt")
    cases["fifo.txt"] = {"path": folder / "fifo.txt", "expect": "error", "explicit": True}
    return cases


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = _hostile_files(folder)
    explicit = [str(c["path"]) for c in cases.values() if c.get("explicit")]
    proc = run_cli(["parse", str(folder), *explicit, "--jobs", "2"], CLI_TIMEOUT)
    records: dict[str, list[dict]] = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        rec = json.loads(line)
        records.setdefault(os.path.basename(rec["source"]["path"]), []).append(rec)
    return {"cases": cases, "records": records, "proc": proc, "folder": folder}


def test_hostile_run_completes_and_reports(hostile_run):
    proc = hostile_run["proc"]
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert proc.returncode == 1, stderr[-2000:]  # some inputs fail, by design
    m = re.search(r"(\d+) parsed, (\d+) failed", stderr)
    assert m, stderr[-2000:]
    total = sum(len(v) for v in hostile_run["records"].values())
    assert int(m.group(1)) + int(m.group(2)) == total


def test_hostile_walk_skips_fifo_and_follows_no_folder_link(hostile_run):
    records = hostile_run["records"]
    # The FIFO appears once (the explicit mention), the folder link `sub/up` is not walked
    # (every file once), and the directory folder.txt is never read as a walked file.
    for name, recs in records.items():
        assert len(recs) == 1, f"{name}: {len(recs)} records"
    expected = {n for n, c in hostile_run["cases"].items() if c["expect"] != "none"}
    assert set(records) == expected, set(records) ^ expected


def _case_ids() -> list[str]:
    # The names _hostile_files creates (kept in step by test_hostile_walk_..., which compares sets).
    return ["000_good.txt", "zzz_good.txt", "empty.txt", "whitespace.txt", "image.txt", "nul.txt",
            "invalid_utf8.txt", "huge_50mb.txt", "single_line_5mb.txt", "lines_200k.txt", "yishi_100k.txt",
            "headings_10k.txt", "deep_nesting.html", "content_boxes.html", "unclosed_comment.html",
            "unreadable.txt", "dangling.txt", "loop_a.txt", "loop_b.txt", "fifo.txt"] + \
        (["eio.txt"] if os.path.exists("/proc/self/mem") else [])


@pytest.mark.parametrize("name", _case_ids())
def test_hostile_case(hostile_run, name):
    case = hostile_run["cases"][name]
    (rec,) = hostile_run["records"][name]
    if case["expect"] == "error":
        assert "error" in rec, f"{name}: expected an error record, got a notice"
    elif case["expect"] in ("notice", "good"):
        assert "error" not in rec, f"{name}: {rec.get('error')}"
    if "error" in rec:
        assert set(rec) == {"source", "error"} and rec["error"]["type"] and rec["error"]["message"]
        if case.get("error_re"):
            assert re.search(case["error_re"], rec["error"]["message"]), rec["error"]
        return
    # A notice: its spans index the text the CLI decoded (re-decoded here the same way).
    data = case["path"].read_bytes()
    text = decode_input(data, str(case["path"]), max_bytes=DEFAULT_MAX_BYTES).text
    check_notice(text, rec)
    codes = {w["code"] for w in rec["warnings"]}
    if case.get("warning"):
        assert case["warning"] in codes, f"{name}: warnings {sorted(codes)}"
    if name == "huge_50mb.txt":
        assert rec["source"]["chars"] <= DEFAULT_MAX_BYTES
    if case["expect"] == "good":
        # Intact: exactly the record the file gets when parsed on its own.
        alone = parse_bytes(data, path=str(case["path"])).to_json_dict()
        assert rec == alone


def test_fifo_named_alone_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(SAMPLES[0], encoding="utf-8")
    proc = run_cli(["parse", str(fifo), str(good)], 60)
    recs = [json.loads(l) for l in proc.stdout.decode().splitlines()]
    assert [("error" in r) for r in recs] == [True, False]
    assert proc.returncode == 1


@pytest.mark.skipif(IS_ROOT, reason="root reads chmod-000 files; the dangling link and loop cases cover unreadable paths")
def test_unreadable_file_is_an_error_record(tmp_path):
    bad = tmp_path / "secret.txt"
    bad.write_text(SAMPLES[0], encoding="utf-8")
    bad.chmod(0)
    proc = run_cli(["parse", str(tmp_path)], 60)
    (rec,) = [json.loads(l) for l in proc.stdout.decode().splitlines()]
    assert rec["error"]["type"] == "PermissionError"


def test_read_path_never_reads_more_than_the_limit(tmp_path):
    # The cut happens while reading: a 50 MB file costs max_bytes + 1 bytes of memory, not 50 MB.
    from notice_parse.text.read import read_path

    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    assert len(read_path(str(big), max_bytes=1000)) == 1001
    assert stat.S_ISREG(os.stat(big).st_mode)


def test_many_notices_in_one_file(tmp_path):
    # A scrape that saved many notices into one file: work must stay about linear in its size.
    # (issue_sections once re-ran excluded_spans() over all headings per problem part, O(parts ×
    # headings): this input took ~20 s and a 20 MB one would hang.)
    f = tmp_path / "many.txt"
    f.write_text("\n".join([SAMPLES[0]] * 120), encoding="utf-8")
    proc = run_cli(["parse", str(f)], 10)  # linear time is well under 1 s; 10 s only catches a blow-up
    assert proc.returncode == 0


def test_span_checker_catches_bad_spans():
    # The checker itself must be able to fail: shift a real span, break a value, overrun the text.
    text = SAMPLES[0]
    out = parse_text(text).to_json_dict()
    check_notice(text, out)
    bad = json.loads(json.dumps(out))
    bad["spans"]["oops"] = [5, len(text) + 1]
    with pytest.raises(AssertionError, match="outside"):
        check_spans(text, bad)
    valued = [c for c in out["summary"].values() if c.get("span")] + \
        [d for d in (out.get("issued_on"),) if d and d.get("span")]
    if valued:
        valued[0]["span"] = [valued[0]["span"][0] + 1, valued[0]["span"][1]]
        with pytest.raises(AssertionError, match="cleans to"):
            check_spans(text, out)


# Lines are stored as offset arrays (document.Lines): a flood of blank lines stays small.
_HWM_MAIN = (
    "import atexit, sys\n"
    "from notice_parse.app.cli import main\n"
    # VmHWM belongs to the process image after exec; ru_maxrss would carry over the RSS of the
    # (large) pytest process the child was forked from.
    "atexit.register(lambda: sys.stderr.write('\\n' + [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]))\n"
    "main()\n"
)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads VmHWM from /proc")
def test_blank_line_flood_stays_within_memory(tmp_path):
    f = tmp_path / "blank.txt"
    f.write_bytes("关于巡察整改情况的通报\n".encode("utf-8") + b"\n" * 2_000_000 + "中共某局党组\n".encode("utf-8"))
    proc = subprocess.Popen([sys.executable, "-c", _HWM_MAIN, "parse", str(f)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("a flood of blank lines hung the parser")
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-2000:]
    peak_mb = int(re.search(r"VmHWM:\s+(\d+) kB", err).group(1)) / 1024
    assert peak_mb <= 250, f"peak RSS {peak_mb:.0f} MB for a 2 MB input"
