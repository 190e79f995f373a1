"""The rule catalogue: every code declared once, as data.

A rule's code never changes meaning and is never reused; a retired rule stays in
``RETIRED`` with what replaced it. Severity here is the default: the policy may override
it. Message templates are ``str.format`` templates over the finding's parameters.
Docs pages in ``docs/rules/`` are generated from this table (``python -m meetingrules.docgen``).
"""

from __future__ import annotations

import attrs

from meetingrules.findings import Citation, Finding
from meetingrules.model import Notice, Severity

PLAN_II4A = "II.4.a"
PLAN_II4B = "II.4.b"

_Q_LENGTH = (
    "Hội nghị quán triệt không quá 1/2 ngày; hội nghị chuyên môn không quá 01 ngày; "
    "các hội nghị quan trọng cần thảo luận không quá 1,5 ngày"
)


@attrs.frozen
class Rule:
    """One rule of the catalogue."""

    code: str
    name: str
    severity: Severity
    scope: str  # "meeting": sees one conference/meeting; "calendar": sees the schedule; "input"
    title_vi: str
    title_en: str
    message_vi: str
    message_en: str
    citation: Citation | None
    hint_vi: str = ""
    hint_en: str = ""
    params: tuple[str, ...] = ()
    breaks: str = ""  # an example that breaks the rule (docs)
    complies: str = ""  # an example that complies (docs)
    escalates: bool = False  # warning while the period runs, error once it has ended

    def title(self, lang: str = "vi") -> str:
        """The title in ``lang``."""
        return self.title_en if lang == "en" else self.title_vi

    def finding(self, values_vi: dict, values_en: dict, **fields) -> Finding:
        """A finding of this rule: its templates filled with ``values_*`` (a missing key is
        left blank), its title, citation, hint and default severity; ``fields`` set the rest."""
        fields.setdefault("severity", self.severity)
        return Finding(
            code=self.code,
            message_vi=self.message_vi.format_map(_Blank(values_vi)),
            message_en=self.message_en.format_map(_Blank(values_en)),
            title_vi=self.title_vi,
            title_en=self.title_en,
            citation=self.citation,
            hint_vi=self.hint_vi,
            hint_en=self.hint_en,
            **fields,
        )


    def notice(self, detail_vi: str, detail_en: str | None = None) -> Notice:
        """A note about one event under this rule, its templates filled with ``detail``."""
        detail_en = detail_vi if detail_en is None else detail_en
        return Notice(
            self.code,
            self.message_vi.format_map(_Blank(detail=detail_vi)),
            self.message_en.format_map(_Blank(detail=detail_en)),
            self.severity,
        )


class _Blank(dict):
    def __missing__(self, key):
        return ""


