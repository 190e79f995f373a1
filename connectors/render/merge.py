"""A consolidated report from several units' reports (``meetingrules report --merge a.json b.xlsx``).

A Sở Nội vụ receives each unit's report and files one for the province. Each input is a
report this tool wrote: its JSON, or its XLSX (which carries the same JSON on a hidden sheet,
``meetingrules-data``). The figures are added up per unit and in total; the online share is
recomputed from the sums, never averaged. Reports of different periods are not merged.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from pathlib import Path

from connectors.render.official import OfficialHeader, header_html, signature_html
from connectors.render.report import Section, Table
from meetingrules import UsageError
from meetingrules.i18n import number, percent, pick

#: the hidden sheet of a report workbook that holds the report's JSON
DATA_SHEET = "meetingrules-data"
_CELL = 30000  # an Excel cell holds at most 32,767 characters
FIGURES = ("conferences", "online_conferences", "province_wide_conferences", "sector_wide_conferences",
           "commune_wide_conferences", "meetings", "wide_gatherings")


def json_rows(text: str) -> list[str]:
    """The report's JSON cut into cells of the data sheet."""
    return [text[i:i + _CELL] for i in range(0, len(text), _CELL)] or [""]


def _refuse(path, vi: str, en: str):
    return UsageError(f"{path}: {vi}", f"{path}: {en}")


def load_report(path: str) -> dict:
    """One unit's report (its JSON document) from a ``.json`` or ``.xlsx`` this tool wrote."""
    file = Path(path)
    try:
        if file.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(file, read_only=True)
            if DATA_SHEET not in book.sheetnames:
                raise _refuse(path, "không phải báo cáo XLSX do meetingrules lập (thiếu trang dữ liệu)",
                              "not an XLSX report made by meetingrules (no data sheet)")
            text = "".join(str(row[0] or "") for row in book[DATA_SHEET].iter_rows(values_only=True))
        else:
            text = file.read_text(encoding="utf-8-sig")
        doc = json.loads(text)
    except UsageError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise _refuse(path, f"không đọc được báo cáo ({exc})", f"cannot read the report ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        raise _refuse(path, f"không đọc được báo cáo ({type(exc).__name__})",
                      f"cannot read the report ({type(exc).__name__})") from exc
    if not isinstance(doc, dict) or doc.get("kind") != "report" or "units" not in doc:
        raise _refuse(path, "không phải báo cáo JSON của meetingrules report", "not a meetingrules report JSON")
    doc["source"] = str(path)
    return doc


def load_reports(paths: list[str]) -> dict:
    """The consolidated figures of the reports at ``paths`` (all of one period)."""
    docs = [load_report(p) for p in paths]
    periods = {(d["period"]["start"], d["period"]["end"]) for d in docs}
    if len(periods) > 1:
        listed = ", ".join(f"{d['source']} ({d['period']['label']})" for d in docs)
        raise UsageError(f"Không gộp được báo cáo của các kỳ khác nhau: {listed}.",
                         f"Reports of different periods cannot be merged: {listed}.")
    units: dict[str, dict] = {}
    for doc in docs:
        for row in doc["units"]:
            into = units.setdefault(row["unit"], {"unit": row["unit"], **{k: 0 for k in FIGURES},
                                                  "errors": 0, "warnings": 0, "sources": []})
            for key in (*FIGURES, "errors", "warnings"):
                into[key] += int(row.get(key) or 0)
            into["sources"].append(doc["source"])
    totals = {k: sum(int(d.get(k) or 0) for d in docs) for k in FIGURES}
    by_code: dict[str, int] = {}
    for doc in docs:
        for code, count in doc.get("findings_by_code", {}).items():
            by_code[code] = by_code.get(code, 0) + count
    first = docs[0]
    return {
        "schema_version": 1,
        "tool": "meetingrules",
        "kind": "merged-report",
        "period": {k: first["period"][k] for k in ("label", "name", "start", "end")},
        "sources": [{"file": d["source"], "policy": d.get("policy", ""), "as_of": d.get("as_of", ""),
                     "units": [u["unit"] for u in d["units"]]} for d in docs],
        **totals,
        "online_share": round(totals["online_conferences"] / totals["conferences"], 4) if totals["conferences"] else None,
        "units": sorted(units.values(), key=lambda u: u["unit"]),
        "findings_by_code": dict(sorted(by_code.items())),
    }


