"""The administrative layout of a report (Nghị định 30/2020/NĐ-CP, Phụ lục I): its header and signature.

Nghị định 30/2020/NĐ-CP sets out the parts a Sở files (Phụ lục I, mục II): "Quốc hiệu và Tiêu
ngữ; Tên cơ quan, tổ chức ban hành văn bản; Số, ký hiệu của văn bản; Địa danh và thời gian
ban hành văn bản; Tên loại và trích yếu nội dung văn bản; Nội dung văn bản; Chức vụ, họ tên và
chữ ký của người có thẩm quyền; … Nơi nhận". What the policy's ``[report]`` table (or the
command's options) leaves empty becomes a dotted blank to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
import html

import attrs

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = "……"
DEFAULT_RECIPIENTS = ("Như trên", "Lưu: VT")


@attrs.frozen
class OfficialHeader:
    """Who issues and signs a report, and where (the policy's ``[report]`` table)."""

    agency: str = ""
    parent_agency: str = ""
    number: str = ""
    place: str = ""
    signer: str = ""
    signer_title: str = ""
    recipients: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @classmethod
    def from_policy(cls, policy) -> OfficialHeader:
        """The header the policy's ``[report]`` table gives."""
        table = policy.data.get("report", {})
        fields = {f.name for f in attrs.fields(cls)}
        return cls(**{k: v for k, v in table.items() if k in fields and v})

    def with_values(self, **values) -> OfficialHeader:
        """A copy with the given (non-empty) values."""
        return attrs.evolve(self, **{k: v for k, v in values.items() if v})

    def number_line(self) -> str:
        """``Số: 123/BC-SNV``, or ``Số: ……/BC-……`` to fill in."""
        return f"Số: {self.number}" if self.number else f"Số: {BLANK}/BC-{BLANK}"

    def date_line(self, day: dt.date) -> str:
        """``Hưng Yên, ngày 05 tháng 01 năm 2027``: days below 10 and months 1 and 2 with a leading 0."""
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"{self.place or BLANK}, ngày {day.day:02d} tháng {month} năm {day.year}"

    def recipient_lines(self) -> tuple[str, ...]:
        """The "Nơi nhận" lines, each ``- …;`` and the last ``- …``."""
        items = self.recipients or DEFAULT_RECIPIENTS
        return tuple(f"- {item.rstrip(';.')}" + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items))


def header_html(header: OfficialHeader, day: dt.date) -> str:
    """The header block as HTML: agency and number left, national title and date right."""
    e = html.escape
    return (
        '<table class="official-header"><tr><td class="agency">'
        + (f'<div class="parent">{e(header.parent_agency.upper())}</div>' if header.parent_agency else "")
        + f'<div class="name"><b>{e((header.agency or BLANK).upper())}</b></div><div class="rule"></div>'
        f'<div class="number">{e(header.number_line())}</div></td>'
        f'<td class="nation"><div><b>{NATIONAL_TITLE}</b></div><div class="motto"><b>{e(MOTTO)}</b></div>'
        f'<div class="rule"></div><div class="date"><i>{e(header.date_line(day))}</i></div></td></tr></table>'
    )


def signature_html(header: OfficialHeader) -> str:
    """Nơi nhận and the signature block as HTML."""
    e = html.escape
    recipients = "".join(f"<div>{e(line)}</div>" for line in header.recipient_lines())
    return (
        '<table class="official-signature"><tr>'
        f'<td class="recipients"><div><b><i>Nơi nhận:</i></b></div>{recipients}</td>'
        f'<td class="signer"><div><b>{e((header.signer_title or "THỦ TRƯỞNG CƠ QUAN").upper())}</b></div>'
        '<div class="sign-note"><i>(Ký, ghi rõ họ tên, đóng dấu)</i></div>'
        f'<div class="sign-space"></div><div><b>{e(header.signer or BLANK)}</b></div></td></tr></table>'
    )


__all__ = ["BLANK", "MOTTO", "NATIONAL_TITLE", "OfficialHeader", "header_html", "signature_html"]
