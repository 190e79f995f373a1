"""Screenshot the clerk's page of ``meetingrules serve`` at 1366×768 after a check of a sample.

    python benchmarks/server_screenshot.py [--output docs/img/server.png]

Starts the app on a real uvicorn (127.0.0.1, a free port, a throw-away SQLite log), uploads
``samples/ubnd-tinh-2026.ics`` with the year 2026 in Debian's Chromium (Playwright) and
saves the findings page. Also writes ``server-form.png`` beside it: the two forms, with a
proposal denied.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "img" / "server.png"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.connectors.server.conftest import make_app, running

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp), calendars=(f"ubnd={ROOT / 'samples' / 'ubnd-tinh-2026.ics'}",))
        with running(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(base + "/")
            page.select_option("#calendar", "ubnd")
            page.fill("#title", "Hội nghị quán triệt Nghị quyết 57-NQ/TW")
            page.fill("#date", "2026-12-10")
            page.select_option("#session", "day")
            page.select_option("#kind", "briefing")
            page.click("#validate button[type=submit]")
            page.wait_for_selector("#decision")
            page.screenshot(path=str(output.with_name("server-form.png")), full_page=False)
            page.goto(base + "/")
            page.set_input_files("#file", str(ROOT / "samples" / "ubnd-tinh-2026.ics"))
            page.fill("#year", "2026")
            page.click("#check button[type=submit]")
            page.wait_for_selector("#findings")
            page.screenshot(path=str(output), full_page=False)
            browser.close()
    print(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
