"""The encrypted vault: key slots, the SQLCipher database, migrations, records and media chunks."""
