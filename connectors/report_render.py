"""Rendering a period report: Markdown, self-contained HTML with inline SVG charts, JSON, XLSX.

Markdown, HTML and the XLSX figures sheet render one document (:func:`document`): sections
in the order a Sở Nội vụ report uses, each a list of paragraphs and tables. The HTML needs
nothing from the network: styles are inline and charts are SVG drawn here.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json

import attrs

from connectors.output import measured_text, severity_label
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


def _share(value: float | None, lang: str) -> str:
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
        L(f"Chính sách: {report.policy.name}", f"Policy: {report.policy.name}"),
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
            _share(row.tally.online_share, lang),
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
                 _share(t.online_share, lang), number(t.province_wide_conferences, lang),
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


# -- HTML with inline SVG ------------------------------------------------------------------------

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#1d1d1d;line-height:1.45}
h1{font-size:1.5rem;border-bottom:3px solid #a50e0e;padding-bottom:.4rem}
h2{font-size:1.2rem;margin-top:2rem;color:#a50e0e}h3{font-size:1.02rem;margin-top:1.3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f1ece4}td.n{text-align:right}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{border:1px solid #ddd;padding:.5rem;background:#fff}
.chart{margin:0}.chart h4{margin:.2rem 0 .5rem;font-size:.95rem}
svg text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11px;fill:#333}
"""
ONLINE, IN_PERSON, TARGET, MEETING = "#2b6cb0", "#c9c9c9", "#a50e0e", "#8fb996"


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("%", "").replace("+", "").replace("-", "").strip().isdigit()


