"""From the bytes of a weekly schedule to its text blocks, in document order.

Every format comes down to two kinds of block, each knowing its place in the file so
that a diagnostic can name it (SPEC §9: "its place in the file (page/table/row or
line)"):

* :class:`Line` — a paragraph, a line of text, a list item;
* :class:`Grid` — a table as a grid of cell texts, merged cells repeated in every grid
  cell they cover (Word ``vMerge``/``gridSpan``, HTML ``rowspan``/``colspan``, Excel
  merged ranges), so that a day written once beside five rows dates all five.

Readers: python-docx (``.docx``), lxml (HTML, including a ``.doc`` that is really HTML),
openpyxl (``.xlsx``), pdfplumber (PDF with a text layer), and plain text.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import attrs

from connectors.ics.decode import decode


class ExtractError(ValueError):
    """A file that cannot be read as a weekly schedule; carries a (Vietnamese, English) reason."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi = vi
        self.en = en


@attrs.frozen
class Place:
    """Where a block sits: page, table, row, line (each when known), in words."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    line_word: tuple[str, str] = ("dòng", "line")

    def describe(self, lang: str = "vi") -> str:
        """``trang 2, bảng 1, hàng 5`` / ``page 2, table 1, row 5``."""
        vi = lang != "en"
        parts = []
        if self.page is not None:
            parts.append(f"{'trang' if vi else 'page'} {self.page}")
        if self.table is not None:
            parts.append(f"{'bảng' if vi else 'table'} {self.table}")
        if self.row is not None:
            parts.append(f"{'hàng' if vi else 'row'} {self.row}")
        if self.line is not None:
            parts.append(f"{self.line_word[0] if vi else self.line_word[1]} {self.line}")
        return ", ".join(parts)

    @property
    def pair(self) -> tuple[str, str]:
        """(Vietnamese, English) description."""
        return self.describe("vi"), self.describe("en")


@attrs.frozen
class Line:
    """One line of text and its place."""

    text: str
    place: Place


@attrs.frozen
class Grid:
    """One table: rows of cell texts (merged cells repeated), its place (page, table number)."""

    rows: tuple[tuple[str, ...], ...]
    place: Place
    #: (row, column) of the grid cells that continue a cell merged from above (rowspan, vMerge).
    below: frozenset[tuple[int, int]] = frozenset()


Block = Line | Grid


def clean(text: str) -> str:
    """NFC, non-breaking and odd spaces as spaces, runs of spaces squeezed (line breaks kept)."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ").replace("\r", "\n")
    return "\n".join(" ".join(part.split()) for part in text.split("\n")).strip("\n ")


# -- plain text ----------------------------------------------------------------------------
def text_blocks(text: str) -> list[Block]:
    """One :class:`Line` per line of ``text``, numbered from 1."""
    return [
        Line(line, Place(line=number))
        for number, raw in enumerate(text.splitlines(), 1)
        if (line := clean(raw))
    ]


