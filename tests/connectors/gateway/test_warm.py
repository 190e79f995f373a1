"""A gateway restarted over its warm folder, in front of a real Xandikos."""

from __future__ import annotations

import logging
import stat
import time
from pathlib import Path

import httpx
import pytest

from connectors.gateway import GatewayConfig
from meetingrules.policy import Policy
from tests.caldav_servers import FIRST_CALENDAR, start_xandikos
from tests.connectors.gateway.servers import gateway_process, gateway_thread
from tests.connectors.gateway.test_gateway import AS_OF, AUTH, ICS, path_of, province_wide, working_meeting

pytestmark = pytest.mark.servers


@pytest.fixture
def xandikos(tmp_path):
    """A real Xandikos with an empty calendar ``work``."""
    logging.getLogger("xandikos").setLevel(logging.CRITICAL)
    (tmp_path / "upstream").mkdir()
    server = start_xandikos(tmp_path / "upstream")
    try:
        yield server
    finally:
        server.stop()


def put(gateway: str, server, name: str, body: str) -> httpx.Response:
    """PUT ``body`` as ``name`` in ``work`` through the gateway."""
    return httpx.put(gateway + path_of(server, name), content=body.encode(), headers=ICS, auth=AUTH, timeout=60)


def wait_for_snapshot(folder: Path, since: float = 0.0) -> Path:
    """The view's snapshot file once written (after ``since``) by the gateway's background task."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        files = [f for f in folder.glob("*.json") if f.stat().st_mtime > since]
        if files:
            return files[0]
        time.sleep(0.05)
    raise AssertionError("no warm snapshot was written")


def two_conferences_and_a_snapshot(xandikos, tmp_path) -> tuple[Path, Path]:
    """Two province-wide conferences upstream, a meeting stored through a gateway with a warm
    folder, the gateway stopped: (the folder, its snapshot)."""
    xandikos.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    xandikos.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    folder = tmp_path / "warm"
    with gateway_thread(GatewayConfig(xandikos.url, as_of=AS_OF, warm_dir=str(folder))) as gateway:
        assert put(gateway, xandikos, "m1.ics", working_meeting(1)).status_code == 201
        snapshot = wait_for_snapshot(folder)
    return folder, snapshot


def test_a_restarted_gateway_process_decides_its_first_puts_as_a_cold_one(xandikos, tmp_path):
    """A gateway process restarted over its warm folder refuses and allows its first PUTs exactly as a cold one."""
    xandikos.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    xandikos.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))
    folder = tmp_path / "warm"
    options = ("--upstream", xandikos.url, "--as-of", AS_OF.isoformat())
    with gateway_process(*options, "--warm-dir", str(folder)) as gateway:
        assert put(gateway, xandikos, "m1.ics", working_meeting(1)).status_code == 201
        wait_for_snapshot(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with gateway_process(*options, "--warm-dir", str(folder)) as gateway:
        warm_refusal = put(gateway, xandikos, "c.ics", province_wide(3, 9))
        warm_allowed = put(gateway, xandikos, "m2.ics", working_meeting(2))
    with gateway_process(*options) as gateway:
        cold_refusal = put(gateway, xandikos, "c.ics", province_wide(3, 9))
    assert (warm_refusal.status_code, warm_allowed.status_code, cold_refusal.status_code) == (403, 201, 403)
    assert warm_refusal.headers["x-meetingrules-findings"] == cold_refusal.headers["x-meetingrules-findings"] == "MR301"
    assert warm_refusal.content == cold_refusal.content


def test_a_change_made_upstream_while_down_is_taken_in(xandikos, tmp_path, caplog):
    """Another client's conference stored while the gateway was down makes the restarted gateway refuse a third."""
    caplog.set_level(logging.INFO, logger="connectors.gateway")
    xandikos.put_ics(FIRST_CALENDAR, "a.ics", province_wide(1, 3))
    folder = tmp_path / "warm"
    config = GatewayConfig(xandikos.url, as_of=AS_OF, warm_dir=str(folder))
    with gateway_thread(config) as gateway:
        assert put(gateway, xandikos, "m1.ics", working_meeting(1)).status_code == 201
        wait_for_snapshot(folder)
    xandikos.put_ics(FIRST_CALENDAR, "b.ics", province_wide(2, 7))  # another client, gateway down
    caplog.clear()
    with gateway_thread(GatewayConfig(xandikos.url, as_of=AS_OF, warm_dir=str(folder))) as gateway:
        answer = put(gateway, xandikos, "c.ics", province_wide(3, 9))
    assert "restored from the warm folder (2 objects, 1 of 1 spans with their check)" in caplog.text
    assert answer.status_code == 403
    assert answer.headers["x-meetingrules-findings"] == "MR301"


def test_a_changed_policy_ignores_the_snapshot(xandikos, tmp_path, caplog):
    """A gateway restarted with another policy reads the collection again and decides under the new policy."""
    caplog.set_level(logging.INFO, logger="connectors.gateway")
    folder, _snapshot = two_conferences_and_a_snapshot(xandikos, tmp_path)
    generous = Policy.builtin().with_overrides({"targets": {"province_wide_per_year": 3}})
    caplog.clear()
    with gateway_thread(GatewayConfig(xandikos.url, policy=generous, as_of=AS_OF, warm_dir=str(folder))) as gateway:
        answer = put(gateway, xandikos, "c.ics", province_wide(3, 9))
    assert "restored from the warm folder" not in caplog.text
    assert answer.status_code == 201


def test_a_tampered_snapshot_is_ignored(xandikos, tmp_path, caplog):
    """A snapshot changed on disk is not trusted: the restarted gateway reads the collection and still refuses."""
    caplog.set_level(logging.INFO, logger="connectors")
    folder, snapshot = two_conferences_and_a_snapshot(xandikos, tmp_path)
    text = snapshot.read_bytes()
    snapshot.write_bytes(text.replace(b"toan-tinh-2", b"toan-tinh-X"))
    caplog.clear()
    with gateway_thread(GatewayConfig(xandikos.url, as_of=AS_OF, warm_dir=str(folder))) as gateway:
        answer = put(gateway, xandikos, "c.ics", province_wide(3, 9))
    assert "restored from the warm folder" not in caplog.text
    assert answer.status_code == 403
