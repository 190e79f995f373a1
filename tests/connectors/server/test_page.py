"""The clerk's page in Debian's Chromium, driven by Playwright, against a real uvicorn."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.connectors.server.helpers import SAMPLES, make_app, running

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed: page tests skipped")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(tmp_path):
    """The app with the province's calendar registered, on a real uvicorn."""
    app = make_app(tmp_path, calendars=(f"ubnd={SAMPLES / 'ubnd-tinh-2026.ics'}",))
    with running(app) as base:
        yield base


def test_clerk_flow(browser, site):
    """A clerk uploads a calendar, reads a finding, switches to English, filters and downloads the XLSX."""
    from openpyxl import load_workbook

    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page.goto(site + "/")
    assert page.locator("h1").inner_text().startswith("Kiểm tra lịch họp")
    page.set_input_files("#file", str(SAMPLES / "ubnd-tinh-2026.ics"))
    page.fill("#year", "2026")
    page.click("#check button[type=submit]")
    page.wait_for_selector("#findings")
    assert "Đọc 19 sự kiện" in page.locator("#accounting").inner_text()
    row = page.locator("#findings tbody tr", has_text="MR101").first
    assert "LỖI" in row.inner_text() and "Gợi ý" in row.inner_text()
    page.click("#lang-switch")
    page.wait_for_selector("#findings")
    assert "Read 19 events" in page.locator("#accounting").inner_text()
    assert "ERROR" in page.locator("#findings tbody tr", has_text="MR101").first.inner_text()
    page.select_option("#rule", "MR101")
    page.click(".filters button")
    page.wait_for_selector("#findings")
    codes = page.locator("#findings tbody tr td:nth-child(4)").all_inner_texts()
    assert codes and set(codes) == {"MR101"}
    with page.expect_download() as info:
        page.click("#download-xlsx")
    data = Path(info.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Code", "Severity"]  # the page is in English by now
    assert "MR101" in {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
    page.close()


def test_check_before_scheduling(browser, site):
    """The "Kiểm tra trước khi lên lịch" form denies a five-hour briefing with its reason."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(site + "/")
    page.select_option("#calendar", "ubnd")
    page.fill("#title", "Hội nghị quán triệt Nghị quyết 57-NQ/TW")
    page.fill("#date", "2026-12-10")
    page.select_option("#session", "")
    page.fill("#start", "07:30")
    page.fill("#end", "12:30")
    page.select_option("#kind", "briefing")
    page.select_option("#format", "in-person")
    page.click("#validate button[type=submit]")
    page.wait_for_selector("#decision")
    assert "TỪ CHỐI" in page.locator(".decision").inner_text()
    assert "MR101" in page.locator("#decision table").inner_text()
    page.goto(site + "/decisions")
    assert "TỪ CHỐI" in page.locator("#decisions").inner_text()
    page.close()