def decode_text(data: bytes) -> tuple[str, tuple[str, str] | None]:
    """The text of plain bytes (UTF-8, UTF-16 with BOM, else cp1258) and the MR006 note, if any."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), None
    decoded = decode(data)
    return decoded.text, decoded.note


# -- Word ----------------------------------------------------------------------------------
def docx_blocks(data: bytes) -> list[Block]:
    """Paragraphs and tables of a .docx body, in order.

    Only ``word/document.xml`` is parsed (python-docx's parser); tables are read from their
    ``w:gridSpan`` and ``w:vMerge`` in one pass: opening the whole package (styles, numbering,
    themes) with ``docx.Document`` cost more than reading the schedule.
    """
    from docx.oxml import parse_xml

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
        root = parse_xml(xml)
    except Exception as exc:  # noqa: BLE001 - zipfile/lxml raise many kinds for a broken package
        raise ExtractError(
            f"tệp Word (.docx) bị hỏng ({type(exc).__name__}: {exc})",
            f"the Word file (.docx) is damaged ({type(exc).__name__}: {exc})",
        ) from exc
    body = root.find(_W + "body")
    blocks: list[Block] = []
    paragraph = table = 0
    p_tag, tbl_tag = _W_P, _W + "tbl"
    for item in (body.iterchildren() if body is not None else ()):
        if item.tag == tbl_tag:
            table += 1
            blocks.append(_docx_grid(item, Place(table=table)))
        elif item.tag == p_tag:
            paragraph += 1
            for part in clean(_paragraph_text(item)).split("\n"):
                if part.strip():
                    blocks.append(Line(part.strip(), Place(line=paragraph, line_word=("đoạn", "paragraph"))))
    return blocks


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_T, _W_BR, _W_CR, _W_TAB, _W_P = _W + "t", _W + "br", _W + "cr", _W + "tab", _W + "p"
_W_TCPR, _W_SPAN, _W_VMERGE, _W_VAL, _W_TC, _W_TR = (
    _W + "tcPr", _W + "gridSpan", _W + "vMerge", _W + "val", _W + "tc", _W + "tr"
)


def _paragraph_text(paragraph) -> str:
    out = []
    for node in paragraph.iter(_W_T, _W_BR, _W_CR, _W_TAB):
        tag = node.tag
        out.append((node.text or "") if tag == _W_T else (" " if tag == _W_TAB else "\n"))
    return "".join(out)


def _docx_grid(tbl, place: Place) -> Grid:
    """A Word table as a grid in one pass over its cells (``gridSpan`` and ``vMerge`` repeated).

    ``<w:vMerge/>`` without a value, or ``w:val="continue"``, continues the cell above.
    """
    rows: list[list[str]] = []
    below: set[tuple[int, int]] = set()
    for r, tr in enumerate(tbl.iterchildren(_W_TR)):
        out: list[str] = []
        for tc in tr.iterchildren(_W_TC):
            properties = tc.find(_W_TCPR)
            span, continues = 1, False
            if properties is not None:
                grid_span = properties.find(_W_SPAN)
                if grid_span is not None:
                    try:
                        span = max(int(grid_span.get(_W_VAL, "1")), 1)
                    except ValueError:
                        span = 1
                merge = properties.find(_W_VMERGE)
                continues = merge is not None and merge.get(_W_VAL, "continue") == "continue"
            text = "" if continues else clean("\n".join(_paragraph_text(p) for p in tc.iter(_W_P)))
            for _ in range(span):
                column = len(out)
                if continues:
                    above = rows[r - 1][column] if r > 0 and column < len(rows[r - 1]) else ""
                    out.append(above)
                    below.add((r, column))
                else:
                    out.append(text)
        rows.append(out)
    width = max((len(row) for row in rows), default=0)
    grid = tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
    return Grid(grid, place, frozenset(below))


# -- HTML ----------------------------------------------------------------------------------
_BLOCK_TAGS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 tr br dt dd blockquote section article header footer ul ol pre".split()
)
_SKIP_TAGS = frozenset("script style head noscript template".split())
_CHARSET_VALUE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)  # inside one attribute value


def html_text(data: bytes) -> str:
    """The bytes of an HTML page as text: its BOM, else UTF-8, else its declared charset, else cp1258.

    The declared charset is read from the page's ``<meta>`` elements parsed by lxml (a
    Word-saved ``.doc`` says ``charset=windows-1258``).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data).text


def _declared_charset(data: bytes) -> str | None:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data[:65536], parser=lxml.html.HTMLParser(encoding="latin-1"))
    except Exception:  # noqa: BLE001 - no head to read: no declared charset
        return None
    for meta in root.iter("meta"):
        value = meta.get("charset") or meta.get("content") or ""
        found = _CHARSET_VALUE.search(value) if "=" in value else None
        if found or (meta.get("charset") and value):
            return found.group(1) if found else value.strip()
    return None


def html_blocks(data: bytes) -> list[Block]:
    """Tables (rowspan/colspan expanded) and block-level text lines of an HTML page (lxml)."""
    import lxml.html

    text = html_text(data)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - lxml: empty or broken document
        raise ExtractError(f"không đọc được HTML ({exc})", f"the HTML cannot be parsed ({exc})") from exc
    walker = _HtmlWalker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks


