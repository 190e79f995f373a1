"""Rule pages for docs/rules/, generated from the catalogue.

``python -m meetingrules.docgen docs/rules`` writes them; a test fails when the pages
and the catalogue disagree. ``meetingrules explain CODE`` prints the same page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from meetingrules import catalog
from meetingrules.i18n import Text
from meetingrules.policy import Policy
from meetingrules.rules.fixtures import Example, Examples

_SEVERITY = {"error": Text("lỗi", "error"), "warning": Text("cảnh báo", "warning"), "info": Text("thông tin", "info")}
_SCOPE = {
    "meeting": Text("từng hội nghị/cuộc họp", "one conference or meeting"),
    "calendar": Text("toàn bộ lịch trong kỳ", "the whole schedule of the period"),
    "input": Text("chất lượng dữ liệu đầu vào", "input quality"),
}


def _param_value(policy: Policy, dotted: str) -> str:
    node = policy.data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return ""
        node = node[part]
    if isinstance(node, list) and node and isinstance(node[0], dict):
        return f"{len(node)} mục / entries"
    return str(node)


def rule_page(rule: catalog.Rule, policy: Policy | None = None) -> str:
    """The Markdown page of one rule: what it checks, why (quoted), examples, parameters."""
    policy = policy or Policy.builtin()
    lines = [
        f"# {rule.code} — {rule.title.vi}",
        "",
        f"*{rule.title.en}*",
        "",
        f"- Mã / code: `{rule.code}` (`{rule.name}`)",
        f"- Mức độ mặc định / default severity: {_SEVERITY[rule.severity.value].vi} / {rule.severity.value}"
        + (" (→ lỗi/error khi hết kỳ / once the period has ended)" if rule.escalates else ""),
        f"- Phạm vi / sees: {_SCOPE[rule.scope].vi} / {_SCOPE[rule.scope].en}",
        "",
        "## Kiểm tra gì / What it checks",
        "",
        f"{rule.title.vi}. Thông báo: «{rule.message.vi}»",
        "",
        f"{rule.title.en}. Message: “{rule.message.en}”",
        "",
        "## Vì sao / Why",
        "",
    ]
    if rule.citation:
        lines += [f"{rule.citation.document}, mục {rule.citation.paragraph}:", "", f"> {rule.citation.quote}", ""]
    else:
        lines += ["Chất lượng dữ liệu: không có sự kiện nào bị bỏ qua âm thầm (SPEC §7). / "
                  "Input quality: no event is dropped silently (SPEC §7).", ""]
    if rule.examples is not None:
        lines += _examples(rule.examples, f"{rule.code}.toml")
    if rule.params:
        lines += ["## Tham số trong chính sách / Policy parameters", ""]
        lines += [f"- `{p}` = `{_param_value(policy, p)}`" for p in rule.params]
        lines.append("")
    if rule.hint.vi:
        lines += ["## Cách khắc phục / How to fix", "", rule.hint.vi, "", rule.hint.en, ""]
    return "\n".join(lines)


def _example(heading: str, example: Example) -> list[str]:
    lines = [heading, "", example.says.vi, "", f"*{example.says.en}*", ""]
    if example.schedule:
        lines += ["Lịch công tác tuần, dán dạng văn bản / a weekly schedule pasted as text:", ""]
    elif example.raw:
        lines += ["Toàn bộ tệp / the whole file:", ""]
    else:
        lines += ["Trong một tệp .ics / in an .ics file:", ""]
    if example.encoding.lower() not in ("utf-8", "utf8"):
        lines += [f"(lưu theo bảng mã / saved as `{example.encoding}`)", ""]
    lines += ["```", (example.schedule or example.ics).strip("\n"), "```", ""]
    if example.gives is not None:
        severity = _SEVERITY[example.severity.value]
        lines += [f"Kết quả / the check says ({severity.vi} / {severity.en}):", "",
                  f"> {example.gives.vi}", ">", f"> *{example.gives.en}*", ""]
    return lines


def _examples(examples: Examples, examples_file: str) -> list[str]:
    """The examples section: each calendar as the tests read it (``rules/examples/<code>.toml``)."""
    lines = []
    if examples.policy.strip():
        lines += ["Chính sách của ví dụ / the examples' policy (over the built-in one):", "",
                  "```toml", examples.policy.strip("\n"), "```", ""]
    lines += [f"Các ví dụ được kiểm tra ngày / the examples are checked on {examples.as_of.isoformat()}"
              " (tệp `meetingrules/rules/examples/" + examples_file + "`).", ""]
    lines += _example("## Ví dụ vi phạm / Example that breaks it", examples.breaks)
    lines += _example("## Ví dụ đúng quy định / Example that complies", examples.complies)
    return lines


def index_page() -> str:
    """docs/rules/README.md: the table of every rule."""
    lines = [
        "# Danh mục quy tắc / Rule catalogue",
        "",
        "Generated from `meetingrules/rules/` (declarations and `examples/`) by `python -m meetingrules.docgen docs/rules`.",
        "",
        "| code | severity | tiêu đề | title | citation |",
        "|---|---|---|---|---|",
    ]
    for rule in catalog.RULES:
        citation = rule.citation.paragraph if rule.citation else "—"
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.severity.value} | {rule.title.vi} | {rule.title.en} | {citation} |"
        )
    if catalog.RETIRED:
        lines += ["", "## Retired codes", ""]
        lines += [f"- `{code}`: {note}" for code, note in sorted(catalog.RETIRED.items())]
    lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """Every generated page by file name."""
    out = {f"{rule.code}.md": rule_page(rule) for rule in catalog.RULES}
    out["README.md"] = index_page()
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the pages into the folder given (default docs/rules)."""
    target = Path((argv or sys.argv[1:] or ["docs/rules"])[0])
    target.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (target / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
