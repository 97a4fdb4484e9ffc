#!/usr/bin/env python3
"""Benchmark notice-parse on a generated corpus and print a markdown results table.

    python bench/bench.py                 # full run: 10,000 notices (~120 MB), ~5-10 minutes
    python bench/bench.py --notices 1000  # quick run

The corpus is built in a temporary folder from `samples/*.txt` (or `--samples DIR`; a small
synthetic notice when there are none), each notice varied: full-/half-width punctuation,
shuffled sections, CRLF lines, encodings (UTF-8, UTF-8 with BOM, GB18030, UTF-16 with BOM) and
saved-web-page wrapping. It is written as four equal sub-folders so that the CLI can be run
over a quarter of it and over all of it: peak RSS must not grow with the corpus (results are
streamed, never all held).

Measured, in one run:
  * in-process `parse_text` throughput on one core (characters/s and notices/s);
  * `notice-parse parse DIR --out OUT --jobs 1` and `--jobs 2` (notices/s, speed-up);
  * peak RSS of those CLI runs (largest single process, from wait4's rusage) at 1/4 and 4/4
    of the corpus;
  * `notice-parse --help` and one-file `notice-parse parse FILE` wall times (median of runs).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TARGETS = {
    "chars_per_s": 3_000_000,
    "cli_notices_per_s": 250,
    "speedup": 1.7,
    "rss_mb": 250,
    "rss_growth": 1.10,  # peak at the full corpus ≤ 110 % of the peak at a quarter: "flat"
    "help_s": 0.15,  # start-up targets of issue 14 (were 0.3 and 0.5)
    "one_file_s": 0.25,
}

# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------

_SYNTHETIC = """关于县委第三巡察组巡察反馈意见整改情况的通报
根据县委统一部署,2023年3月15日至5月15日,县委第三巡察组对县某某局党组进行了常规巡察。2023年6月20日,巡察组向局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求,现将巡察整改情况予以公布。
巡察反馈的3个方面12个问题,已整改落实10个,正在整改2个。制定整改措施36条,建章立制4项,批评教育3人次,清退违规款项1.2万元。
一、落实巡察整改责任情况
(一)加强组织领导。局党组召开专题会议,成立整改工作领导小组。
二、巡察反馈问题整改落实情况
(一)贯彻落实党的路线方针政策方面
1.学习贯彻习近平新时代中国特色社会主义思想不深入。
整改情况:一是制定学习计划;二是开展专题研讨;三是建立督查机制。已整改完成并长期坚持。
2.落实意识形态工作责任制不到位。
整改情况:一是召开专题会议;二是完善工作制度。正在整改。
(二)全面从严治党方面
1.“四风”问题依然存在。
整改情况:一是开展作风专项整治;二是清退违规发放津补贴1.2万元。已整改完成。
三、下一步工作打算
一是持续巩固整改成果;二是建立长效机制。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0554-4022639;邮政信箱:寿县某某局办公室;电子邮箱:sxjxc@163.com。
中共某某县某某局党组
2023年8月31日
"""

# Full-width ，：（）；！？ and digits ↔ ASCII (U+FF01..U+FF5E sit 0xFEE0 above ASCII).
_PUNCT = ",:();!?"
_TO_HALF = str.maketrans({chr(ord(c) + 0xFEE0): c for c in _PUNCT + "0123456789"})
_TO_FULL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in _PUNCT + "0123456789"})
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")

_HTML_HEAD = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title><style>body{{font-size:14px}} .nav a{{color:#333}}</style>
<script>var _hmt = _hmt || []; (function(){{ /* analytics */ }})();</script></head>
<body><div class="top-nav"><a href="/">首页</a> | <a href="/xxgk/">信息公开</a> | <a href="/xcgz/">巡察工作</a></div>
<div class="breadcrumb">当前位置:首页 &gt; 巡察工作 &gt; 整改公示</div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间:2023-09-01 10:{minute:02d}&nbsp;&nbsp;来源:{site}</div>
<div class="TRS_Editor">
"""
_HTML_TAIL = """</div></div>
<div class="share">分享到:<a href="#">微信</a><a href="#">微博</a></div>
<div id="footer">版权所有 © 某某县纪委监委 皖ICP备05001234号-1 地址:某某县人民路1号</div>
</body></html>
"""


