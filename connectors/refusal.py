"""The answer to a refused upload, the same from every door (the Radicale hook, the gateway).

A refusal is ``403 Forbidden`` with a CalDAV precondition body (RFC 4791 §1.3, RFC 4918
§16): ``<C:valid-calendar-object-resource/>`` in a ``DAV:error``, and the reasons — rule
code, message and the plan's words — in Vietnamese and English.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from meetingrules.validate import Decision

__all__ = ["CONTENT_TYPE", "NAMESPACE", "PRECONDITION", "refusal_body", "refusal_messages"]

NAMESPACE = "urn:meetingrules:1"
#: The CalDAV precondition a refusal names (RFC 4791 §5.3.2.1); see docs/hook.md for why.
PRECONDITION = "valid-calendar-object-resource"
#: The media type of :func:`refusal_body`.
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
