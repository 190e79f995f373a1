"""A period report as a self-contained HTML page (no script, no network) with inline SVG charts."""

from __future__ import annotations

import html
import re


from meetingrules.i18n import percent, pick, unit_label
from meetingrules.report import Report

from connectors.render.official import OfficialHeader, header_html, signature_html
from connectors.render.report import Table, document, share_text, title

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
table.official-header,table.official-signature{width:100%;border:none;margin:0 0 1.5rem}
table.official-header td,table.official-signature td{border:none;text-align:center;vertical-align:top;padding:0}
.official-header td.agency{width:40%}.official-header .rule{width:30%;margin:.1rem auto .4rem;border-top:1px solid #000}
.official-signature{margin-top:2rem}.official-signature td.recipients{text-align:left;font-size:.85rem;width:50%}
.official-signature .sign-space{height:4.5rem}
@page{size:A4;margin:20mm 15mm 20mm 30mm}
@media print{
body{margin:0;max-width:none;font-size:11pt;color:#000}
.charts{display:block}
.chart,figure{break-inside:avoid;page-break-inside:avoid;margin:0 0 6mm}
.chart svg{max-width:100%;height:auto}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
.official-signature{break-inside:avoid;page-break-inside:avoid}
}
"""
#: the page's stylesheet (screen and A4 print), shared by the consolidated report
STYLE = _CSS
ONLINE, IN_PERSON, TARGET, MEETING = "#2b6cb0", "#c9c9c9", "#a50e0e", "#8fb996"


_SIZE = re.compile(r'^<svg ([^>]*?)width="([\d.]+)" height="([\d.]+)"')


def scalable(svg: str) -> str:
    """An SVG chart with a viewBox, so that print (A4) can scale it instead of cutting it."""
    return _SIZE.sub(lambda m: f'<svg {m.group(1)}width="{m.group(2)}" height="{m.group(3)}" '
                               f'viewBox="0 0 {m.group(2)} {m.group(3)}"', svg, count=1)


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
        parts.append(f'<text x="{label_w + width + 4}" y="{y + 15}">{_esc(share_text(share, lang))}</text>')
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


def to_html(report: Report, lang: str = "vi", *, header: OfficialHeader | None = None) -> str:
    """A self-contained HTML page (no script, no network) with inline SVG charts, in the
    administrative layout (header and signature) and printable on A4 (charts never split)."""
    sections = document(report, lang)
    header = header or OfficialHeader.from_policy(report.policy)
    body: list[str] = [header_html(header, report.as_of)]
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
            body.append(f'<figure class="chart"><h4>{_esc(pick(("Tỷ lệ hội nghị trực tuyến so với chỉ tiêu", "Online share against the target"), lang))}</h4>{scalable(chart_online(report, lang))}</figure>')
            body.append(f'<figure class="chart"><h4>{_esc(pick(("Hội nghị theo tháng", "Conferences per month"), lang))}</h4>{scalable(chart_months(report, lang))}{_legend(lang)}</figure>')
            body.append(f'<figure class="chart"><h4>{_esc(pick(("Hội nghị theo đơn vị", "Conferences per unit"), lang))}</h4>{scalable(chart_units(report, lang))}{_legend(lang)}</figure>')
            body.append("</div>")
    body.append(signature_html(header))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title(report, lang))}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
