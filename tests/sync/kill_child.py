"""Run as a child: open a vault and sync it, dying (os._exit) after N batches reach the store."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import PASSWORD
from tests.sync.faulty import DyingStore
from vfapp.sync.context import SyncContext
from vfapp.sync.engine import sync_now
from vfapp.sync.folder_store import FolderStore
from vfapp.vault.lifecycle import unlock_vault

if __name__ == "__main__":
    vault_dir, store_dir, after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    vault = unlock_vault(vault_dir, PASSWORD)
    sync_now(SyncContext(vault, DyingStore(FolderStore(store_dir), after)))
    sys.exit(0)  # not reached when it dies as asked
