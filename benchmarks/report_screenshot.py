"""Render the samples' period report as HTML in headless Chromium and save a screenshot.

    python benchmarks/report_screenshot.py [--output docs/img/report.png] [--period 2026]

Needs Debian's ``chromium`` package. The report is pinned (``--as-of 2026-11-27``) so the
picture in docs/report.md can be made again byte for byte from the same samples.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from connectors.cli import main as meetingrules  # noqa: E402

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "img" / "report.png"))
    parser.add_argument("--period", default="2026")
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    parser.add_argument("--size", default="1200,1100", help="window WIDTH,HEIGHT in pixels")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.stderr.write("chromium is not installed (Debian: apt-get install chromium)\n")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        code = meetingrules(["report", str(ROOT / "samples"), "--period", args.period, "--as-of", args.as_of,
                             "--lang", args.lang, "--format", "html", "--output", str(page)])
        if code != 0:
            return code
        output = Path(args.output).resolve()
        output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={args.size}",
             f"--screenshot={output}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    print(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
