"""The answer a CalDAV door gives when it refuses a meeting: 403 with a ``DAV:error`` body.

One function builds it for every door that refuses an upload (the Radicale hook, the
gateway), so a client sees the same precondition and the same reasons whichever it talks to:
the CalDAV precondition ``valid-calendar-object-resource`` (RFC 4791 §5.3.2.1; docs/hook.md
says why this one) and the reasons in Vietnamese and English, one per deciding finding,
with the plan's words. May import: the engine and the standard library.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from meetingrules.validate import Decision

NAMESPACE = "urn:meetingrules:1"
#: The CalDAV precondition a refusal names (RFC 4791 §5.3.2.1); see docs/hook.md for why.
PRECONDITION = "valid-calendar-object-resource"
CONTENT_TYPE = "application/xml; charset=utf-8"


def refusal_messages(decision: Decision) -> tuple[str, str]:
    """The (Vietnamese, English) explanation of a refusal: one line per deciding finding."""
    vi = ["Cuộc họp không được lưu vì vi phạm Kế hoạch 160/KH-UBND:"]
    en = ["The meeting was not saved because it breaks Kế hoạch 160/KH-UBND:"]
    for f in decision.deciding:
        vi.append(f"- {f.code} ({f.title('vi')}): {f.message('vi')}")
        en.append(f"- {f.code} ({f.title('en')}): {f.message('en')}")
    vi.append("Có thể lưu khi có ý kiến chấp thuận: X-MEETINGRULES-WAIVE:<mã>;reason=…;by=….")
    en.append("An approved exception can be recorded: X-MEETINGRULES-WAIVE:<code>;reason=…;by=….")
    return "\n".join(vi), "\n".join(en)


def refusal_body(decision: Decision) -> bytes:
    """The ``DAV:error`` body of a 403 refusal, with the messages in Vietnamese and English."""
    vi, en = refusal_messages(decision)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<D:error xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:M="{NAMESPACE}">\n',
        f"  <C:{PRECONDITION}/>\n",
        "  <M:meeting-rules-compliant/>\n",
        f'  <M:message xml:lang="vi">{escape(vi)}</M:message>\n',
        f'  <M:message xml:lang="en">{escape(en)}</M:message>\n',
    ]
    for f in decision.deciding:
        citation = f'\n    <M:citation>{escape(str(f.citation))}</M:citation>' if f.citation else ""
        parts.append(
            f"  <M:finding code={quoteattr(f.code)} severity={quoteattr(f.severity.value)} "
            f"uid={quoteattr(f.uid)}>\n"
            f'    <M:message xml:lang="vi">{escape(f.message("vi"))}</M:message>\n'
            f'    <M:message xml:lang="en">{escape(f.message("en"))}</M:message>{citation}\n'
            "  </M:finding>\n"
        )
    parts.append("</D:error>\n")
    return "".join(parts).encode("utf-8")
