"""The period report counts the proposals the doors refused, from the decision log (issue 13)."""

from __future__ import annotations

import datetime as dt
import json

from connectors.cli import main
from connectors.database import Database, DecisionRecord
from tests.paths import SAMPLES

UTC = dt.timezone.utc


def _log(url: str) -> None:
    """Three refusals in 2026-H2 (one proposal sent twice), one allow, one refusal before the period."""
    with Database(url) as db:
        def row(uid, unit, when, decision="deny"):
            db.record(DecisionRecord(at=when, door="gateway", client="vanthu", collection="/u/lich/", uid=uid,
                                     unit=unit, decision=decision, codes=("MR301",) if decision == "deny" else ()))
        row("a", "Văn phòng UBND tỉnh Hưng Yên", dt.datetime(2026, 7, 1, 3, tzinfo=UTC))
        row("a", "Văn phòng UBND tỉnh Hưng Yên", dt.datetime(2026, 7, 1, 4, tzinfo=UTC))  # the same, retried
        row("b", "Văn phòng UBND tỉnh Hưng Yên", dt.datetime(2026, 9, 2, 3, tzinfo=UTC))
        row("c", "UBND xã Tân Hưng", dt.datetime(2026, 10, 5, 3, tzinfo=UTC))
        row("d", "UBND xã Tân Hưng", dt.datetime(2026, 10, 6, 3, tzinfo=UTC), decision="allow")
        row("e", "UBND xã Tân Hưng", dt.datetime(2026, 6, 1, 3, tzinfo=UTC))  # before 15 June: H1


def test_report_with_a_decision_log_counts_refused_proposals_per_unit(tmp_path, capsys):
    """report --database adds the proposals refused in the period, each counted once, per unit."""
    url = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    _log(url)
    code = main(["report", str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", "2026-H2", "--as-of", "2026-11-27",
                 "--format", "json", "--database", url])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["refused_proposals"] == {"UBND xã Tân Hưng": 1, "Văn phòng UBND tỉnh Hưng Yên": 2}


def test_the_markdown_report_has_the_refused_section(tmp_path, capsys):
    """The report's part III gains a table of refused proposals per unit, with the total."""
    url = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    _log(url)
    main(["report", str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", "2026-H2", "--as-of", "2026-11-27",
          "--database", url])
    out = capsys.readouterr().out
    section = out[out.index("### 4. Đề xuất bị từ chối trước khi lưu"):]
    assert "| UBND xã Tân Hưng | 1 |" in section and "| Tổng cộng | 3 |" in section


def test_a_report_without_a_decision_log_says_nothing_of_refusals(capsys):
    """Without --database the report has no refused figures (none were read, none are guessed)."""
    main(["report", str(SAMPLES / "ubnd-tinh-2026.ics"), "--period", "2026-H2", "--as-of", "2026-11-27",
          "--format", "json"])
    assert "refused_proposals" not in json.loads(capsys.readouterr().out)
