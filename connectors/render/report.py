"""A period report as one document (sections of paragraphs and tables), in Markdown and JSON.

Markdown, HTML and the XLSX figures sheet render one document (:func:`document`): sections
in the order a Sở Nội vụ report uses, each a list of paragraphs and tables. The HTML needs
nothing from the network: styles are inline and charts are SVG drawn here.
"""

from __future__ import annotations

import datetime as dt
import json

import attrs

from connectors.render.describe import measured_text, policy_label, severity_label
from meetingrules import Severity, catalog
from meetingrules.i18n import number, percent, pick, unit_label, value_name, when
from meetingrules.report import Report, Tally, status_words

NO_DATA = ("chưa có số liệu kỳ trước", "no baseline")


@attrs.frozen
class Table:
    """A table: headers and rows of cell texts."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen
class Section:
    """A heading and its blocks (paragraph strings and tables); ``level`` 2 or 3."""

    heading: str
    blocks: tuple[str | Table, ...] = ()
    level: int = 2


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def share_text(value: float | None, lang: str) -> str:
    """A share as a percentage in ``lang``, or a dash when it is unknown."""
    return "—" if value is None else percent(value, lang)


def _change(value: float | None, lang: str, known: bool = True) -> str:
    if not known:
        return pick(NO_DATA, lang)
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + percent(value, lang)


def title(report: Report, lang: str) -> str:
    """The report's title."""
    return pick(
        (
            f"Báo cáo tình hình, kết quả thực hiện chế độ hội họp {report.period.name('vi')}",
            f"Meetings report, {report.period.name('en')}",
        ),
        lang,
    )


def window_text(report: Report, lang: str) -> str:
    """The period's window, as the report states it."""
    p = report.period
    basis = (
        ("mốc chốt số liệu theo Điều 12 Nghị định 09/2019/NĐ-CP", "data cut-off dates of Decree 09/2019/NĐ-CP Art. 12")
        if p.mode == "cutoff"
        else ("kỳ theo năm dương lịch", "calendar periods")
    )
    return pick(("Kỳ báo cáo", "Period"), lang) + f": {_d(p.first)} – {_d(p.last)} ({pick(basis, lang)})"


def _breakdown(name: str, tally: Tally, lang: str) -> list[tuple[str, int]]:
    return [(value_name(k, lang) if k != "unknown" else pick(("chưa xác định", "unknown"), lang), v)
            for k, v in getattr(tally, name).items()]


