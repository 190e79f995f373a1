"""What every renderer says about a finding and a check: its subject, measure, accounting."""

from __future__ import annotations

from collections.abc import Iterable

from connectors.render.words import SEVERITY_LOWER, UNIT_WORDS, WAIVED, WAIVED_LOWER, SEVERITY_WORDS, word
from meetingrules import CheckResult, Finding
from meetingrules.i18n import number, percent, pick, when


def severity_label(finding: Finding, lang: str) -> str:
    """``LỖI``/``ERROR``…, or ``ĐÃ MIỄN TRỪ``/``WAIVED``."""
    return pick(WAIVED if finding.waived else SEVERITY_WORDS[finding.severity], lang)


def severity_word(finding: Finding, lang: str) -> str:
    """``lỗi``/``error``…, or ``đã miễn trừ``/``waived``: the severity inside a line of text."""
    return pick(WAIVED_LOWER if finding.waived else SEVERITY_LOWER[finding.severity], lang)


def policy_label(policy) -> str:
    """The policy in use as people know it: the profile, and the file over it when there is one.

    ``hung-yen-2026``, or ``hung-yen-2026 + chinh-sach-mua-he.toml``.
    """
    from pathlib import PurePath

    from meetingrules.policy import BUILTIN

    origin = getattr(policy, "origin", "") or ""
    if origin in ("", BUILTIN, "api", "policy.toml", policy.name):
        return policy.name
    return f"{policy.name} + {PurePath(origin).name}"


def location(finding: Finding) -> str:
    """Where a finding's event is written: ``FILE:LINE``, ``FILE``, or empty (calendar-wide)."""
    if finding.origin and finding.line:
        return f"{finding.origin}:{finding.line}"
    return finding.origin or ""


def measured_text(finding: Finding, lang: str) -> str:
    """``4,5 giờ / 4 giờ``, ``40% / 60%``, ``3 / 2`` — or empty."""
    if finding.measured is None:
        return ""
    if finding.measure_unit == "share":
        value = percent(finding.measured, lang)
        return value + (f" / {percent(finding.limit, lang)}" if finding.limit is not None else "")
    suffix = pick(UNIT_WORDS.get(finding.measure_unit, ("", "")), lang)
    suffix = f" {suffix}" if suffix else ""
    text = f"{number(round(finding.measured, 2), lang)}{suffix}"
    if finding.limit is not None:
        text += f" / {number(round(finding.limit, 2), lang)}{suffix}"
    return text


# Which classification reasons explain a rule's verdict: shown beside its finding.
_RELEVANT = {"MR1": ("kind",), "MR2": ("kind",), "MR301": ("scope", "level"), "MR304": ("scope", "level"),
             "MR403": ("level",)}


def relevant_reasons(finding: Finding):
    """The reasons behind the attributes a finding's rule looked at (kind for MR101 …)."""
    for prefix, attributes in _RELEVANT.items():
        if finding.code.startswith(prefix):
            return tuple(r for r in finding.reasons if r.attribute in attributes)
    return ()


def last_day(result: CheckResult):
    """The window's last day (its end is exclusive)."""
    import datetime as dt

    return (result.window.end - dt.timedelta(microseconds=1)).date()


def subject(finding: Finding, lang: str, sep: str = " ") -> str:
    """What a finding is about: the meeting (time and title), the event (UID, file), or the calendar."""
    if not finding.uid and not finding.origin:
        return word("calendar_wide", lang)
    if finding.meeting_title or finding.start:
        return f"{when(finding.start, lang)}{sep}{finding.meeting_title}".strip()
    where = f"{finding.origin}:{finding.line}" if finding.origin and finding.line else finding.origin
    return sep.join(part for part in (finding.uid, where) if part)


def accounting_line(s, lang: str) -> str:
    """``read = checked + excluded + rejected`` in words (SPEC §7)."""
    if lang == "en":
        return f"Read {s.read} events: {s.checked} checked, {s.excluded} excluded, {s.rejected} rejected."
    return f"Đọc {s.read} sự kiện: {s.checked} đã kiểm tra, {s.excluded} loại trừ, {s.rejected} bị loại."


def summary_line(result: CheckResult, lang: str) -> str:
    """The accounting line printed in every summary, with the findings counted."""
    counts = finding_counts(result.findings)
    if lang == "en":
        return accounting_line(result.summary, lang) + (
            f" {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info, {counts['waived']} waived."
        )
    return accounting_line(result.summary, lang) + (
        f" {counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} thông tin, {counts['waived']} đã miễn trừ."
    )


def finding_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, and how many waived."""
    counts = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for f in findings:
        counts["waived" if f.waived else f.severity.value] += 1
    return counts
