"""Benchmark: what the Radicale hook adds to a PUT, under gunicorn, beside the same Radicale without it.

    python benchmarks/hook_bench.py [--events 2000] [--puts 40] [--threads 8]

Two Radicale servers run under gunicorn (``--workers 1 --threads N``) on 127.0.0.1, each over
its own copy of the same collection (objects as benchmarks/validate_bench.py generates them:
one event per object, 2,000 by default):

* ``plain``: Radicale's own ``multifilesystem`` storage, served by ``radicale:application``;
* ``hook``: the same with ``storage.type = connectors.radicale_hook``, served through the
  hook's WSGI entry point ``connectors.radicale_hook:application`` (docs/hook.md).

After one cold PUT on each (the hook reads and checks the whole collection then), the same
PUTs go to both, alternating which server goes first: a **new** event, a **changed** event
(an existing object, another hour) and a **moved** one (another day). The hook's added time
is the hook's PUT minus the plain PUT of the same request, paired; the script prints its
median and p95 per kind, and the plain and hooked medians. Needs gunicorn (``pip install
'.[bench]'``). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import validate_bench as vb  # noqa: E402

AS_OF = dt.date(vb.YEAR, 11, 27)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _collection(root: Path, objects) -> None:
    folder = root / "collections" / "collection-root" / "bench" / "lich"
    folder.mkdir(parents=True)
    (folder / ".Radicale.props").write_text('{"tag": "VCALENDAR"}', encoding="utf-8")
    for href, text in objects:
        (folder / href).write_text(text, encoding="utf-8")


def _config(root: Path, hooked: bool) -> Path:
    storage = [f"filesystem_folder = {root / 'collections'}"]
    if hooked:
        storage = ["type = connectors.radicale_hook", *storage,
                   f"meetingrules_as_of = {AS_OF.isoformat()}",
                   f"meetingrules_warm_dir = {root / 'warm'}"]
    text = "\n".join([
        "[auth]", "type = none", "[rights]", "type = authenticated",
        "[storage]", *storage, "[logging]", "level = error", "",
    ])
    path = root / "config"
    path.write_text(text, encoding="utf-8")
    return path


class Server:
    """Radicale under gunicorn (one worker process, ``threads`` threads) on a free port."""

    def __init__(self, root: Path, hooked: bool, threads: int) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = "connectors.radicale_hook:application" if hooked else "radicale:application"
        environ = dict(os.environ, RADICALE_CONFIG=str(_config(root, hooked)))
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise SystemExit("gunicorn is not installed: pip install '.[bench]'")
        self.process = subprocess.Popen(
            [gunicorn, "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", str(threads),
             "--log-level", "warning", app],
            cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"gunicorn did not start: {self.process.stderr.read().decode(errors='replace')}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _put(client, server: Server, href: str, body: str) -> tuple[float, int]:
    began = time.perf_counter()
    answer = client.put(f"{server.url}/bench/lich/{href}", content=body.encode("utf-8"),
                        headers={"Content-Type": "text/calendar; charset=utf-8"})
    return time.perf_counter() - began, answer.status_code


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--puts", type=int, default=40, help="PUTs of each kind")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)

    import httpx

    series = min(300, args.events // 10)
    objects = vb.generate(args.events, series=series)
    texts = dict(objects)
    rng = random.Random(7)
    print(f"machine: {os.cpu_count()} core(s), Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        servers = {}
        try:
            for name, hooked in (("plain", False), ("hook", True)):
                root = Path(folder, name)
                _collection(root, objects)
                servers[name] = Server(root, hooked, args.threads)
            with httpx.Client(auth=("bench", "bench"), timeout=600) as client:
                for name, server in servers.items():
                    seconds, status = _put(client, server, "cold.ics", vb.compliant(0))
                    print(f"{name}: cold PUT {seconds:.2f} s → {status}")
                singles = [h for h in texts if h.startswith("event-") and int(h[6:11]) >= series]
                chosen = rng.sample(singles, 2 * args.puts)
                kinds = {"new": [], "changed": [], "moved": []}
                for n in range(args.puts):
                    requests = {
                        "new": (f"new-{n}.ics", vb.compliant(1000 + n).replace(
                            "T140000", f"T{rng.choice([8, 9, 14, 15]):02d}0000")),
                        "changed": (chosen[n], vb.shifted(texts[chosen[n]], dt.timedelta(hours=1))),
                        "moved": (chosen[args.puts + n], vb.shifted(texts[chosen[args.puts + n]], dt.timedelta(days=3))),
                    }
                    for kind, (href, body) in requests.items():
                        order = ("plain", "hook") if n % 2 == 0 else ("hook", "plain")
                        timing = {}
                        for name in order:
                            timing[name] = _put(client, servers[name], href, body)
                        kinds[kind].append((timing["plain"], timing["hook"]))
            print(f"\n{args.events:,} objects, {args.puts} PUTs of each kind, gunicorn --workers 1 --threads {args.threads}")
            print(f"{'kind':8} {'plain p50':>10} {'hook p50':>10} {'added p50':>10} {'added p95':>10}  statuses (hook)")
            for kind, pairs in kinds.items():
                plain = [p[0] for p, _h in pairs]
                hook = [h[0] for _p, h in pairs]
                added = [h[0] - p[0] for p, h in pairs]
                statuses = sorted({h[1] for _p, h in pairs})
                print(f"{kind:8} {_pct(plain, .5):8.1f}ms {_pct(hook, .5):8.1f}ms "
                      f"{_pct(added, .5):8.1f}ms {_pct(added, .95):8.1f}ms  {statuses}")
        finally:
            for server in servers.values():
                server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