def load_samples(folder: Path | None) -> list[str]:
    folders = [folder] if folder else [ROOT / "samples"]
    texts: list[str] = []
    for f in folders:
        for p in sorted(f.glob("*.txt")) if f and f.is_dir() else []:
            texts.append(p.read_text(encoding="utf-8-sig"))
    return texts or [_SYNTHETIC]


def shuffle_sections(text: str, rng: random.Random) -> str:
    """Permute the `一、…` sections, keeping the lead-in first and the signature last."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _SECTION.match(line)]
    if len(starts) < 2:
        return text
    # The signature: the trailing run of short lines (issuer, date, blank).
    tail = len(lines)
    while tail > starts[-1] + 1 and len(lines[tail - 1].strip()) <= 30:
        tail -= 1
    bounds = starts + [tail]
    sections = [lines[bounds[k]:bounds[k + 1]] for k in range(len(starts))]
    rng.shuffle(sections)
    return "\n".join(lines[:starts[0]] + [l for s in sections for l in s] + lines[tail:])


def vary_text(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        text = shuffle_sections(text, rng)
    # Sites mix both widths: fold one way or the other (samples may be either).
    r = rng.random()
    if r < 0.4:
        text = text.translate(_TO_FULL)
    elif r < 0.7:
        text = text.translate(_TO_HALF)
    return text


def to_html(text: str, rng: random.Random) -> str:
    import html as _html

    lines = [l for l in text.split("\n") if l.strip()]
    title = _html.escape(lines[0] if lines else "通报")
    body = "\n".join(f"<p style=\"text-indent:2em\">{_html.escape(l)}</p>" for l in lines[1:])
    return (_HTML_HEAD.format(charset="{charset}", title=title, minute=rng.randrange(60), site="某某县纪委监委网站")
            + body + "\n" + _HTML_TAIL)


# (share, suffix, encoding); HTML pages declare their charset.
_ENCODINGS = [
    (0.35, ".txt", "utf-8"),
    (0.15, ".txt", "utf-8-sig"),
    (0.25, ".txt", "gb18030"),
    (0.10, ".txt", "utf-16"),
    (0.10, ".html", "utf-8"),
    (0.05, ".html", "gb18030"),
]


@dataclass
class Corpus:
    root: Path
    parts: list[Path]
    files: int = 0
    bytes: int = 0
    chars: int = 0
    by_encoding: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # the first few plain texts, for in-process runs
    one_file: Path | None = None


def build_corpus(root: Path, n: int, samples: list[str], seed: int, keep_texts: int) -> Corpus:
    rng = random.Random(seed)
    parts = [root / f"part{k}" for k in range(4)]
    for p in parts:
        p.mkdir(parents=True)
    corpus = Corpus(root, parts)
    weights = [w for w, _, _ in _ENCODINGS]
    for i in range(n):
        text = vary_text(samples[i % len(samples)], rng)
        w, suffix, enc = rng.choices(_ENCODINGS, weights)[0]
        if suffix == ".html":
            charset = "gbk" if enc == "gb18030" else "utf-8"
            payload = to_html(text, rng).replace("{charset}", charset)
        else:
            payload = text.replace("\n", "\r\n") if rng.random() < 0.25 else text
        data = payload.encode(enc)
        path = parts[i * 4 // n] / f"n{i:05d}{suffix}"
        path.write_bytes(data)
        corpus.files += 1
        corpus.bytes += len(data)
        corpus.chars += len(text)
        key = f"{suffix[1:]}/{enc}"
        corpus.by_encoding[key] = corpus.by_encoding.get(key, 0) + 1
        if len(corpus.texts) < keep_texts:
            corpus.texts.append(text)
        if corpus.one_file is None and suffix == ".txt" and enc == "utf-8":
            corpus.one_file = path
    return corpus


# --------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------

def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "notice-parse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "notice_parse"]


@dataclass
class Run:
    seconds: float
    returncode: int
    peak_rss_mb: float  # largest single process of the run (parent or a worker)
    tree_rss_mb: float  # largest sum over the process tree seen while polling (shared pages counted twice)
    stderr: str
    cpu_seconds: float = 0.0  # user + system of the run and its reaped workers


def _tree_rss_kb(pid: int) -> int:
    """RSS of `pid` and its descendants (Linux /proc), 0 where unavailable."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            pass
    return total