def sections(merged: dict, lang: str) -> list[Section]:
    """The consolidated report as sections (the same blocks every format shows)."""
    L = lambda vi, en: pick((vi, en), lang)  # noqa: E731
    p = merged["period"]
    start, end = (dt.date.fromisoformat(p[k]).strftime("%d/%m/%Y") for k in ("start", "end"))
    share = lambda a, b: percent(a / b, lang) if b else "—"  # noqa: E731
    head = (
        L(f"Kỳ báo cáo: {start} – {end}", f"Period: {start} – {end}"),
        L(f"Tổng hợp từ {len(merged['sources'])} báo cáo của các đơn vị.",
          f"Consolidated from {len(merged['sources'])} units' reports."),
    )
    out = [Section(L(f"Báo cáo tổng hợp tình hình, kết quả thực hiện chế độ hội họp {p['name']}",
                     f"Consolidated meetings report, {p['name']}"), head, level=1)]
    unit_rows = tuple(
        (u["unit"], number(u["conferences"], lang), number(u["online_conferences"], lang),
         share(u["online_conferences"], u["conferences"]), number(u["province_wide_conferences"], lang),
         number(u["sector_wide_conferences"], lang), number(u["commune_wide_conferences"], lang),
         number(u["meetings"], lang), number(u["errors"], lang), number(u["warnings"], lang))
        for u in merged["units"]
    )
    total = (L("Tổng cộng", "Total"), number(merged["conferences"], lang), number(merged["online_conferences"], lang),
             share(merged["online_conferences"], merged["conferences"]),
             number(merged["province_wide_conferences"], lang), number(merged["sector_wide_conferences"], lang),
             number(merged["commune_wide_conferences"], lang), number(merged["meetings"], lang),
             number(sum(u["errors"] for u in merged["units"]), lang),
             number(sum(u["warnings"] for u in merged["units"]), lang))
    out.append(Section(L("I. Số liệu theo đơn vị", "I. Figures by unit"), (Table(
        (L("Đơn vị", "Unit"), L("Hội nghị", "Conferences"), L("Trực tuyến", "Online"), L("Tỷ lệ", "Share"),
         L("Toàn tỉnh", "Province-wide"), L("Toàn ngành", "Sector-wide"), L("Toàn xã", "Commune-wide"),
         L("Cuộc họp", "Meetings"), L("Lỗi", "Errors"), L("Cảnh báo", "Warnings")),
        unit_rows + (total,)),)))
    codes = merged["findings_by_code"]
    out.append(Section(L("II. Vi phạm theo quy tắc", "II. Findings by rule"), (
        Table((L("Mã", "Code"), L("Số lượng", "Count")), tuple((c, number(n, lang)) for c, n in codes.items())),
    ) if codes else (L("Không có vi phạm.", "No breach."),)))
    out.append(Section(L("III. Báo cáo được tổng hợp", "III. Reports consolidated"), (Table(
        (L("Tệp", "File"), L("Đơn vị", "Units"), L("Ngày lập", "Prepared on"), L("Chính sách", "Policy")),
        tuple((Path(s["file"]).name, ", ".join(s["units"]), s["as_of"], s["policy"]) for s in merged["sources"])),)))
    return out


def render_merged(merged: dict, fmt: str, lang: str, *, header: OfficialHeader, as_of: dt.date) -> str | bytes:
    """The consolidated report in ``fmt`` (markdown, html, json, xlsx, docx)."""
    parts = sections(merged, lang)
    if fmt == "json":
        return json.dumps(merged, ensure_ascii=False, indent=2)
    if fmt == "docx":
        from connectors.render.report_docx import sections_docx

        return sections_docx(parts, as_of, header)
    if fmt == "xlsx":
        return _xlsx(parts, merged)
    if fmt == "html":
        from connectors.render.report_html import STYLE

        body = [header_html(header, as_of)]
        for section in parts:
            body.append(f"<h{section.level}>{html.escape(section.heading)}</h{section.level}>")
            for block in section.blocks:
                if isinstance(block, Table):
                    body.append("<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in block.headers)
                                + "</tr></thead><tbody>" + "".join(
                                    "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                                    for row in block.rows) + "</tbody></table>")
                else:
                    body.append(f"<p>{html.escape(block)}</p>")
        body.append(signature_html(header))
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>'
                f"{html.escape(parts[0].heading)}</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")
    lines: list[str] = []
    for section in parts:
        lines += ["#" * section.level + " " + section.heading, ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines.append("| " + " | ".join(block.headers) + " |")
                lines.append("|" + "|".join("---" for _ in block.headers) + "|")
                lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in block.rows]
            else:
                lines.append(block)
            lines.append("")
    return "\n".join(lines)


def _xlsx(parts: list[Section], merged: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    for section in parts:
        sheet.append([section.heading])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for block in section.blocks:
            if isinstance(block, Table):
                sheet.append(list(block.headers))
                for row in block.rows:
                    sheet.append([int(c) if isinstance(c, str) and c.isdigit() else c for c in row])
            else:
                sheet.append([block])
        sheet.append([])
    sheet.column_dimensions["A"].width = 44
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["DATA_SHEET", "json_rows", "load_report", "load_reports", "render_merged", "sections"]
