"""The rule catalogue, its generated docs, its citations, and the public API's shape."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import meetingrules
from meetingrules import catalog, docgen
from tests.paths import PLAN, ROOT



def test_every_spec_code_is_declared_once():
    """The catalogue declares each SPEC §3 code exactly once."""
    codes = [r.code for r in catalog.RULES]
    assert len(codes) == len(set(codes))
    for code in ["MR101", "MR102", "MR103", "MR104", "MR201", "MR202", "MR203", "MR204", "MR205",
                 "MR301", "MR302", "MR303", "MR304", "MR401", "MR402", "MR403"]:
        assert code in codes


def test_every_rule_with_a_body_is_registered():
    """Each meeting and calendar rule in the catalogue has exactly one body."""
    from meetingrules.rules import CALENDAR_RULES, MEETING_RULES

    for rule in catalog.RULES:
        if rule.scope == "meeting":
            assert rule.code in MEETING_RULES
        elif rule.scope == "calendar":
            assert rule.code in CALENDAR_RULES


def test_rule_pages_match_the_catalogue():
    """docs/rules/ holds exactly the pages generated from the catalogue (regenerate with docgen)."""
    folder = ROOT / "docs" / "rules"
    expected = docgen.pages()
    present = {p.name for p in folder.glob("*.md")}
    assert present == set(expected), "run: python -m meetingrules.docgen docs/rules"
    for name, text in expected.items():
        assert (folder / name).read_text(encoding="utf-8") == text, f"{name} is stale: run python -m meetingrules.docgen docs/rules"


def _judge_example(rule: catalog.Rule, which: str) -> list:
    """The findings of ``rule`` at or above its severity when its ``which`` example is read and checked."""
    from connectors.ics import read_bytes
    from connectors.weekly import read_weekly_bytes

    examples = rule.examples
    policy = meetingrules.load_policy(examples.policy, f"{rule.code}.toml") if examples.policy else meetingrules.Policy.builtin()
    year = meetingrules.Window.year(examples.as_of.year, policy.timezone)
    read = meetingrules.Window(meetingrules.Window.year(examples.as_of.year - 1, policy.timezone).start, year.end)
    example = getattr(examples, which)
    reader = read_weekly_bytes if example.schedule else read_bytes
    calendar = reader(example.calendar(), f"{rule.code}-{which}{example.file_name_suffix}", policy, read)
    result = meetingrules.check(calendar.events, policy, window=year, as_of=examples.as_of, intake=calendar.intake)
    return [f for f in result.findings if f.code == rule.code and f.severity.rank >= rule.severity.rank]


@pytest.mark.parametrize("rule", catalog.RULES, ids=lambda r: r.code)
def test_example_that_breaks_the_rule_breaks_it(rule):
    """The rule's 'breaks' example, read from its .ics text and checked, gives the one finding its file shows."""
    assert rule.examples is not None, f"add meetingrules/rules/examples/{rule.code}.toml"
    example = rule.examples.breaks
    assert example.gives is not None, f"{rule.code}: give [breaks] its severity, gives_vi and gives_en"
    found = [(f.severity, f.message_vi, f.message_en) for f in _judge_example(rule, "breaks")]
    assert found == [(example.severity, example.gives.vi, example.gives.en)], f"{rule.code}: {found}"


@pytest.mark.parametrize("rule", catalog.RULES, ids=lambda r: r.code)
def test_example_that_complies_complies(rule):
    """The rule's 'complies' example, read from its .ics text and checked, gives no finding of the rule."""
    assert rule.examples is not None, f"add meetingrules/rules/examples/{rule.code}.toml"
    found = _judge_example(rule, "complies")
    assert found == [], f"{rule.code}: the example that complies gives {[f.message_en for f in found]}"


def test_every_example_file_names_a_rule():
    """Each file in meetingrules/rules/examples/ is the examples of a declared rule."""
    folder = ROOT / "meetingrules" / "rules" / "examples"
    assert {p.stem for p in folder.glob("*.toml")} == {r.code for r in catalog.RULES}


def test_rule_page_prints_its_examples():
    """A rule's page shows both of its examples as the .ics text the tests read."""
    page = docgen.rule_page(catalog.rule("MR201"))
    assert "08:00-08:11 Phát biểu khai mạc" in page and "08:00-08:10 Phát biểu khai mạc" in page
    assert page.count("BEGIN:VEVENT") == 2


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.shared
def test_citations_quote_the_plan_verbatim():
    """Every rule's quote stands in the plan word for word (white space folded)."""
    plan = _squash(PLAN.read_text(encoding="utf-8"))
    for rule in catalog.RULES:
        if rule.citation:
            assert _squash(rule.citation.quote) in plan, rule.code


def test_all_is_sorted_and_complete():
    """meetingrules.__all__ is sorted and every name in it exists."""
    assert meetingrules.__all__ == sorted(meetingrules.__all__)
    for name in meetingrules.__all__:
        assert hasattr(meetingrules, name), name


def test_import_loads_no_calendar_or_network_library():
    """import meetingrules (and a whole check) loads neither icalendar, caldav nor a network library."""
    code = (
        "import sys, meetingrules, meetingrules.engine, meetingrules.classify, meetingrules.agenda\n"
        "meetingrules.check([])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "{'icalendar','caldav','recurring_ical_events','requests','niquests','httpx','urllib3','socket','http','ssl'}]\n"
        "print(','.join(sorted(bad)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _engine_imports() -> dict[str, set[str]]:
    """Module -> the meetingrules modules it imports when it loads (top level, not TYPE_CHECKING)."""
    import ast

    package = ROOT / "meetingrules"
    modules = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = graph.setdefault(name, set())
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "meetingrules":
                if node.module != "meetingrules":
                    found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
        found.discard(name)
    return graph


def test_no_import_circle_in_the_engine():
    """The engine's load-time imports form no circle (lazy imports inside functions aside)."""
    graph = _engine_imports()
    assert "meetingrules.rules.base" in graph["meetingrules.rules.lengths"]
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join(path + (name,))
        if name in done:
            return
        for target in sorted(graph.get(name, ())):
            visit(target, path + (name,))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_no_private_name_is_imported_across_engine_modules():
    """No engine module imports another module's private (_name) names, even lazily."""
    import ast

    for path in (ROOT / "meetingrules").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("meetingrules"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_rule_bodies_read_no_raw_policy_data():
    """No rule module reads policy.data: limits come through the rules' declared params."""
    for path in (ROOT / "meetingrules" / "rules").glob("*.py"):
        assert ".data[" not in path.read_text(encoding="utf-8"), path.name


def test_selection_longest_prefix_wins():
    """--select MR1 --ignore MR104 drops MR104 only; --select MR104 --ignore MR1 keeps MR104."""
    assert catalog.is_selected("MR101", ["MR1"], ["MR104"])
    assert not catalog.is_selected("MR104", ["MR1"], ["MR104"])
    assert catalog.is_selected("MR104", ["MR104"], ["MR1"])
    assert not catalog.is_selected("MR201", ["MR1"], [])


def test_a_rule_reads_only_the_params_it_declares():
    """Rule.param gives a declared setting and refuses one the rule does not declare."""
    policy = meetingrules.Policy.builtin()
    assert catalog.rule("MR201").param(policy, "speeches.opening") == 10
    with pytest.raises(KeyError, match="MR201 reads 'speeches.contribution'"):
        catalog.rule("MR201").param(policy, "speeches.contribution")