def run_measured(cmd: list[str], *, stdout=subprocess.DEVNULL) -> Run:
    """Run `cmd`, timing it and recording its peak RSS (wait4 rusage + /proc polling)."""
    errf = tempfile.TemporaryFile()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=errf)
    peak_tree = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
            stop.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    # wait4 gives this child's rusage, whose ru_maxrss covers its waited-for descendants.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stop.set()
    poller.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    errf.seek(0)
    return Run(seconds, proc.returncode, usage.ru_maxrss / 1024, peak_tree / 1024,
               errf.read().decode("utf-8", "replace"), usage.ru_utime + usage.ru_stime)


def median_wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall and median CPU (user + system) seconds of `cmd`."""
    walls, cpus = [], []
    for _ in range(runs):
        r = run_measured(cmd)
        walls.append(r.seconds)
        cpus.append(r.cpu_seconds)
    return statistics.median(walls), statistics.median(cpus)


def in_process(texts: list[str], min_seconds: float) -> tuple[float, float, int, float]:
    """(chars/s, notices/s, notices parsed, CPU/wall ratio) of `parse_text` here, one core."""
    from notice_parse import parse_text

    for t in texts[:5]:  # warm up: rule files load and regexes compile on first use
        parse_text(t)
    n = chars = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    while True:
        for t in texts:
            parse_text(t)
            n += 1
            chars += len(t)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            # CPU/wall < 1 means other processes took this core part of the time.
            return chars / elapsed, n / elapsed, n, (time.process_time() - cpu_started) / elapsed


_LOOP = """
import json, sys, time
from notice_parse import parse_text
texts = json.load(open(sys.argv[1], encoding="utf-8"))
for t in texts[:5]:
    parse_text(t)
n, start = 0, time.perf_counter()
while time.perf_counter() - start < float(sys.argv[2]):
    for t in texts:
        parse_text(t)
        n += 1
print(n / (time.perf_counter() - start))
"""


def parallel_ceiling(texts: list[str], work: Path, seconds: float) -> tuple[float, float]:
    """(notices/s of one parsing process alone, speed-up of two independent ones at once).

    The best `--jobs 2` can do on this machine now: two processes that share nothing but the
    cores (and whatever else runs on them).
    """
    import json

    data = work / "texts.json"
    data.write_text(json.dumps(texts[:200], ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, "-c", _LOOP, str(data), str(seconds)]
    alone = float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    together = sum(float(p.communicate()[0]) for p in procs)
    return alone, together / alone


def count_outputs(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.json"))


def summary_line(stderr: str) -> str:
    lines = [l for l in stderr.splitlines() if l.startswith("notice-parse:")]
    return lines[-1] if lines else stderr.strip()[-200:]


# --------------------------------------------------------------------------------------------

def reference_seconds() -> float:
    """Seconds for a fixed pure-Python loop (best of 3): how fast this machine runs Python right
    now. On shared hosts it changes by tens of percent within minutes; compare runs by it."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        x = 0
        for i in range(2_000_000):
            x += i
        best = min(best, time.perf_counter() - t0)
    return best


