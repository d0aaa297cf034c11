from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from vfapp.domain.errors import VaultDatabaseDamaged, VaultFromNewerVersion
from vfapp.vault import migrations
from vfapp.vault.database import DB_NAME, Database, DatabaseCipher, choose_cipher
from vfapp.vault.migrations import LATEST, Migration, migrate, schema_version
from vfapp.vault.session import Vault


def test_every_open_sets_the_pragmas_the_design_requires(vault: Vault) -> None:
    db = Database(vault.folder / DB_NAME, vault.key, vault.header.database)
    try:
        values = {
            name: db.query_one(f"PRAGMA {name}")
            for name in (
                "cipher_page_size",
                "temp_store",
                "journal_mode",
                "synchronous",
                "secure_delete",
                "foreign_keys",
                "auto_vacuum",
                "cipher_hmac_algorithm",
            )
        }
    finally:
        db.close()
    assert values == {
        "cipher_page_size": ("16384",),
        "temp_store": (2,),  # MEMORY
        "journal_mode": ("wal",),
        "synchronous": (2,),  # FULL
        "secure_delete": (1,),
        "foreign_keys": (1,),
        "auto_vacuum": (2,),  # INCREMENTAL
        "cipher_hmac_algorithm": (vault.header.database.hmac_algorithm,),
    }


def test_the_wrong_key_is_reported_as_damage_not_a_crash(vault: Vault) -> None:
    with pytest.raises(VaultDatabaseDamaged, match="cannot be read with this vault's key"):
        Database(vault.folder / DB_NAME, bytes(32), vault.header.database)


def test_forgetting_the_page_size_cannot_open_the_file(vault: Vault) -> None:
    # The trap of DESIGN.md section 8: the page size is not stored in the file.
    conn = sqlcipher3.connect(str(vault.folder / DB_NAME))
    conn.execute(f"PRAGMA key = \"x'{vault.key.hex()}'\"")
    with pytest.raises(sqlcipher3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_migrations_run_in_order_once_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(tmp_path / DB_NAME, bytes(range(32)), DatabaseCipher(), create=True)
    assert migrate(db) == tuple(range(1, LATEST + 1))
    assert migrate(db) == ()
    extra = Migration(number=LATEST + 1, name="notes", statements=("CREATE TABLE notes (x)",))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    assert migrate(db) == (LATEST + 1,)
    assert schema_version(db) == LATEST + 1
    db.close()


def test_a_failing_migration_leaves_the_schema_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(tmp_path / DB_NAME, bytes(range(32)), DatabaseCipher(), create=True)
    migrate(db)
    broken = Migration(
        number=LATEST + 1,
        name="half done",
        statements=("CREATE TABLE half (x)", "CREATE TABLE broken ("),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll back
        migrate(db)
    assert schema_version(db) == LATEST
    assert db.query("SELECT name FROM sqlite_master WHERE name = 'half'") == []
    db.close()


def test_a_schema_newer_than_this_code_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / DB_NAME, bytes(range(32)), DatabaseCipher(), create=True)
    db.execute(f"PRAGMA user_version = {LATEST + 5}")
    with pytest.raises(VaultFromNewerVersion):
        migrate(db)
    db.close()


@pytest.mark.parametrize("hmac", ["HMAC_SHA256", "HMAC_SHA512"])
def test_the_cipher_in_the_header_is_the_one_that_opens_the_file(tmp_path: Path, hmac: str) -> None:
    cipher = DatabaseCipher(hmac_algorithm=hmac)  # type: ignore[arg-type]
    key = bytes(range(32))
    db = Database(tmp_path / DB_NAME, key, cipher, create=True)
    migrate(db)
    db.close()
    Database(tmp_path / DB_NAME, key, cipher).close()
    other = "HMAC_SHA512" if hmac == "HMAC_SHA256" else "HMAC_SHA256"
    with pytest.raises(VaultDatabaseDamaged):
        Database(tmp_path / DB_NAME, key, DatabaseCipher(hmac_algorithm=other))  # type: ignore[arg-type]


def test_the_hmac_is_chosen_by_timing_this_processor() -> None:
    assert choose_cipher().hmac_algorithm in ("HMAC_SHA256", "HMAC_SHA512")
    assert choose_cipher().page_size == 16384