RULES: tuple[Rule, ...] = (
    # -- input quality -----------------------------------------------------------------
    Rule(
        "MR001", "unreadable-file", Severity.WARNING, "input",
        "Không đọc được tệp lịch", "Calendar file could not be read",
        "Không đọc được {origin}: {detail}", "Could not read {origin}: {detail}",
        None,
        "Xuất lại lịch từ phần mềm gốc ở định dạng iCalendar (.ics).",
        "Export the calendar again from its application as iCalendar (.ics).",
    ),
    Rule(
        "MR002", "rejected-event", Severity.WARNING, "input",
        "Sự kiện bị loại vì dữ liệu hỏng", "Event rejected: broken data",
        "Sự kiện bị loại: {detail}", "Event rejected: {detail}",
        None,
        "Sửa sự kiện trong phần mềm lịch (thời gian bắt đầu, kết thúc, quy tắc lặp).",
        "Fix the event in the calendar application (start, end, recurrence rule).",
    ),
    Rule(
        "MR003", "unclassified-conference", Severity.INFO, "input",
        "Hội nghị chưa rõ loại", "Conference of unknown kind",
        "Không xác định được loại hội nghị (quán triệt, chuyên môn, quan trọng); chỉ áp dụng giới hạn chung {limit} ngày.",
        "The kind of conference (briefing, technical, important) is unknown; only the general {limit}-day ceiling applies.",
        None,
        "Thêm X-MEETINGRULES-KIND hoặc ghi rõ loại hội nghị trong tiêu đề.",
        "Add X-MEETINGRULES-KIND or name the kind of conference in the title.",
    ),
    Rule(
        "MR004", "recurrence-cut", Severity.INFO, "input",
        "Chuỗi lặp bị cắt tại khung thời gian phân tích", "Recurrence cut at the analysis window",
        "Chuỗi lặp không giới hạn chỉ được mở rộng đến {detail}.",
        "An unbounded recurrence was expanded only up to {detail}.",
        None,
    ),
    Rule(
        "MR005", "unknown-property-value", Severity.WARNING, "input",
        "Giá trị thuộc tính X-MEETINGRULES không hợp lệ", "Unknown X-MEETINGRULES value",
        "{detail}", "{detail}",
        None,
        "Dùng một trong các giá trị được liệt kê trong docs/classification.md.",
        "Use one of the values listed in docs/classification.md.",
    ),
    Rule(
        "MR006", "not-utf8", Severity.WARNING, "input",
        "Tệp không mã hóa UTF-8", "File is not UTF-8",
        "{origin} không phải UTF-8; đã đọc theo bảng mã {detail}. Hãy kiểm tra chữ tiếng Việt.",
        "{origin} is not UTF-8; it was read as {detail}. Check the Vietnamese text.",
        None,
        "Lưu lại tệp ở mã UTF-8.", "Save the file again as UTF-8.",
    ),
    Rule(
        "MR007", "unknown-timezone", Severity.WARNING, "input",
        "Múi giờ không xác định", "Unknown time zone",
        "Không nhận ra múi giờ '{detail}'; đã dùng múi giờ {limit} của chính sách.",
        "Time zone '{detail}' is not known; the policy zone {limit} was used.",
        None,
    ),
    Rule(
        "MR008", "agenda-missing", Severity.INFO, "input",
        "Chưa có chương trình hội nghị", "No agenda",
        "Hội nghị không có chương trình; chưa kiểm tra được thời lượng phát biểu (MR201–MR205).",
        "The conference has no agenda; speech lengths (MR201–MR205) could not be checked.",
        None,
        "Ghi chương trình vào phần mô tả, ví dụ '08:00-08:10 Phát biểu khai mạc'.",
        "Put the agenda in the description, e.g. '08:00-08:10 Phát biểu khai mạc'.",
    ),
    Rule(
        "MR009", "agenda-line-ignored", Severity.INFO, "input",
        "Dòng chương trình không đọc được", "Agenda line not understood",
        "Dòng '{detail}' trông như một mục chương trình nhưng không đọc được; đã bỏ qua.",
        "The line '{detail}' looks like an agenda item but could not be read; it was ignored.",
        None,
    ),
    Rule(
        "MR010", "property-ignored", Severity.INFO, "input",
        "Thuộc tính không đọc được, sự kiện vẫn được kiểm tra", "Property could not be read; the event is kept",
        "{detail}", "{detail}",
        None,
        "Sửa thuộc tính trong phần mềm lịch.", "Fix the property in the calendar application.",
    ),
    Rule(
        "MR011", "weekday-date-mismatch", Severity.WARNING, "input",
        "Thứ không khớp với ngày trong lịch công tác tuần", "Weekday does not match the date in a weekly schedule",
        "{origin}, {detail}", "{origin}, {detail}",
        None,
        "Sửa thứ hoặc ngày của đề mục ngày trong lịch công tác tuần.",
        "Correct the weekday or the date of the day heading in the weekly schedule.",
    ),
    # -- length of conferences ---------------------------------------------------------
    Rule(
        "MR101", "briefing-too-long", Severity.ERROR, "meeting",
        "Hội nghị quán triệt quá 1/2 ngày", "Briefing conference longer than half a day",
        "Hội nghị quán triệt kéo dài {hours} giờ, {sessions} buổi; giới hạn {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Briefing conference lasts {hours} h in {sessions} session(s); the limit is {limit_hours} h, {limit_sessions} session(s) ({days} day).",
        Citation(PLAN_II4B, _Q_LENGTH),
        "Rút gọn chương trình vào một buổi, hoặc tổ chức trực tuyến, lồng ghép với hội nghị khác.",
        "Fit the programme into one session, or hold it online or within another conference.",
        params=("caps.briefing", "sessions"),
        breaks="Hội nghị quán triệt Kết luận 226-KL/TW, 07:30–12:00 (4,5 giờ).",
        complies="Hội nghị quán triệt Kết luận 226-KL/TW, 13:30–17:30 (4 giờ, 1 buổi).",
    ),
    Rule(
        "MR102", "technical-too-long", Severity.ERROR, "meeting",
        "Hội nghị chuyên môn quá 01 ngày", "Technical conference longer than one day",
        "Hội nghị chuyên môn kéo dài {hours} giờ, {sessions} buổi; giới hạn {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Technical conference lasts {hours} h in {sessions} session(s); the limit is {limit_hours} h, {limit_sessions} session(s) ({days} day).",
        Citation(PLAN_II4B, _Q_LENGTH),
        "Giữ hội nghị trong một ngày làm việc.", "Keep the conference within one working day.",
        params=("caps.technical", "sessions"),
        breaks="Hội nghị tập huấn chuyên môn 07:00–18:00 (9 giờ).",
        complies="Hội nghị tập huấn chuyên môn 07:30–17:30 (8 giờ, 2 buổi).",
    ),
    Rule(
        "MR103", "important-too-long", Severity.ERROR, "meeting",
        "Hội nghị quan trọng quá 1,5 ngày", "Important conference longer than 1.5 days",
        "Hội nghị quan trọng kéo dài {hours} giờ, {sessions} buổi; giới hạn {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Important conference lasts {hours} h in {sessions} session(s); the limit is {limit_hours} h, {limit_sessions} session(s) ({days} days).",
        Citation(PLAN_II4B, _Q_LENGTH),
        "Giữ hội nghị trong một ngày rưỡi (3 buổi).", "Keep the conference within a day and a half (3 sessions).",
        params=("caps.important", "sessions"),
        breaks="Hội nghị quan trọng cần thảo luận, hai ngày trọn (16 giờ, 4 buổi).",
        complies="Hội nghị quan trọng cần thảo luận, ngày 1 08:00 → ngày 2 11:30 (11,5 giờ, 3 buổi).",
    ),
    Rule(
        "MR104", "conference-over-ceiling", Severity.ERROR, "meeting",
        "Hội nghị vượt quá trần 1,5 ngày", "Conference over the 1.5-day ceiling",
        "Hội nghị kéo dài {hours} giờ, {sessions} buổi; không hội nghị nào được quá {limit_hours} giờ, {limit_sessions} buổi ({days} ngày).",
        "Conference lasts {hours} h in {sessions} session(s); no conference may exceed {limit_hours} h, {limit_sessions} session(s) ({days} days).",
        Citation(PLAN_II4B, _Q_LENGTH),
        "Giữ hội nghị trong một ngày rưỡi và ghi rõ loại hội nghị.",
        "Keep the conference within a day and a half and state its kind.",
        params=("caps.ceiling", "sessions"),
        breaks="Hội nghị (không rõ loại) kéo dài hai ngày trọn.",
        complies="Hội nghị (không rõ loại) 07:30–17:30.",
    ),
    # -- speeches and agenda -----------------------------------------------------------
    Rule(
        "MR201", "opening-too-long", Severity.ERROR, "meeting",
        "Phát biểu khai mạc quá 10 phút", "Opening speech longer than 10 minutes",
        "Phát biểu khai mạc '{item}' dài {minutes} phút; giới hạn {limit} phút.",
        "Opening speech '{item}' lasts {minutes} minutes; the limit is {limit} minutes.",
        Citation(PLAN_II4B, "Phát biểu khai mạc không quá 10 phút"),
        "Rút phát biểu khai mạc xuống 10 phút.", "Cut the opening speech to 10 minutes.",
        params=("speeches.opening",),
        breaks="08:00-08:11 Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh",
        complies="08:00-08:10 Phát biểu khai mạc - Đ/c Chủ tịch UBND tỉnh",
    ),
    Rule(
        "MR202", "contribution-too-long", Severity.ERROR, "meeting",
        "Phát biểu tham luận quá 10 phút", "Contributed speech longer than 10 minutes",
        "Tham luận '{item}' dài {minutes} phút; giới hạn {limit} phút.",
        "Contributed speech '{item}' lasts {minutes} minutes; the limit is {limit} minutes.",
        Citation(PLAN_II4B, "phát biểu tham luận không quá 10 phút"),
        "Rút tham luận xuống 10 phút, gửi toàn văn bằng văn bản.",
        "Cut the speech to 10 minutes and circulate the full text in writing.",
        params=("speeches.contribution",),
        breaks="Tham luận: Sở Y tế (15 phút)",
        complies="Tham luận: Sở Y tế (10 phút)",
    ),
    Rule(
        "MR203", "concluding-remarks-too-long", Severity.ERROR, "meeting",
        "Phát biểu kết luận quá 50 phút", "Concluding remarks longer than 50 minutes",
        "Phát biểu kết luận của lãnh đạo tổng cộng {minutes} phút; giới hạn {limit} phút.",
        "Leaders' concluding remarks total {minutes} minutes; the limit is {limit} minutes.",
        Citation(
            PLAN_II4B,
            "phát biểu kết luận hội nghị của lãnh đạo có tổng thời lượng không quá 50 phút",
        ),
        "Rút tổng thời lượng kết luận xuống 50 phút.", "Cut the concluding remarks to 50 minutes in total.",
        params=("speeches.concluding_total",),
        breaks="10:30-11:21 Kết luận của đồng chí Chủ tịch",
        complies="10:30-11:20 Kết luận của đồng chí Chủ tịch",
    ),
    Rule(
        "MR204", "report-re-read", Severity.WARNING, "meeting",
        "Chương trình có đọc lại báo cáo", "The agenda re-reads a report",
        "Mục '{item}' là đọc/trình bày lại báo cáo; báo cáo nên gửi trước để dành thời gian thảo luận.",
        "Item '{item}' re-reads a report; circulate it beforehand and spend the time on discussion.",
        Citation(PLAN_II4B, "không đọc lại báo cáo"),
        "Gửi báo cáo trước hội nghị; bỏ mục đọc báo cáo.", "Send the report before the conference; drop the reading.",
        params=("keywords.report_reading",),
        breaks="08:10-08:40 Đọc báo cáo tình hình thực hiện nhiệm vụ",
        complies="08:10-09:40 Thảo luận về báo cáo đã gửi trước",
    ),
    Rule(
        "MR205", "too-little-discussion", Severity.WARNING, "meeting",
        "Thảo luận chưa chiếm phần lớn thời gian", "Discussion takes less than half of the agenda",
        "Thảo luận chiếm {share} thời lượng chương trình ({minutes}/{total} phút); cần ít nhất {limit}.",
        "Discussion takes {share} of the agenda ({minutes}/{total} minutes); at least {limit} is expected.",
        Citation(PLAN_II4B, "dành thời gian chủ yếu để thảo luận và giải quyết vấn đề"),
        "Dành phần lớn chương trình cho thảo luận.", "Give most of the agenda to discussion.",
        params=("speeches.discussion_min_share",),
        breaks="Chương trình 180 phút, thảo luận 30 phút.",
        complies="Chương trình 180 phút, thảo luận 100 phút.",
    ),
    # -- calendar-wide -----------------------------------------------------------------
    Rule(
        "MR301", "province-wide-cap", Severity.ERROR, "calendar",
        "Quá 2 hội nghị quy mô toàn tỉnh trong năm", "More than 2 province-wide conferences in a year",
        "Đây là hội nghị quy mô toàn tỉnh thứ {count} của cấp tỉnh {year}; tối đa {limit} hội nghị mỗi năm.",
        "This is the province level's province-wide conference no. {count} of {year}; at most {limit} a year.",
        Citation(PLAN_II4A, "đảm bảo cấp tỉnh tổ chức không quá 2 hội nghị quy mô toàn tỉnh mỗi năm"),
        "Lồng ghép nội dung vào hội nghị toàn tỉnh đã có, hoặc tổ chức theo quy mô nhỏ hơn, trực tuyến.",
        "Fold the topic into a province-wide conference already held, or hold a smaller, online one.",
        params=("targets.province_wide_per_year",),
        breaks="Hội nghị toàn tỉnh thứ ba trong năm 2026.",
        complies="Hai hội nghị toàn tỉnh trong năm 2026.",
    ),
    Rule(
        "MR302", "online-share", Severity.WARNING, "calendar",
        "Tỷ lệ hội nghị trực tuyến dưới 60%", "Online conferences below 60%",
        "{unit_label}: {online}/{total} hội nghị trực tuyến ({share}); chỉ tiêu {limit}. {projection_vi}",
        "{unit_label}: {online}/{total} conferences online ({share}); the target is {limit}. {projection_en}",
        Citation(
            "I.2.a, II.4.a, Phụ lục mục 3",
            "số lượng hội nghị trực tuyến chiếm không ít hơn 60% tổng số hội nghị trong năm",
        ),
        "Chuyển các hội nghị sắp tới sang hình thức trực tuyến.",
        "Move upcoming conferences online.",
        params=("targets.online_share_min", "counting.hybrid_counts_as_online"),
        breaks="5 hội nghị trong năm, 2 trực tuyến (40%).",
        complies="5 hội nghị trong năm, 3 trực tuyến (60%).",
        escalates=True,
    ),
    Rule(
        "MR303", "yearly-reduction", Severity.WARNING, "calendar",
        "Chưa giảm 10% hội nghị, cuộc họp toàn tỉnh, toàn ngành", "Province-/sector-wide gatherings not down 10%",
        "{unit_label}: {count} hội nghị, cuộc họp toàn tỉnh/toàn ngành {year} so với {baseline} {previous} ({change}); cần giảm ít nhất {limit}. {projection_vi}",
        "{unit_label}: {count} province-/sector-wide conferences and meetings in {year} against {baseline} in {previous} ({change}); a fall of at least {limit} is required. {projection_en}",
        Citation(
            "I.2.a, II.4.a, Phụ lục mục 3",
            "đạt mục tiêu giảm ít nhất 10% số lượng hội nghị, cuộc họp toàn ngành, toàn tỉnh mỗi năm",
        ),
        "Gộp hoặc bỏ các cuộc họp toàn ngành, toàn tỉnh chưa cần thiết.",
        "Merge or drop province-/sector-wide gatherings that are not needed.",
        params=("targets.reduction_min", "baselines"),
        breaks="2025: 20 cuộc; 2026: 19 cuộc (giảm 5%).",
        complies="2025: 20 cuộc; 2026: 18 cuộc (giảm 10%).",
        escalates=True,
    ),
    Rule(
        "MR304", "commune-wide-cap", Severity.WARNING, "calendar",
        "Cấp xã tổ chức nhiều hội nghị toàn xã", "Too many commune-wide conferences",
        "Đây là hội nghị toàn xã thứ {count} của {unit_label} {year}; chính sách đặt mức {limit}.",
        "This is commune-wide conference no. {count} of {unit_label} in {year}; the policy sets {limit}.",
        Citation(PLAN_II4A, "cấp xã hạn chế tối đa việc họp"),
        "Lồng ghép vào hội nghị đã có hoặc truyền đạt bằng văn bản.",
        "Fold it into an existing conference or deliver it in writing.",
        params=("targets.commune_wide_per_year",),
        breaks="Hội nghị toàn xã thứ tư trong năm.",
        complies="Ba hội nghị toàn xã trong năm.",
    ),
    Rule(
        "MR401", "overlap", Severity.WARNING, "calendar",
        "Lịch họp trùng nhau", "Overlapping meetings",
        "Trùng giờ với '{other_title}' ({other_start}) của cùng {who}.",
        "Overlaps '{other_title}' ({other_start}) for the same {who}.",
        Citation("II.8.b", "xây dựng lịch họp khoa học, hợp lý, tránh trùng lặp"),
        "Dời một trong hai cuộc họp, hoặc cử người khác dự.", "Move one of the meetings, or send someone else.",
        breaks="Chủ tịch chủ trì hai cuộc họp 08:00–10:00 và 09:00–11:00.",
        complies="Chủ tịch chủ trì 08:00–10:00 và 10:00–11:00.",
    ),
    Rule(
        "MR402", "duplicate", Severity.WARNING, "calendar",
        "Cuộc họp bị nhập hai lần", "The same meeting entered twice",
        "Cuộc họp này trùng với '{other_title}' đã có ({other_origin}); chỉ tính một lần.",
        "This meeting duplicates '{other_title}' ({other_origin}); it is counted once.",
        Citation("II.8.b", "xây dựng lịch họp khoa học, hợp lý, tránh trùng lặp"),
        "Xóa bản trùng.", "Delete the duplicate.",
        breaks="Cùng một cuộc họp, cùng giờ, có trong hai lịch với tiêu đề như nhau.",
        complies="Mỗi cuộc họp có một sự kiện.",
    ),
    Rule(
        "MR403", "topic-already-delivered", Severity.WARNING, "calendar",
        "Tổ chức lại nội dung cấp trên đã triển khai trực tuyến", "Re-holds a topic already delivered online",
        "Nội dung {topics} đã được triển khai trực tuyến tới cấp xã tại '{other_title}' ({other_start}).",
        "Topic {topics} was already delivered online to the commune level at '{other_title}' ({other_start}).",
        Citation(
            PLAN_II4A,
            "không tổ chức các hội nghị không cần thiết, nhất là đối với những nội dung đã được hướng dẫn đầy đủ bằng văn bản",
        ),
        "Không tổ chức lại; triển khai bằng văn bản hoặc lồng ghép.",
        "Do not hold it again; follow up in writing or within another meeting.",
        breaks="Xã tổ chức hội nghị quán triệt Kết luận 226-KL/TW sau hội nghị trực tuyến toàn tỉnh cùng nội dung.",
        complies="Xã dự hội nghị trực tuyến toàn tỉnh tại điểm cầu xã.",
    ),
)

