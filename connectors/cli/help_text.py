"""Every help text of the command line, in Vietnamese and English, in one table.

A command module never writes a help string of its own: it asks :func:`h` with the key.
Help is Vietnamese by default, English with ``--lang en``, ``MEETINGRULES_LANG=en`` or an
English locale (``LANG=en_US.UTF-8``).
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    "prog": (
        "Kiểm tra lịch họp theo chế độ hội họp của Kế hoạch 160/KH-UBND (Hưng Yên, 2026).",
        "Check meeting calendars against the meeting regime of plan 160/KH-UBND (Hưng Yên, 2026).",
    ),
    "commands": ("lệnh", "commands"),
    # -- commands
    "check": ("kiểm tra lịch họp (tệp .ics, thư mục, tệp .zip của Google Lịch, CalDAV)",
              "check calendars (.ics files, folders, Google Calendar .zip exports, CalDAV)"),
    "validate": ("xét một cuộc họp đề xuất trước khi đưa vào lịch", "validate a proposed meeting before it is entered"),
    "report": ("báo cáo định kỳ (6 tháng, năm) về chế độ hội họp", "period report (half-year, year) on the meeting regime"),
    "rules": ("liệt kê các quy tắc và mã", "list the rules and their codes"),
    "explain": ("giải thích một quy tắc (căn cứ, ví dụ)", "explain one rule (basis, examples)"),
    "policy": ("in chính sách đang dùng dưới dạng TOML", "print the policy in use as TOML"),
    "serve": ("mở trang web cho văn thư và API HTTP (mặc định http://127.0.0.1:8000)",
              "start the clerk's web page and the HTTP API (default http://127.0.0.1:8000)"),
    "serve.host": ("địa chỉ lắng nghe (mặc định 127.0.0.1; ngoài máy này cần mã truy cập API)",
                   "address to listen on (default 127.0.0.1; beyond this machine API tokens are required)"),
    "serve.port": ("cổng lắng nghe (mặc định 8000)", "port to listen on (default 8000)"),
    "serve.database": ("cơ sở dữ liệu nhật ký quyết định (mặc định: một tệp SQLite; hoặc postgresql://…)",
                       "the decision-log database (default: a SQLite file; or postgresql://…)"),
    "serve.calendar": ("lịch để đối chiếu đề xuất, TÊN=ĐƯỜNG_DẪN hoặc TÊN=URL CalDAV (lặp lại được)",
                       "a calendar proposals are held against, NAME=PATH or NAME=CalDAV URL (repeatable)"),
    "serve.max_upload": ("giới hạn dung lượng tệp tải lên, MB (mặc định 50)", "upload size limit in MB (default 50)"),
    "token": ("quản lý mã truy cập API: tạo, liệt kê, thu hồi", "manage API tokens: create, list, revoke"),
    "token.action": ("việc cần làm: create (tạo), list (liệt kê), revoke (thu hồi)",
                     "what to do: create, list or revoke"),
    "token.name": ("tên của mã (ví dụ tên hệ thống gọi API)", "the token's name (e.g. the system that calls the API)"),
    "gateway": ("cổng kiểm tra đặt trước một máy chủ CalDAV bất kỳ: từ chối cuộc họp vi phạm trước khi lưu",
                "a validating gateway in front of any CalDAV server: refuses a breaking meeting before it is stored"),
    "gateway.upstream": ("máy chủ CalDAV phía sau (http:// hoặc https://)", "the CalDAV server behind it (http:// or https://)"),
    "gateway.listen": ("địa chỉ lắng nghe, HOST:CỔNG (mặc định 127.0.0.1:8008)", "where to listen, HOST:PORT (default 127.0.0.1:8008)"),
    "gateway.database": ("cơ sở dữ liệu nhật ký quyết định và khoá dùng chung giữa các tiến trình",
                         "the decision-log database, also the lock shared between processes"),
    "gateway.failure_policy": ("khi không xét được: closed (mặc định) trả 503, open cho qua và ghi nhật ký",
                               "when a PUT cannot be judged: closed (default) answers 503, open forwards and logs"),
    "gateway.mode": ("enforce (mặc định) từ chối vi phạm; warn chỉ cảnh báo qua tiêu đề trả lời",
                     "enforce (default) refuses a breach; warn only adds the findings in a response header"),
    "gateway.timeout": ("thời gian chờ máy chủ phía sau, giây (mặc định 30)", "upstream timeout in seconds (default 30)"),
    "gateway.insecure": ("không kiểm tra chứng chỉ TLS của máy chủ phía sau", "do not verify the upstream's TLS certificate"),
    "gateway.max_body": ("cỡ tối đa của một PUT, byte (mặc định 10 MB; lớn hơn trả 413)",
                         "largest PUT body in bytes (default 10 MB; 413 above)"),
    "gateway.prefix": ("phục vụ dưới một đường dẫn khác của máy chủ phía sau", "serve the upstream's paths under this path"),
    "gateway.warm_dir": ("thư mục giữ trạng thái đã đọc và phân loại của lịch, để khởi động lại trả lời ngay",
                         "a folder keeping the calendars read and classified, so a restart answers at once"),
    "report.database": ("nhật ký quyết định (URL hoặc tệp SQLite): thêm số đề xuất bị từ chối theo đơn vị",
                        "the decision log (URL or SQLite file): add the proposals refused, per unit"),
    "import": ("chuyển lịch công tác tuần (Word, HTML, Excel, PDF, văn bản) sang iCalendar",
               "turn weekly schedules (Word, HTML, Excel, PDF, text) into iCalendar"),
    "import.paths": ("lịch công tác tuần (.docx .doc .html .xlsx .pdf .txt) hoặc thư mục",
                     "weekly schedules (.docx .doc .html .xlsx .pdf .txt) or folders"),
    "import.output": ("ghi lịch .ics vào tệp này thay vì đầu ra chuẩn", "write the .ics calendar here instead of standard output"),
    "import.year": ("năm của các lịch tuần không ghi năm ở đầu", "the year of schedules whose header writes none"),
    # -- arguments
    "check.paths": ("tệp .ics, tệp .zip của Google Lịch, thư mục, hoặc - (đầu vào chuẩn)",
                    ".ics file, Google Calendar .zip export, folder, or - (standard input)"),
    "report.paths": ("lịch của các đơn vị: tệp .ics, .zip, thư mục", "the units' calendars: .ics, .zip files, folders"),
    "validate.proposed": ("tệp .ics chứa cuộc họp đề xuất", "the .ics file holding the proposed meeting"),
    "validate.calendar": ("lịch hiện có để đối chiếu (tệp .ics, thư mục)", "the existing calendar to hold it against"),
    "explain.code": ("mã quy tắc, ví dụ MR101", "a rule code, e.g. MR101"),
    # -- options
    "opt.policy": ("tệp chính sách TOML bổ sung/ghi đè hung-yen-2026", "TOML policy file over hung-yen-2026"),
    "opt.format": ("định dạng đầu ra: {formats} (mặc định {default}; hoặc theo đuôi tệp của -o)",
                   "output format: {formats} (default {default}; or from the extension of -o)"),
    "check.default_format": ("text trên màn hình, concise khi chuyển hướng hoặc ghi tệp",
                             "text on a terminal, concise when piped or written to a file"),
    "opt.policy_format": ("định dạng: toml (mặc định) hoặc json", "format: toml (default) or json"),
    "opt.lang": ("ngôn ngữ: vi (mặc định) hoặc en", "language: vi (default) or en"),
    "opt.as_of": ("xét như vào ngày này, DD/MM/YYYY hoặc YYYY-MM-DD (mặc định: hôm nay)",
                  "judge as on this date, DD/MM/YYYY or YYYY-MM-DD (default: today)"),
    "opt.output": ("ghi vào TỆP thay vì đầu ra chuẩn; đuôi tệp chọn định dạng (.csv, .xlsx, .json, .md, .html, .docx)",
                   "write to FILE instead of standard output; its extension picks the format"),
    "opt.year": ("kiểm tra cả năm YYYY (mặc định: năm nay)", "check the whole year YYYY (default: this year)"),
    "opt.from": ("từ ngày (DD/MM/YYYY hoặc YYYY-MM-DD), đi cùng --to", "from this date (DD/MM/YYYY or YYYY-MM-DD), with --to"),
    "opt.to": ("đến hết ngày (DD/MM/YYYY hoặc YYYY-MM-DD), đi cùng --from",
               "through this date (DD/MM/YYYY or YYYY-MM-DD), with --from"),
    "opt.select": ("chỉ xét các mã (tiền tố, cách nhau bởi dấu phẩy), ví dụ MR1,MR301",
                   "only these code prefixes, comma-separated, e.g. MR1,MR301"),
    "opt.ignore": ("bỏ qua các mã (tiền tố), ví dụ MR104", "leave out these code prefixes, e.g. MR104"),
    "opt.fail_on": ("thoát với mã 1 khi có phát hiện từ mức này trở lên (error hoặc warning)",
                    "exit 1 when a finding is at or above this level (error or warning)"),
    "opt.show_info": ("hiện cả ghi chú thông tin về từng cuộc họp", "also show per-meeting info notes"),
    "opt.caldav": ("đọc từ máy chủ CalDAV: một lịch, principal hoặc gốc máy chủ (mật khẩu lấy từ "
                   "MEETINGRULES_CALDAV_PASSWORD, netrc hoặc keyring)",
                   "read from a CalDAV server: a calendar, principal or server root (password from "
                   "MEETINGRULES_CALDAV_PASSWORD, netrc or the keyring)"),
    "opt.username": ("tên đăng nhập CalDAV", "CalDAV user name"),
    "opt.insecure": ("không kiểm tra chứng chỉ TLS (chỉ dùng khi thử nghiệm)", "do not verify TLS certificates (tests only)"),
    "opt.timeout": ("thời gian chờ máy chủ, giây (mặc định 30)", "server timeout in seconds (default 30)"),
    "opt.state": ("CalDAV: lưu sync token ở tệp này để lần sau chỉ tải phần thay đổi",
                  "CalDAV: keep sync tokens in this file so that re-checks fetch only changes"),
    "opt.csv_dialect": ("kiểu CSV: excel-vn (mặc định: BOM, dấu ;, tiêu đề tiếng Việt) hoặc rfc (dấu phẩy, cho chương trình)",
                        "CSV kind: excel-vn (default: BOM, ';', headers in the language) or rfc (commas, for programs)"),
    "opt.annotate": ("ghi lịch kèm phát hiện trên từng sự kiện vào TỆP .ics mới (không ghi đè tệp đầu vào)",
                     "write the calendar with each finding on its event to a new .ics FILE (never the input)"),
    "opt.period": ("kỳ báo cáo: 2026 (năm), 2026-H1 (6 tháng đầu) hoặc 2026-H2",
                   "report period: 2026 (year), 2026-H1 (first half) or 2026-H2"),
    "opt.merge": ("tổng hợp báo cáo JSON/XLSX của nhiều đơn vị thành một báo cáo",
                  "consolidate several units' JSON/XLSX reports into one"),
    "opt.agency": ("cơ quan ban hành báo cáo (mặc định: bảng [report] của chính sách)",
                   "issuing agency (default: the policy's [report] table)"),
    "opt.parent_agency": ("cơ quan chủ quản (dòng trên tên cơ quan)", "parent agency (the line above the agency)"),
    "opt.signer": ("họ tên người ký", "name of the signer"),
    "opt.signer_title": ("chức vụ người ký, ví dụ GIÁM ĐỐC", "signer's title, e.g. GIÁM ĐỐC (Director)"),
    "opt.number": ("số, ký hiệu văn bản, ví dụ 123/BC-SNV", "document number and symbol, e.g. 123/BC-SNV"),
    "opt.place": ("địa danh ghi trên dòng ngày tháng, ví dụ Hưng Yên", "place named on the date line, e.g. Hưng Yên"),
}


def h(key: str, lang: str = "vi") -> str:
    """The help text ``key`` in ``lang``."""
    vi, en = HELP[key]
    return en if lang == "en" else vi


__all__ = ["HELP", "h"]
