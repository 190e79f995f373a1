"""A real PostgreSQL server for tests, from Debian's binaries (initdb and pg_ctl).

``start_postgres(tmp_dir)`` is a context manager: it creates a cluster in a new folder,
starts it on 127.0.0.1 on a free port with password (SCRAM) authentication, yields the URL
``postgresql://meetingrules:<password>@127.0.0.1:<port>/meetingrules`` and stops and
removes the cluster afterwards. PostgreSQL refuses to run as root: as root, the cluster
belongs to the ``postgres`` user (else ``nobody``) and its commands run through
``runuser``; its folder is then made under the system temp folder, which that user can
reach (a pytest ``tmp_path`` under root's 0700 folder is not).

``new_schema(url)`` creates an empty schema and returns a URL whose connections use it
(``search_path``): a test that needs an empty database takes one, at no cost (a new database
per test would copy a template each time and leave thousands of files to delete).
``new_database(url)`` creates a whole new database, for what a schema cannot show. ``postgres_binaries()`` is the folder of ``initdb`` and ``pg_ctl`` (``$PG_BIN``, else the
newest ``/usr/lib/postgresql/*/bin``, else the ``PATH``), or None.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["new_database", "new_schema", "postgres_binaries", "start_postgres"]

USER = "meetingrules"
DATABASE = "meetingrules"


def postgres_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    found = shutil.which("initdb")
    candidates.append(str(Path(found).parent) if found else "")
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _version(folder: str) -> int:
    try:
        return int(Path(folder).parent.name)
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged user the server runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


def _run(command: list[str], user: pwd.struct_passwd | None, **kwargs) -> subprocess.CompletedProcess:
    if user is not None:
        if shutil.which("runuser"):
            command = ["runuser", "-u", user.pw_name, "--", *command]
        else:  # util-linux without runuser: su with a shell that exists for every user
            command = ["su", "-s", "/bin/sh", user.pw_name, "-c", shlex.join(command)]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120, **kwargs)


@contextlib.contextmanager
def start_postgres(tmp_dir: Path | str) -> Iterator[str]:
    """A running PostgreSQL on 127.0.0.1 for the block: yields its URL (with the password)."""
    binaries = postgres_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found")
    user = _server_user()
    folder = Path(tempfile.mkdtemp(prefix="meetingrules-pg-")) if user else Path(tmp_dir) / "postgres"
    folder.mkdir(parents=True, exist_ok=True)
    password = "pw-" + secrets.token_hex(12)
    (folder / "password").write_text(password + "\n", encoding="utf-8")
    if user is not None:
        for path in (folder, folder / "password"):
            os.chown(path, user.pw_uid, user.pw_gid)
    data = folder / "data"
    port = _free_port()
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={folder / 'password'}",
              "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"], user)
        # TCP only: a socket path under a long temp folder could pass the 107-character limit.
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60",
              "-o", options, "start"], user)
        try:
            _run([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE], user,
                 env={**os.environ, "PGPASSWORD": password})
            yield f"postgresql://{USER}:{password}@127.0.0.1:{port}/{DATABASE}"
        finally:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], user)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"PostgreSQL could not be started: {exc.stderr or exc.stdout}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def new_database(url: str) -> str:
    """The URL of a new, empty database on the server at ``url``."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def new_schema(url: str) -> str:
    """The URL of ``url``'s database with connections in a new, empty schema."""
    import psycopg

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path={name}"