def document(report: Report, lang: str = "vi") -> list[Section]:
    """The report as sections, in the order of a Sở Nội vụ report."""
    t, prev = report.totals, report.previous
    known = prev.tally is not None
    L = lambda vi, en: pick((vi, en), lang)  # noqa: E731
    head = [
        window_text(report, lang),
        L("Căn cứ: Kế hoạch 160/KH-UBND, mục II.8.a và Phụ lục mục 14.",
          "Basis: plan 160/KH-UBND, II.8.a and appendix row 14."),
        L(f"Ngày lập: {_d(report.as_of)}", f"Prepared on: {_d(report.as_of)}")
        + ("" if report.ended else L(
            " — kỳ báo cáo chưa kết thúc: số liệu gồm các hội nghị, cuộc họp đã có trên lịch đến hết kỳ; "
            "chỉ tiêu kèm dự báo và phần còn lại.",
            " — the period has not ended: the figures hold what the calendars have until its end; "
            "targets with projection and remaining budget.")),
        L(f"Chính sách: {policy_label(report.policy)}", f"Policy: {policy_label(report.policy)}"),
    ]
    sections = [Section(title(report, lang), tuple(head), level=1)]

    # I. The figures
    prev_cell = (lambda name: number(getattr(prev.tally, name), lang)) if known else (lambda name: pick(NO_DATA, lang))
    totals = Table(
        (L("Chỉ tiêu", "Figure"), L("Kỳ này", "This period"),
         L(f"Cùng kỳ năm trước ({_d(prev.period.first)} – {_d(prev.period.last)})",
           f"Same period a year earlier ({_d(prev.period.first)} – {_d(prev.period.last)})"),
         L("Tăng/giảm", "Change")),
        tuple(
            (label, number(getattr(t, name), lang), prev_cell(name), _change(prev.change(getattr(t, name), name), lang, prev.comparable))
            for name, label in (
                ("conferences", L("Hội nghị", "Conferences")),
                ("online_conferences", L("— trong đó trực tuyến", "— of which online")),
                ("meetings", L("Cuộc họp", "Meetings")),
                ("wide_gatherings", L("Hội nghị, cuộc họp toàn tỉnh/toàn ngành", "Province-/sector-wide conferences and meetings")),
            )
        ),
    )
    first: list = [totals]
    if known and prev.units_without_data:
        first.append(L(
            "Chưa có số liệu kỳ trước của: " + ", ".join(unit_label(u, "vi") for u in prev.units_without_data)
            + " — không tính tăng/giảm của tổng số.",
            "No baseline for: " + ", ".join(unit_label(u, "en") for u in prev.units_without_data)
            + " — so no change of the totals.",
        ))
    sections.append(Section(L("I. Tình hình tổ chức hội nghị, cuộc họp", "I. Conferences and meetings held"), tuple(first)))
    sections.append(Section(L("1. Hội nghị theo loại", "1. Conferences by kind"), (
        Table((L("Loại", "Kind"), L("Hội nghị", "Conferences")),
              tuple((k, number(v, lang)) for k, v in _breakdown("conferences_by_kind", t, lang))),), level=3))
    for index, (attr, vi, en) in enumerate((("scope", "quy mô", "scope"), ("format", "hình thức", "format"),
                                             ("level", "cấp tổ chức", "level")), 2):
        conf = dict(_breakdown(f"conferences_by_{attr}", t, lang))
        meet = dict(_breakdown(f"meetings_by_{attr}", t, lang))
        keys = list(dict.fromkeys([*conf, *meet]))
        sections.append(Section(f"{index}. " + L(f"Theo {vi}", f"By {en}"), (
            Table((L(vi.capitalize(), en.capitalize()), L("Hội nghị", "Conferences"), L("Cuộc họp", "Meetings")),
                  tuple((k, number(conf.get(k, 0), lang), number(meet.get(k, 0), lang)) for k in keys)),), level=3))
    unit_rows = tuple(
        (
            unit_label(row.unit, lang),
            number(row.tally.conferences, lang),
            number(row.tally.online_conferences, lang),
            share_text(row.tally.online_share, lang),
            number(row.tally.province_wide_conferences, lang),
            number(row.tally.sector_wide_conferences, lang),
            number(row.tally.commune_wide_conferences, lang),
            number(row.tally.meetings, lang),
            number(row.errors, lang),
            number(row.warnings, lang),
        )
        for row in report.units
    )
    total_row = (L("Tổng cộng", "Total"), number(t.conferences, lang), number(t.online_conferences, lang),
                 share_text(t.online_share, lang), number(t.province_wide_conferences, lang),
                 number(t.sector_wide_conferences, lang), number(t.commune_wide_conferences, lang),
                 number(t.meetings, lang), number(sum(r.errors for r in report.units), lang),
                 number(sum(r.warnings for r in report.units), lang))
    sections.append(Section(L("5. Theo đơn vị", "5. By unit"), (
        Table((L("Đơn vị", "Unit"), L("Hội nghị", "Conferences"), L("Trực tuyến", "Online"), L("Tỷ lệ", "Share"),
               L("Toàn tỉnh", "Province-wide"), L("Toàn ngành", "Sector-wide"), L("Toàn xã", "Commune-wide"),
               L("Cuộc họp", "Meetings"), L("Lỗi", "Errors"), L("Cảnh báo", "Warnings")),
              unit_rows + (total_row,)),), level=3))
    sections.append(Section(L("6. Theo tháng", "6. By month"), (
        Table((L("Tháng", "Month"), L("Hội nghị", "Conferences"), L("Trực tuyến", "Online"), L("Cuộc họp", "Meetings")),
              tuple((m.month, number(m.conferences, lang), number(m.online_conferences, lang), number(m.meetings, lang))
                    for m in report.months)),), level=3))

    # II. Targets
    sections.append(Section(L("II. Kết quả thực hiện chỉ tiêu", "II. Targets"), ()))
    o = report.online
    online_rows = [(L("Tổng cộng", "Total"), *_online_cells(o, lang))]
    online_rows += [(unit_label(r.unit, lang), *_online_cells(r.online, lang)) for r in report.units if r.online]
    sections.append(Section(
        L(f"1. Tỷ lệ hội nghị trực tuyến (chỉ tiêu từ {percent(o.minimum, 'vi')} trở lên)",
          f"1. Online conferences (target: at least {percent(o.minimum, 'en')})"),
        (Table((L("Đơn vị", "Unit"), L("Trực tuyến / tổng", "Online / total"), L("Tỷ lệ", "Share"),
                L("Đánh giá", "Status"), L("Còn lại", "Remaining budget")), tuple(online_rows)),),
        level=3,
    ))
    pw = report.province_wide
    sections.append(Section(
        L(f"2. Hội nghị quy mô toàn tỉnh (cấp tỉnh không quá {pw.cap} mỗi năm)",
          f"2. Province-wide conferences (at most {pw.cap} a year)"),
        (L(f"Từ {_d(pw.first)} đến {_d(pw.last)}: {pw.count} hội nghị; "
           + (f"vượt {pw.over}." if pw.over else f"còn được tổ chức {pw.remaining}."),
           f"From {_d(pw.first)} to {_d(pw.last)}: {pw.count} conference(s); "
           + (f"{pw.over} over the cap." if pw.over else f"{pw.remaining} more can be held.")),),
        level=3,
    ))
    commune_cap = report.policy.param("targets", "commune_wide_per_year")
    communes = (
        Table((L("Xã, phường", "Commune"), L("Hội nghị toàn xã", "Commune-wide conferences"), L("Mức", "Cap"),
               L("Còn lại / vượt", "Remaining / over")),
              tuple((unit_label(c.unit, lang), number(c.count, lang), number(c.cap, lang),
                     L(f"vượt {c.over}", f"{c.over} over") if c.over else number(c.remaining, lang))
                    for c in report.commune_wide)),
    ) if report.commune_wide else (L("Không có hội nghị toàn xã.", "No commune-wide conference."),)
    sections.append(Section(
        L(f"3. Hội nghị toàn xã (chính sách đặt mức {commune_cap} mỗi năm cho mỗi xã)",
          f"3. Commune-wide conferences (the policy sets {commune_cap} a year per commune)"),
        communes, level=3,
    ))
    reduction_rows = tuple(
        (
            unit_label(r.unit, lang),
            number(r.count, lang),
            pick(NO_DATA, lang) if r.baseline is None else number(r.baseline, lang)
            + (L(" (theo chính sách)", " (policy)") if r.source == "policy" else ""),
            _change(r.change, lang, r.baseline is not None),
            "—" if r.allowed is None else number(r.allowed, lang),
            status_words(r.status, lang),
            "—" if r.remaining is None else (
                number(r.remaining, lang) if r.remaining >= 0 else L(f"vượt {-r.remaining}", f"{-r.remaining} over")),
        )
        for r in report.reductions
    )
    minimum = report.policy.param("targets", "reduction_min")
    sections.append(Section(
        L(f"4. Giảm ít nhất {percent(minimum, 'vi')} hội nghị, cuộc họp toàn tỉnh, toàn ngành so với cùng kỳ",
          f"4. Province-/sector-wide conferences and meetings down at least {percent(minimum, 'en')}"),
        (Table((L("Đơn vị", "Unit"), L("Kỳ này", "This period"), L("Cùng kỳ năm trước", "A year earlier"),
                L("Tăng/giảm", "Change"), L("Tối đa", "Maximum"), L("Đánh giá", "Status"), L("Còn lại", "Remaining")),
               reduction_rows),) if reduction_rows else
        (L("Không có hội nghị, cuộc họp toàn tỉnh/toàn ngành trong cả hai kỳ.",
           "No province-/sector-wide conference or meeting in either period."),),
        level=3,
    ))

    # III. Breaches and waivers
    by_code = report.findings_by_code
    waived = report.waived_by_code
    codes = sorted(set(by_code) | set(waived))
    sections.append(Section(L("III. Vi phạm và ngoại lệ", "III. Breaches and waivers"), ()))
    sections.append(Section(L("1. Vi phạm theo quy tắc", "1. Findings by rule"), (
        Table((L("Mã", "Code"), L("Quy tắc", "Rule"), L("Số lượng", "Count"), L("Đã miễn trừ", "Waived"),
               L("Căn cứ", "Basis")),
              tuple((c, catalog.rule(c).title(lang) if c in catalog.BY_CODE else "", number(by_code.get(c, 0), lang),
                     number(waived.get(c, 0), lang),
                     catalog.rule(c).citation.paragraph if c in catalog.BY_CODE and catalog.rule(c).citation else "")
                    for c in codes)),
    ) if codes else (L("Không có vi phạm.", "No breach."),), level=3))
    sections.append(Section(L("2. Ngoại lệ đã được phê duyệt", "2. Approved waivers"), (
        Table((L("Mã", "Code"), L("Hội nghị / cuộc họp", "Conference / meeting"), L("Đơn vị", "Unit"),
               L("Lý do", "Reason"), L("Người phê duyệt", "Approved by")),
              tuple((f.code, f"{when(f.start, lang)} {f.meeting_title}".strip(), unit_label(f.unit, lang),
                     f.waiver.reason, f.waiver.by) for f in report.waived)),
    ) if report.waived else (L("Không có ngoại lệ.", "No waiver."),), level=3))
    listed = [f for f in report.findings if f.waived or f.severity is not Severity.INFO or (not f.uid and f.code.startswith("MR30"))]
    sections.append(Section(L("3. Danh sách", "3. List"), (
        Table((L("Hội nghị / cuộc họp", "Conference / meeting"), L("Mức", "Severity"), L("Mã", "Code"),
               L("Nội dung", "Finding"), L("Đo được / giới hạn", "Measured / limit")),
              tuple((f"{when(f.start, lang)} {f.meeting_title}".strip() if f.uid else unit_label(f.unit, lang),
                     severity_label(f, lang), f.code, f.message(lang), measured_text(f, lang)) for f in listed)),
    ) if listed else (L("Không có.", "None."),), level=3))
    if report.refused is not None:
        refused = report.refused
        sections.append(Section(L("4. Đề xuất bị từ chối trước khi lưu", "4. Proposals refused before they were stored"), (
            L("Theo nhật ký quyết định (mỗi đề xuất tính một lần dù gửi lại nhiều lần).",
              "From the decision log (each proposal counted once, however often it was sent again)."),
            Table((L("Đơn vị", "Unit"), L("Số đề xuất bị từ chối", "Proposals refused")),
                  tuple((unit_label(u, lang), number(n, lang)) for u, n in sorted(refused.items()))
                  + ((L("Tổng cộng", "Total"), number(sum(refused.values()), lang)),)),
        ) if refused else (L("Không có đề xuất nào bị từ chối trong kỳ.", "No proposal was refused in the period."),),
            level=3))

    # IV. Input
    s = report.result.summary
    excluded_names = {
        "cancelled": L("đã hủy", "cancelled"), "not-a-meeting": L("không phải cuộc họp", "not a meeting"),
        "tentative": L("chưa xác nhận", "tentative"), "duplicate": L("nhập trùng (MR402)", "entered twice (MR402)"),
    }
    blocks: list = [
        L(f"Đọc {s.read} sự kiện (kỳ này và cùng kỳ năm trước): {s.checked} đã kiểm tra, {s.excluded} loại trừ, "
          f"{s.rejected} bị loại.",
          f"Read {s.read} events (this period and a year earlier): {s.checked} checked, {s.excluded} excluded, "
          f"{s.rejected} rejected."),
    ]
    if report.excluded:
        blocks.append(Table((L("Không tính trong kỳ", "Not counted in the period"), L("Số lần", "Occurrences")),
                            tuple((excluded_names.get(k, k), number(v, lang)) for k, v in report.excluded.items())))
    notes = report.notes_by_code
    if notes:
        blocks.append(L("Ghi chú thông tin: ", "Info notes: ") + ", ".join(f"{c} × {n}" for c, n in notes.items()))
    sections.append(Section(L("IV. Số liệu đầu vào", "IV. Input"), tuple(blocks)))
    return sections


