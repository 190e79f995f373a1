"""Renderers: a check or a report in a format for people or programs.

May import: the engine, rich and openpyxl; never a reader, a server or the command line.
Every output has the same signature, ``renderer(subject, lang, **options) -> str | bytes``,
and :func:`render` picks it by what is rendered and the format name; every fixed word comes
from :mod:`~connectors.render.words`.

================  =====================================================================
check             ``text`` (:mod:`.text`), ``concise`` (:mod:`.concise`), ``xlsx``
                  (:mod:`.check_xlsx`), ``json`` (:mod:`.json_doc`, the CLI's and the
                  API's one document), ``csv`` (:mod:`.csv_doc`), ``markdown`` (:mod:`.markdown`)
report            ``markdown``, ``json`` (:mod:`.report`), ``html`` (:mod:`.report_html`),
                  ``xlsx`` (:mod:`.report_xlsx`), ``docx`` (:mod:`.report_docx`, Nghị định 30/2020)
================  =====================================================================
"""

from __future__ import annotations

from collections.abc import Callable

from connectors.render import check_xlsx, concise, csv_doc, json_doc, markdown, report, report_docx, report_html, report_xlsx, text
from meetingrules import CheckResult
from meetingrules.report import Report

#: (what is rendered, format) → renderer
RENDERERS: dict[tuple[type, str], Callable[..., str | bytes]] = {
    (CheckResult, "text"): text.to_text,
    (CheckResult, "concise"): concise.to_concise,
    (CheckResult, "xlsx"): check_xlsx.to_xlsx,
    (CheckResult, "json"): json_doc.to_json,
    (CheckResult, "csv"): csv_doc.to_csv,
    (CheckResult, "markdown"): markdown.to_markdown,
    (Report, "markdown"): report.to_markdown,
    (Report, "json"): report.to_json,
    (Report, "html"): report_html.to_html,
    (Report, "xlsx"): report_xlsx.to_xlsx,
    (Report, "docx"): report_docx.to_docx,
}


def formats(kind: type) -> tuple[str, ...]:
    """The format names a check (``CheckResult``) or a report (``Report``) can be rendered in."""
    return tuple(fmt for k, fmt in RENDERERS if k is kind)


def render(subject: CheckResult | Report, fmt: str, lang: str = "vi", **options) -> str | bytes:
    """``subject`` in format ``fmt``: text for every format but XLSX (bytes)."""
    try:
        renderer = RENDERERS[(type(subject), fmt)]
    except KeyError:
        raise ValueError(f"no {fmt!r} renderer for {type(subject).__name__}") from None
    return renderer(subject, lang, **options)


__all__ = ["RENDERERS", "formats", "render"]
