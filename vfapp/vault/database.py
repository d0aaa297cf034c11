"""The SQLCipher connection: raw key, pragmas on every open, one lock, plain-worded errors."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import sqlcipher3
from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import DiskFull, VaultDatabaseDamaged, VaultWriteFailed, VfappError

DB_NAME = "vault.db"
PAGE_SIZE = 16384
SqlParams = Sequence[Any]
HmacAlgorithm = Literal["HMAC_SHA256", "HMAC_SHA512"]


class DatabaseCipher(BaseModel):
    """How vault.db is encrypted. SQLCipher stores none of it in the file, so vault.json does."""

    model_config = ConfigDict(frozen=True)

    page_size: int = PAGE_SIZE
    hmac_algorithm: HmacAlgorithm = "HMAC_SHA512"


def choose_cipher() -> DatabaseCipher:
    """SQLCipher's page HMAC with whichever SHA-2 this processor runs faster.

    With SHA extensions (most laptops since about 2020) SHA-256 is quicker; without them
    SHA-512 is. Both are strong; the choice only changes how fast the vault writes.
    """
    sample = bytes(PAGE_SIZE) * 64

    def seconds(name: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            hashlib.new(name, sample).digest()
            best = min(best, time.perf_counter() - start)
        return best

    faster = "HMAC_SHA256" if seconds("sha256") < seconds("sha512") else "HMAC_SHA512"
    return DatabaseCipher(hmac_algorithm=faster)


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


def _read_only_uri(path: Path) -> str:
    # With a write-ahead log present, read through it without ever folding it in or deleting
    # it on close; without one, `immutable` stops SQLite creating empty -wal/-shm files that
    # would hide the fact that the log is missing.
    mode = "mode=ro" if wal_path(path).exists() else "immutable=1"
    return f"{path.resolve().as_uri()}?{mode}"


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn SQLite failures into errors that say what happened in plain words."""
    try:
        yield
    except sqlcipher3.DatabaseError as error:
        raise _translated(error) from error
    except MemoryError:
        # SQLCipher reports a page that fails its HMAC as SQLITE_NOMEM.
        raise VaultDatabaseDamaged("part of it fails its integrity check.") from None


def _translated(error: Exception) -> Exception:
    text = str(error).lower()
    if "full" in text:
        return DiskFull()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return VaultDatabaseDamaged("part of it cannot be read or fails its check.")
    if "readonly" in text or "read-only" in text:
        return VaultWriteFailed("the vault folder is read-only")
    if "disk i/o" in text:
        return VaultWriteFailed("the disk reported an input/output error")
    if "locked" in text or "busy" in text:
        return VaultWriteFailed("another program is holding the vault")
    # Never echo SQLite's own text: it can quote the row's data (names, notes) to stderr.
    return VaultWriteFailed("the database refused the change")


class Database:
    """One encrypted connection, shared by threads under a lock."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        cipher: DatabaseCipher,
        *,
        create: bool = False,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.cipher = cipher
        self.read_only = read_only
        self._key = bytearray(key)
        self._lock = threading.RLock()
        self._conn = self._connect(create=create)

    def _connect(self, *, create: bool = False) -> sqlcipher3.Connection:
        conn = sqlcipher3.connect(
            _read_only_uri(self.path) if self.read_only else str(self.path),
            isolation_level=None,
            check_same_thread=False,
            timeout=10.0,
            uri=self.read_only,
        )
        try:
            self._configure(conn, create=create)
        except BaseException:
            conn.close()
            raise
        return conn

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """Translate errors; after reading a damaged page, start a fresh connection.

        SQLCipher poisons a connection once a page fails its HMAC: every later read on it
        fails too. Reconnecting keeps the undamaged recordings readable.
        """
        try:
            with translate_errors():
                yield
        except VaultDatabaseDamaged:
            with contextlib.suppress(Exception):
                self._conn.close()
            with contextlib.suppress(VfappError):  # if even that fails, report the first error
                self._conn = self._connect()
            raise

    def _configure(self, conn: sqlcipher3.Connection, *, create: bool) -> None:
        conn.execute(f"PRAGMA key = \"x'{self._key.hex()}'\"")
        # SQLCipher stores neither the page size nor the HMAC: both are set on every open.
        conn.execute(f"PRAGMA cipher_page_size = {self.cipher.page_size}")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {self.cipher.hmac_algorithm}")
        conn.execute("PRAGMA temp_store = MEMORY")  # a file temp store would leak plaintext
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise VaultDatabaseDamaged(
                "its first page cannot be read with this vault's key, so it is damaged "
                "or belongs to another vault."
            ) from None
        if self.read_only:
            return
        with translate_errors():
            if create:
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before the first table
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA foreign_keys = ON")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE .. COMMIT, rolled back on any error; nesting is not allowed."""
        with self._lock, self._guarded():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlcipher3.Error:
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.execute("ROLLBACK")
                raise

    def execute(self, sql: str, params: SqlParams = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        with self._lock, self._guarded():
            return int(self._conn.execute(sql, params).rowcount)

    def query(self, sql: str, params: SqlParams = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._guarded():
            return list(self._conn.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: SqlParams = ()) -> tuple[Any, ...] | None:
        with self._lock, self._guarded():
            row: tuple[Any, ...] | None = self._conn.execute(sql, params).fetchone()
            return row

    def pragma(self, statement: str) -> list[tuple[Any, ...]]:
        """Run a PRAGMA (checks, checkpoints, vacuum) and return its rows."""
        with self._lock, self._guarded():
            return list(self._conn.execute(f"PRAGMA {statement}").fetchall())

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            # Best effort: Python may hold other copies, but not this one.
            self._key[:] = bytes(len(self._key))
