"""The HTML report renders in a real headless Chromium (Debian's ``chromium`` package) without
console errors, with its three charts; it needs nothing from the network."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from connectors.cli import main
from tests.paths import SAMPLES

# The hand-counted figures are those of the iCalendar samples (samples/weekly has its own, tests/connectors/weekly).
CALENDARS = [str(p) for p in sorted(SAMPLES.glob("*.ics"))]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium); the HTML is not rendered"
)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def render_in_chromium(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM Chromium built from ``page``, and the console messages it logged."""
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


@pytest.fixture
def html_report(tmp_path) -> Path:
    policy = tmp_path / "calendar.toml"
    policy.write_text('[report]\nperiods = "calendar"\n', encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", *CALENDARS, "--period", "2026", "--as-of", "2026-11-27", "--policy", str(policy),
                 "--format", "html", "--output", str(out)]) == 0
    return out


def test_the_html_is_self_contained(html_report):
    """The page loads no script, stylesheet, image or font from anywhere."""
    text = html_report.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "<img" not in text
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", text)
    assert "@import" not in text and "url(" not in text


@needs_chromium
def test_chromium_renders_the_charts_without_console_errors(html_report, tmp_path):
    """Chromium renders the report with no console message and the three charts drawn from the counts."""
    dom, console = render_in_chromium(html_report, tmp_path / "profile")
    assert console == []
    for chart in ("chart-online", "chart-months", "chart-units"):
        assert f'id="{chart}"' in dom
    online = re.search(r'<svg id="chart-online".*?</svg>', dom, re.S).group()
    # Total 6/16, then Sở Tài chính 3/4, UBND xã Tân Hưng 0/5, Văn phòng UBND tỉnh 3/7.
    assert re.findall(r'class="bar" data-share="([^"]*)"', online) == ["0.375", "0.75", "0.0", str(3 / 7)]
    assert 'class="target"' in online
    months = re.search(r'<svg id="chart-months".*?</svg>', dom, re.S).group()
    assert len(re.findall(r'class="bar online"', months)) == 12
    units = re.search(r'<svg id="chart-units".*?</svg>', dom, re.S).group()
    assert re.findall(r'class="bar online" data-value="(\d+)"', units) == ["3", "0", "0", "3"]
    assert re.findall(r'class="bar other" data-value="(\d+)"', units) == ["1", "0", "5", "4"]
    assert "I. Tình hình tổ chức hội nghị, cuộc họp" in dom


@needs_chromium
def test_the_console_check_catches_an_error(tmp_path):
    """A page that logs an error is caught, so a clean report really is clean."""
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('broken chart')</script></body></html>", encoding="utf-8")
    _, console = render_in_chromium(page, tmp_path / "profile")
    assert any("broken chart" in line for line in console)