def compile_project() -> bool:
    """Write the project's bytecode now when the environment stops Python from doing it."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return False
    import compileall

    return bool(compileall.compile_dir(str(ROOT / "src" / "notice_parse"), quiet=1))


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {platform.machine()}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notices", type=int, default=10_000, help="corpus size (default 10000)")
    ap.add_argument("--samples", type=Path, default=None, help="folder of *.txt notices to vary (default samples/)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--workdir", type=Path, default=None, help="build the corpus here (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and outputs")
    ap.add_argument("--inproc-seconds", type=float, default=20.0, help="minimum in-process timing (default 20)")
    ap.add_argument("--inproc-notices", type=int, default=1000, help="distinct texts for the in-process run")
    ap.add_argument("--runs", type=int, default=7, help="runs for the --help / one-file medians")
    ap.add_argument("--ceiling-seconds", type=float, default=10.0,
                    help="timing of the two-independent-processes ceiling (default 10)")
    args = ap.parse_args(argv)
    if args.notices < 4:
        ap.error("--notices must be at least 4")

    sys.path.insert(0, str(ROOT / "src"))  # harmless with the editable install; lets a bare clone run
    work = Path(tempfile.mkdtemp(prefix="notice-bench-", dir=args.workdir))
    log = lambda msg: print(f"[bench] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        samples = load_samples(args.samples)
        log(f"building {args.notices} notices from {len(samples)} sample(s) in {work}")
        t0 = time.perf_counter()
        corpus = build_corpus(work / "corpus", args.notices, samples, args.seed, args.inproc_notices)
        log(f"corpus: {corpus.files} files, {corpus.bytes / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s")

        load_start = os.getloadavg()[0]
        ref_start = reference_seconds()
        log("in-process parse_text")
        cps, nps, n_in, cpu_share = in_process(corpus.texts, args.inproc_seconds)

        cli = cli_command()
        # Bytecode for the project's modules, as any install has it (pip compiles it; Python
        # writes it on first import) unless PYTHONDONTWRITEBYTECODE is set, as in some sandboxes:
        # the CLI runs would otherwise compile every module from source at each start.
        compiled = compile_project()
        runs: dict[str, Run] = {}
        outputs: dict[str, int] = {}
        plan = [("quarter_j1", [corpus.parts[0]], 1), ("full_j1", [corpus.root], 1), ("full_j2", [corpus.root], 2)]
        for name, inputs, jobs in plan:
            out = work / f"out_{name}"
            log(f"CLI {name}")
            runs[name] = run_measured(cli + ["parse", *map(str, inputs), "--out", str(out), "--jobs", str(jobs)])
            outputs[name] = count_outputs(out)
            shutil.rmtree(out, ignore_errors=True)
        log("--help and one-file medians")
        help_s, help_cpu = median_wall(cli + ["--help"], args.runs)
        one_s, one_cpu = median_wall(cli + ["parse", str(corpus.one_file)], args.runs)
        log("parallel ceiling: two independent parsers at once")
        ceil_alone, ceiling = parallel_ceiling(corpus.texts, work, args.ceiling_seconds)
        load_end = os.getloadavg()[0]
        ref_end = reference_seconds()
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    quarter_n = sum(1 for i in range(args.notices) if i * 4 // args.notices == 0)
    j1, j2, q1 = runs["full_j1"], runs["full_j2"], runs["quarter_j1"]
    j1_rate = corpus.files / j1.seconds
    j2_rate = corpus.files / j2.seconds
    speedup = j2_rate / j1_rate
    peak = max(r.peak_rss_mb for r in runs.values())
    growth = j1.peak_rss_mb / q1.peak_rss_mb if q1.peak_rss_mb else float("inf")

    j1_cpu_rate = corpus.files / j1.cpu_seconds if j1.cpu_seconds else float("nan")

    def ok(flag: bool) -> str:
        return "met" if flag else "**missed**"

    # (measure, wall-clock result, CPU-time view, target, verdict on the wall-clock result)
    rows = [
        ("in-process `parse_text`, 1 core", f"{cps:,.0f} chars/s ({nps:,.0f} notices/s, {n_in:,} parsed)",
         f"{cps / cpu_share:,.0f} chars per CPU-s (got {cpu_share:.0%} of a core)",
         f"≥ {TARGETS['chars_per_s']:,} chars/s", ok(cps >= TARGETS["chars_per_s"])),
        (f"CLI `--jobs 1`, {corpus.files:,} notices", f"{j1_rate:,.0f} notices/s ({j1.seconds:.1f} s)",
         f"{j1_cpu_rate:,.0f} notices per CPU-s ({j1.cpu_seconds:.1f} CPU-s)",
         f"≥ {TARGETS['cli_notices_per_s']} notices/s", ok(j1_rate >= TARGETS["cli_notices_per_s"])),
        (f"CLI `--jobs 2`, {corpus.files:,} notices", f"{j2_rate:,.0f} notices/s ({j2.seconds:.1f} s), {speedup:.2f}×",
         f"{j2.cpu_seconds:.1f} CPU-s (×{j2.cpu_seconds / j1.cpu_seconds:.2f} of `--jobs 1`)" if j1.cpu_seconds else "",
         f"≥ {TARGETS['speedup']}× `--jobs 1`", ok(speedup >= TARGETS["speedup"])),
        ("(context) two independent parsers at once", f"{ceiling:.2f}× one alone ({ceil_alone:,.0f} notices/s alone)",
         "the machine's parallel ceiling for `--jobs 2` right now", "—", "info"),
        ("peak RSS (largest process, any CLI run)", f"{peak:.0f} MB", "", f"≤ {TARGETS['rss_mb']} MB",
         ok(peak <= TARGETS["rss_mb"])),
        (f"peak RSS flat: `--jobs 1` at {quarter_n:,} → {corpus.files:,}",
         f"{q1.peak_rss_mb:.0f} → {j1.peak_rss_mb:.0f} MB (×{growth:.2f})", "",
         f"≤ ×{TARGETS['rss_growth']:.2f}", ok(growth <= TARGETS["rss_growth"])),
        ("`notice-parse --help`", f"{help_s:.3f} s (median of {args.runs})", f"{help_cpu:.3f} CPU-s",
         f"≤ {TARGETS['help_s']} s", ok(help_s <= TARGETS["help_s"])),
        ("`notice-parse parse FILE` (one notice)", f"{one_s:.3f} s (median of {args.runs})", f"{one_cpu:.3f} CPU-s",
         f"≤ {TARGETS['one_file_s']} s", ok(one_s <= TARGETS["one_file_s"])),
    ]
    mix = ", ".join(f"{k} {v}" for k, v in sorted(corpus.by_encoding.items()))
    print(f"## notice-parse benchmark — {dt.date.today().isoformat()}\n")
    print(f"- machine: {machine()}")
    print(f"- load average (1 min) at start {load_start:.2f}, at end {load_end:.2f} "
          f"(above ~0.5 other processes share the 2 cores and wall-clock figures drop)")
    print(f"- command: `python bench/bench.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`")
    print(f"- reference loop (fixed pure-Python work, best of 3): {ref_start:.3f} s at start, {ref_end:.3f} s at end "
          f"(the machine's speed at the time; lower is faster)")
    if compiled:
        print("- PYTHONDONTWRITEBYTECODE is set here: the project's bytecode was compiled before the CLI runs")
    print(f"- corpus: {corpus.files:,} notices from {len(samples)} sample(s), {corpus.bytes / 1e6:.1f} MB on disk, "
          f"{corpus.chars / 1e6:.1f} M chars; {mix}")
    print(f"- CLI runs: `notice-parse parse DIR --out OUT --jobs N`; outputs written "
          f"{outputs['quarter_j1']:,}/{quarter_n:,}, {outputs['full_j1']:,}/{corpus.files:,}, "
          f"{outputs['full_j2']:,}/{corpus.files:,}")
    for name, r in runs.items():
        print(f"  - {name}: exit {r.returncode}, `{summary_line(r.stderr)}`, peak RSS {r.peak_rss_mb:.0f} MB "
              f"(process tree sum {r.tree_rss_mb:.0f} MB)")
    print()
    print("| measure | result (wall clock) | CPU-time view | target | |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    missed = [r[0] for r in rows if r[4] not in ("met", "info")]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