def _online_cells(o, lang: str) -> tuple[str, ...]:
    if o is None or not o.total:
        return ("0 / 0", "—", pick(("không có hội nghị", "no conference"), lang), "—")
    if o.needed is not None:
        remaining = pick((f"{o.needed} hội nghị tiếp theo cần trực tuyến", f"next {o.needed} must be online"), lang)
    else:
        remaining = pick((f"thêm được {o.budget} hội nghị trực tiếp", f"{o.budget} more in person"), lang)
    return (f"{o.online} / {o.total}", percent(o.share, lang), status_words(o.status, lang), remaining)


# -- Markdown --------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report, lang: str = "vi") -> str:
    """The report in Markdown."""
    lines: list[str] = []
    for section in document(report, lang):
        lines += ["#" * section.level + " " + section.heading, ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines.append("| " + " | ".join(_md_cell(h) for h in block.headers) + " |")
                lines.append("|" + "|".join("---" for _ in block.headers) + "|")
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            else:
                lines.append(block)
            lines.append("")
    return "\n".join(lines)


# -- JSON --------------------------------------------------------------------------------------


def to_json(report: Report, lang: str = "vi") -> str:
    """The report as one JSON object (``Report.to_dict``)."""
    return json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2)


__all__ = ["Section", "Table", "document", "title", "to_json", "to_markdown"]