# Codes that once existed and must never be reused: code -> what replaced it.
RETIRED: dict[str, str] = {}

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule(code: str) -> Rule:
    """The rule with ``code``."""
    return BY_CODE[code]


def _longest_prefix(code: str, prefixes) -> int:
    return max((len(p) for p in prefixes if code.upper().startswith(p.upper())), default=-1)


def is_selected(code: str, select=(), ignore=()) -> bool:
    """Whether ``code`` runs under ``--select``/``--ignore`` prefixes; the longest prefix wins.

    >>> is_selected("MR104", select=["MR1"], ignore=["MR104"])
    False
    >>> is_selected("MR101", select=["MR101"], ignore=["MR1"])
    True
    >>> is_selected("MR205", select=[], ignore=["MR2"])
    False
    """
    chosen = _longest_prefix(code, select) if select else 0
    dropped = _longest_prefix(code, ignore)
    if select and chosen < 0:
        return False
    return chosen >= dropped if dropped >= 0 else True


def severity_for(code: str, overrides) -> Severity:
    """The rule's severity after policy overrides (longest matching prefix wins)."""
    best = None
    for prefix, severity in overrides.items():
        if code.upper().startswith(prefix.upper()) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, severity)
    return Severity(best[1]) if best else BY_CODE[code].severity
