"""The generic corpus test: every rule of every pattern file matches its own examples.

Each `[[rule]]` carries `match` (each must be found) and `no_match` (none may be); a rule that
stops matching what it was written for fails here with the file, rule and example named.
"""
from __future__ import annotations

import pytest

from notice_parse.rules import patterns

CASES = []
for _name in patterns.all_pattern_files():
    for _rule in patterns.load(_name).rules():
        for _ex in _rule.match:
            CASES.append(pytest.param(_name, _rule.name, _ex, True, id=f"{_name}:{_rule.name}:+{_ex[:24]}"))
        for _ex in _rule.no_match:
            CASES.append(pytest.param(_name, _rule.name, _ex, False, id=f"{_name}:{_rule.name}:-{_ex[:24]}"))


@pytest.mark.parametrize("file,rule,example,should_match", CASES)
def test_rule_examples(file, rule, example, should_match):
    from notice_parse.text.normalize import fold

    r = patterns.load(file).get(rule)
    found = r.regex.search(fold(example)) is not None
    assert found == should_match, f"patterns/{file}.toml rule {rule!r} {'missed' if should_match else 'wrongly matched'}: {example!r}"


def test_every_rule_has_examples():
    missing = [f"{n}:{r.name}" for n in patterns.all_pattern_files() for r in patterns.load(n).rules() if not r.match]
    assert not missing, f"rules without match examples: {missing}"


def test_bad_pattern_file_names_file_and_rule():
    with pytest.raises(patterns.PatternFileError, match=r"x\.toml: rule 'broken'"):
        patterns.parse_pattern_file("x.toml", '[[rule]]\nname = "broken"\npattern = "("\nmatch = ["a"]\n')
    with pytest.raises(patterns.PatternFileError, match=r"y\.toml: rule 'nameless'"):
        patterns.parse_pattern_file("y.toml", '[[rule]]\nname = "nameless"\nmatch = ["a"]\n')


def test_engine_choice_compiles_with_that_engine_and_names_rule_it_cannot():
    import re

    import regex

    pf = patterns.parse_pattern_file("z.toml", '[[rule]]\nname = "std"\nengine = "re"\npattern = "a|b"\nmatch = ["a"]\n'
                                     '[[rule]]\nname = "dflt"\npattern = "a|b"\nmatch = ["a"]\n')
    assert isinstance(pf.get("std").regex, re.Pattern)
    assert isinstance(pf.get("dflt").regex, regex.Pattern)
    # `\p{Han}` is `regex`-only: asking `re` for it names the file, the rule and the engine.
    with pytest.raises(patterns.PatternFileError, match=r"z\.toml: rule 'han'.*engine 're'"):
        patterns.parse_pattern_file("z.toml", '[[rule]]\nname = "han"\nengine = "re"\npattern = \'\\p{Han}\'\nmatch = ["字"]\n')
    with pytest.raises(patterns.PatternFileError, match=r"z\.toml: rule 'bad'"):
        patterns.parse_pattern_file("z.toml", '[[rule]]\nname = "bad"\nengine = "pcre"\npattern = "a"\nmatch = ["a"]\n')
