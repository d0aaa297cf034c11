"""`vfapp vault ...`: create, describe, verify, and manage who can open a vault."""

from __future__ import annotations

from vfapp.app.context import CommandContext
from vfapp.domain.errors import KeySlotRefused
from vfapp.governance import people
from vfapp.governance.actor import sign_in
from vfapp.vault.header import KeySlot
from vfapp.vault.info import describe_vault
from vfapp.vault.lifecycle import SecretKind, create_vault, unlock_vault
from vfapp.vault.verify import verify_vault


def vault_init(ctx: CommandContext) -> int:
    password = ctx.secrets.new_password(for_new_vault=True)
    ctx.progress(
        "Creating the vault; tuning its password protection to this computer takes a moment."
    )
    created = create_vault(ctx.vault_path, password, user=ctx.args.user or "owner")
    with sign_in(created.vault):  # the creator is the vault's first user, and its admin
        pass
    if ctx.wants_json:
        ctx.emit_json({"path": str(ctx.vault_path.resolve()), "recovery_key": created.recovery_key})
        return 0
    ctx.say(
        f"Created a vault at {ctx.vault_path}.",
        "",
        "Recovery key (shown only this once; write it down and keep it somewhere safe,",
        "away from this computer; it opens the vault if the password is forgotten):",
        "",
        f"    {created.recovery_key}",
        "",
    )
    return 0


def vault_info(ctx: CommandContext) -> int:
    info = describe_vault(ctx.vault_path)
    if ctx.wants_json:
        ctx.emit_json(info)
        return 0
    size = (
        f"{info.database_bytes / 2**20:.1f} MiB" if info.database_bytes is not None else "missing"
    )
    ctx.say(
        f"Vault {info.vault_id} at {info.path}",
        f"  created {info.created_at:%Y-%m-%d %H:%M} UTC, format {info.format_version}",
        f"  users: {', '.join(info.users) or 'none'}; recovery key: "
        f"{'set' if info.has_recovery_key else 'none'}",
        f"  password protection: Argon2id, {info.kdf.memory_kib // 1024} MiB, "
        f"{info.kdf.iterations} passes",
        f"  database: {size}, SQLCipher pages of {info.database.page_size // 1024} KiB "
        f"with {info.database.hmac_algorithm}",
    )
    for name, state in info.header_copies.items():
        if state != "ok":
            ctx.say(f"  {name}: {state}")
    return 0


def vault_verify(ctx: CommandContext) -> int:
    if ctx.args.recovery:
        secret, kind = ctx.secrets.recovery_key(), SecretKind.RECOVERY_KEY
    else:
        secret, kind = ctx.secrets.password(), SecretKind.PASSWORD
    report = verify_vault(ctx.vault_path, secret, kind=kind, user=ctx.args.user)
    if ctx.wants_json:
        ctx.emit_json(report.model_dump(mode="json") | {"ok": report.ok})
        return 0 if report.ok else 1
    for note in report.notes:
        ctx.say(f"Note: {note}")
    for problem in report.problems:
        ctx.say(f"DAMAGED: {problem.message}")
    summary = (
        f"{report.recordings_checked} recordings, {report.chunks_checked} parts, "
        f"{report.bytes_checked / 2**20:.1f} MiB checked"
    )
    if report.ok:
        ctx.say(f"The vault is intact: {summary}.")
        return 0
    ctx.say(f"Found {len(report.problems)} problem(s); {summary}.")
    return 1


def vault_passwd(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        new_password = ctx.secrets.new_password()
        user = people.change_password(actor, None, new_password)
    ctx.say(f"Changed the password for {user.name}.")
    return 0


def vault_recover(ctx: CommandContext) -> int:
    key = ctx.secrets.recovery_key()
    vault = unlock_vault(
        ctx.vault_path,
        key,
        kind=SecretKind.RECOVERY_KEY,
        allow_incomplete=ctx.args.accept_missing_changes,
    )
    with vault:
        for warning in vault.warnings:
            ctx.warn(warning)
        user = ctx.args.user or _only_user(vault.header.password_slots())
        new_password = ctx.secrets.new_password()
        people.reset_password_with_recovery_key(vault, user, new_password)
    ctx.say(f"The vault is open again: {user} has a new password.")
    return 0


def _only_user(password_slots: tuple[KeySlot, ...]) -> str:
    if len(password_slots) == 1:
        return password_slots[0].label
    names = ", ".join(s.label for s in password_slots)
    raise KeySlotRefused(f"This vault has several users ({names}); say which with --user.")