class _HtmlWalker:
    """Walks the element tree once: text runs become lines at block boundaries; tables become grids."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.line = 0
        self.tables = 0

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        self.buffer = []
        for part in text.split("\n"):
            if part.strip():
                self.line += 1
                self.blocks.append(Line(part.strip(), Place(line=self.line, line_word=("đoạn", "paragraph"))))

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower().split("}")[-1]
        if tag in _SKIP_TAGS:
            self.buffer.append(" ")
            return
        if tag == "table":
            self.flush()
            if element.xpath(".//table"):
                # A layout table around the real one: read its cells as text, tables inside as grids.
                for cell_child in element.iterchildren():
                    self.walk(cell_child)
                self.flush()
            else:
                self.tables += 1
                rows, below = html_grid(element)
                self.blocks.append(Grid(rows, Place(table=self.tables), below))
            self.buffer.append(element.tail or "")
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag == "br":
            self.buffer.append("\n")
        else:
            self.buffer.append(element.text or "")
        for child in element.iterchildren():
            self.walk(child)
        if tag in _BLOCK_TAGS or tag in ("td", "th"):
            self.buffer.append(" " if tag in ("td", "th") else "\n")
            if tag in _BLOCK_TAGS:
                self.flush()
        self.buffer.append(element.tail or "")


def _cell_text(cell) -> str:
    parts: list[str] = []

    def walk(element):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag in _BLOCK_TAGS and parts:
            parts.append("\n")
        parts.append(element.text or "")
        for child in element.iterchildren():
            walk(child)
        if tag in ("p", "div", "li"):
            parts.append("\n")
        parts.append(element.tail or "")

    parts.append(cell.text or "")
    for child in cell.iterchildren():
        walk(child)
    return clean("".join(parts))


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1") or 1), 500))
    except ValueError:
        return 1


def html_grid(table) -> tuple[tuple[tuple[str, ...], ...], frozenset[tuple[int, int]]]:
    """An HTML table as a grid: each rowspan/colspan cell repeated over the grid cells it covers,
    and the grid cells a rowspan fills from above."""
    rows = [tr for tr in table.iter("tr") if tr.getparent() is not None]
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) filled by a rowspan from above
    below: set[tuple[int, int]] = set()
    for r, tr in enumerate(rows):
        out: list[str | None] = []
        column = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while (r, column) in pending:
                below.add((r, column))
                out.append(pending.pop((r, column)))
                column += 1
            text = _cell_text(cell)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for c in range(colspan):
                out.append(text)
                for down in range(1, rowspan):
                    pending[(r + down, column + c)] = text
            column += colspan
        while (r, column) in pending:
            below.add((r, column))
            out.append(pending.pop((r, column)))
            column += 1
        grid.append(out)
    width = max((len(row) for row in grid), default=0)
    rows_out = tuple(tuple((cell or "") for cell in row) + ("",) * (width - len(row)) for row in grid)
    return rows_out, frozenset(below)


# -- Excel ---------------------------------------------------------------------------------
def xlsx_blocks(data: bytes) -> list[Block]:
    """Each sheet as a grid (openpyxl), merged ranges repeated over their cells."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise ExtractError(
            f"tệp Excel (.xlsx) bị hỏng ({type(exc).__name__}: {exc})",
            f"the Excel file (.xlsx) is damaged ({type(exc).__name__}: {exc})",
        ) from exc
    blocks: list[Block] = []
    for number, sheet in enumerate(book.worksheets, 1):
        values: dict[tuple[int, int], str] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    values[(cell.row, cell.column)] = _excel_text(cell.value)
        below: set[tuple[int, int]] = set()
        for merged in sheet.merged_cells.ranges:
            text = values.get((merged.min_row, merged.min_col), "")
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    values[(r, c)] = text
                    if r > merged.min_row:
                        below.add((r - 1, c - 1))
        if not values:
            continue
        last_row = max(r for r, _ in values)
        last_col = max(c for _, c in values)
        rows = tuple(
            tuple(clean(values.get((r, c), "")) for c in range(1, last_col + 1)) for r in range(1, last_row + 1)
        )
        blocks.append(Grid(rows, Place(table=number), frozenset(below)))
    return blocks


def _excel_text(value) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        if value.date() == dt.date(1899, 12, 30) or value.year < 1901:
            return f"{value.hour:02d}:{value.minute:02d}"
        return f"{value.day:02d}/{value.month:02d}/{value.year} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- PDF -----------------------------------------------------------------------------------
def pdf_blocks(data: bytes) -> list[Block]:
    """Tables (pdfplumber) and the text lines outside them, page by page."""
    import pdfplumber

    blocks: list[Block] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        raise ExtractError(
            f"tệp PDF bị hỏng hoặc có mật khẩu ({type(exc).__name__})",
            f"the PDF is damaged or password-protected ({type(exc).__name__})",
        ) from exc
    any_text = False
    tables_seen = 0
    with pdf:
        for page_number, page in enumerate(pdf.pages, 1):
            found = page.find_tables()
            rest = page
            for table in found:
                rest = rest.outside_bbox(table.bbox)
            lines = [
                (round(float(line["top"]), 1), clean(line["text"]))
                for line in rest.extract_text_lines(layout=False)
            ]
            items: list[tuple[float, Block]] = []
            for number, (top, text) in enumerate(lines, 1):
                if text:
                    any_text = True
                    items.append((top, Line(text, Place(page=page_number, line=number))))
            for table in found:
                rows = table.extract()
                grid, below = _pdf_grid(rows)
                if any(any(cell for cell in row) for row in grid):
                    any_text = True
                    tables_seen += 1
                    place = Place(page=page_number, table=tables_seen)
                    items.append((float(table.bbox[1]), Grid(grid, place, below)))
            items.sort(key=lambda pair: pair[0])
            blocks.extend(block for _, block in items)
    if not any_text:
        raise ExtractError(
            "PDF không có lớp chữ (bản scan/ảnh chụp): cần bản PDF xuất từ Word hoặc tệp Word/HTML gốc",
            "the PDF has no text layer (a scan or photo): a PDF exported from Word, or the Word/HTML original, is needed",
        )
    return blocks


def _pdf_grid(rows) -> tuple[tuple[tuple[str, ...], ...], frozenset[tuple[int, int]]]:
    """pdfplumber rows, a merged cell (None) taking the text above it (vertical merges of a day column)."""
    width = max((len(row) for row in rows), default=0)
    grid: list[list[str]] = []
    below: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        out = []
        for c in range(width):
            cell = row[c] if c < len(row) else None
            if cell is None:
                above = grid[r - 1][c] if r > 0 else ""
                left = out[c - 1] if c > 0 else ""
                cell = above if above else left
                if above:
                    below.add((r, c))
            out.append(clean(cell))
        grid.append(out)
    return tuple(tuple(row) for row in grid), frozenset(below)