def chart_online(report: Report, lang: str) -> str:
    """Horizontal bars: the online share of the whole report and of each unit, against the target line."""
    rows = [(pick(("Tổng cộng", "Total"), lang), report.online.share)]
    rows += [(unit_label(r.unit, lang), r.online.share) for r in report.units if r.online]
    label_w, bar_w, row_h = 230, 360, 26
    height = 30 + row_h * len(rows) + 20
    target = report.online.minimum
    parts = [f'<svg id="chart-online" class="chart-svg" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" '
             f'height="{height}" role="img" aria-label="{_esc(pick(("Tỷ lệ hội nghị trực tuyến", "Online share"), lang))}">']
    for i, (label, share) in enumerate(rows):
        y = 20 + i * row_h
        width = round(bar_w * (share or 0), 1)
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_esc(label[:34])}</text>')
        parts.append(f'<rect class="track" x="{label_w}" y="{y + 3}" width="{bar_w}" height="16" fill="#eee"/>')
        parts.append(f'<rect class="bar" data-share="{share if share is not None else ""}" x="{label_w}" y="{y + 3}" '
                     f'width="{width}" height="16" fill="{ONLINE if (share or 0) + 1e-9 >= target else "#d69e2e"}"/>')
        parts.append(f'<text x="{label_w + width + 4}" y="{y + 15}">{_esc(_share(share, lang))}</text>')
    x = label_w + round(bar_w * target, 1)
    parts.append(f'<line class="target" x1="{x}" y1="12" x2="{x}" y2="{height - 14}" stroke="{TARGET}" '
                 f'stroke-width="2" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{x}" y="{height - 2}" text-anchor="middle" fill="{TARGET}">'
                 f'{_esc(pick(("chỉ tiêu", "target"), lang))} {_esc(percent(target, lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bars(svg_id: str, label: str, groups: list[tuple[str, int, int]]) -> str:
    """Stacked vertical bars: online (blue) under other (grey) conferences for each group."""
    n = max(len(groups), 1)
    top = max([a + b for _, a, b in groups] + [1])
    bar_area_h, step, left = 180, max(34, min(70, 640 // n)), 36
    width, height = left + step * n + 20, 20 + bar_area_h + 30
    scale = bar_area_h / top
    parts = [f'<svg id="{svg_id}" class="chart-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{_esc(label)}">']
    base = 20 + bar_area_h
    for tick in sorted({0, top // 2, top}):
        y = base - tick * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, (name, online, other) in enumerate(groups):
        x, w = left + i * step + step * 0.15, step * 0.7
        h_on, h_other = online * scale, other * scale
        parts.append(f'<rect class="bar online" data-value="{online}" x="{x:.1f}" y="{base - h_on:.1f}" '
                     f'width="{w:.1f}" height="{h_on:.1f}" fill="{ONLINE}"/>')
        parts.append(f'<rect class="bar other" data-value="{other}" x="{x:.1f}" y="{base - h_on - h_other:.1f}" '
                     f'width="{w:.1f}" height="{h_other:.1f}" fill="{IN_PERSON}"/>')
        if online + other:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{base - h_on - h_other - 3:.1f}" text-anchor="middle">'
                         f'{online + other}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{base + 14}" text-anchor="middle">{_esc(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _hbars(svg_id: str, label: str, groups: list[tuple[str, int, int]]) -> str:
    """Stacked horizontal bars (long unit names read better beside a bar than under it)."""
    top = max([a + b for _, a, b in groups] + [1])
    label_w, bar_w, row_h = 230, 360, 26
    height = 20 + row_h * max(len(groups), 1)
    scale = bar_w / top
    parts = [f'<svg id="{svg_id}" class="chart-svg" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 50}" '
             f'height="{height}" role="img" aria-label="{_esc(label)}">']
    for i, (name, online, other) in enumerate(groups):
        y = 10 + i * row_h
        w_on, w_other = online * scale, other * scale
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_esc(name[:34])}</text>')
        parts.append(f'<rect class="bar online" data-value="{online}" x="{label_w}" y="{y + 3}" width="{w_on:.1f}" '
                     f'height="16" fill="{ONLINE}"/>')
        parts.append(f'<rect class="bar other" data-value="{other}" x="{label_w + w_on:.1f}" y="{y + 3}" '
                     f'width="{w_other:.1f}" height="16" fill="{IN_PERSON}"/>')
        parts.append(f'<text x="{label_w + w_on + w_other + 4:.1f}" y="{y + 15}">{online + other}</text>')
    parts.append("</svg>")
    return "".join(parts)


def chart_months(report: Report, lang: str) -> str:
    """Conferences per month, online part in blue."""
    groups = [(m.month[5:] + "/" + m.month[2:4], m.online_conferences, m.conferences - m.online_conferences)
              for m in report.months]
    return _bars("chart-months", pick(("Hội nghị theo tháng", "Conferences per month"), lang), groups)


def chart_units(report: Report, lang: str) -> str:
    """Conferences per unit, online part in blue."""
    groups = [(unit_label(r.unit, lang), r.tally.online_conferences, r.tally.conferences - r.tally.online_conferences)
              for r in report.units]
    return _hbars("chart-units", pick(("Hội nghị theo đơn vị", "Conferences per unit"), lang), groups)


def _legend(lang: str) -> str:
    items = [(ONLINE, pick(("trực tuyến", "online"), lang)), (IN_PERSON, pick(("trực tiếp", "in person"), lang))]
    return "<p>" + " ".join(
        f'<svg width="12" height="12" xmlns="http://www.w3.org/2000/svg"><rect width="12" height="12" fill="{c}"/></svg> '
        f"{_esc(t)}" for c, t in items) + "</p>"


def to_html(report: Report, lang: str = "vi") -> str:
    """A self-contained HTML page (no script, no network) with inline SVG charts."""
    sections = document(report, lang)
    body: list[str] = []
    for index, section in enumerate(sections):
        tag = f"h{section.level}"
        body.append(f"<{tag}>{_esc(section.heading)}</{tag}>")
        for block in section.blocks:
            if isinstance(block, Table):
                body.append("<table><thead><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in block.headers) + "</tr></thead><tbody>")
                for row in block.rows:
                    body.append("<tr>" + "".join(
                        f'<td class="n">{_esc(c)}</td>' if _numeric(str(c)) else f"<td>{_esc(c)}</td>" for c in row) + "</tr>")
                body.append("</tbody></table>")
            else:
                body.append(f"<p>{_esc(block)}</p>")
        if index == 0:
            body.append('<div class="charts">')
            body.append(f'<figure class="chart"><h4>{_esc(pick(("Tỷ lệ hội nghị trực tuyến so với chỉ tiêu", "Online share against the target"), lang))}</h4>{chart_online(report, lang)}</figure>')
            body.append(f'<figure class="chart"><h4>{_esc(pick(("Hội nghị theo tháng", "Conferences per month"), lang))}</h4>{chart_months(report, lang)}{_legend(lang)}</figure>')
            body.append(f'<figure class="chart"><h4>{_esc(pick(("Hội nghị theo đơn vị", "Conferences per unit"), lang))}</h4>{chart_units(report, lang)}{_legend(lang)}</figure>')
            body.append("</div>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title(report, lang))}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


# -- XLSX ----------------------------------------------------------------------------------------


def to_xlsx(report: Report, lang: str = "vi") -> bytes:
    """A workbook: a sheet of figures (the report's tables) and one of findings."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    figures = workbook.active
    figures.title = pick(("Số liệu", "Figures"), lang)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F1ECE4")
    for section in document(report, lang):
        figures.append([section.heading])
        figures.cell(figures.max_row, 1).font = Font(bold=True, size=14 if section.level == 1 else 12)
        for block in section.blocks:
            if isinstance(block, Table):
                figures.append(list(block.headers))
                for cell in figures[figures.max_row]:
                    cell.font, cell.fill = bold, fill
                for row in block.rows:
                    figures.append([_cell_value(c) for c in row])
                    for cell in figures[figures.max_row]:
                        if isinstance(cell.value, float):
                            cell.number_format = "0.0%"
            else:
                figures.append([block])
        figures.append([])
    figures.column_dimensions["A"].width = 48
    for col in range(2, 11):
        figures.column_dimensions[get_column_letter(col)].width = 16

    sheet = workbook.create_sheet(pick(("Vi phạm", "Findings"), lang))
    headers = [pick(p, lang) for p in (
        ("Mã", "Code"), ("Mức", "Severity"), ("Miễn trừ", "Waived"), ("Đơn vị", "Unit"), ("UID", "UID"),
        ("Bắt đầu", "Start"), ("Hội nghị / cuộc họp", "Conference / meeting"), ("Quy tắc", "Rule"),
        ("Nội dung", "Message"), ("Đo được", "Measured"), ("Giới hạn", "Limit"), ("Đơn vị đo", "Measure"),
        ("Căn cứ", "Basis"), ("Lý do miễn trừ", "Waiver reason"), ("Người phê duyệt", "Approved by"))]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for f in report.findings:
        sheet.append([
            f.code, f.severity.value, "x" if f.waived else "", unit_label(f.unit, lang) if f.unit or not f.uid else "",
            f.uid, f.start.replace(tzinfo=None) if f.start else None, f.meeting_title, f.title(lang), f.message(lang),
            f.measured, f.limit, f.measure_unit, str(f.citation or ""), f.waiver.reason if f.waiver else "",
            f.waiver.by if f.waiver else "",
        ])
        sheet.cell(sheet.max_row, 6).number_format = "dd/mm/yyyy hh:mm"
        sheet.cell(sheet.max_row, 9).alignment = Alignment(wrap_text=True)
    for col, width in zip("ABCDEFGHIJKLMNO", (8, 9, 8, 28, 24, 17, 40, 34, 70, 9, 9, 9, 30, 30, 20)):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(text: str):
    """Whole numbers and shares as numbers, so a spreadsheet can add them up; everything else as text."""
    if isinstance(text, str) and text.isdigit():
        return int(text)
    if isinstance(text, str) and text.endswith("%") and not text.startswith("+"):
        try:
            return round(float(text[:-1].replace(",", ".")) / 100, 6)
        except ValueError:
            return text
    return text


def render(report: Report, fmt: str, lang: str = "vi") -> str | bytes:
    """The report in ``fmt``: ``markdown``, ``html``, ``json`` (text) or ``xlsx`` (bytes)."""
    return {"markdown": to_markdown, "html": to_html, "json": to_json, "xlsx": to_xlsx}[fmt](report, lang)


__all__ = ["Section", "Table", "document", "render", "to_html", "to_json", "to_markdown", "to_xlsx"]
