"""Where the tests find the repository's files and the shared folder beside the checkout."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data"
PROPOSALS = DATA / "proposals"
#: ../shared: the plan's text and real calendars from other projects (never copied here)
SHARED = ROOT.parent / "shared"
PLAN = SHARED / "seed" / "ke-hoach-160-KH-UBND-2026.txt"
CORPUS = SHARED / "corpus"
