"""`vfapp user add|list|passwd|role|remove`: the people who use a vault and their roles."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from vfapp.app.context import CommandContext
from vfapp.domain.governance import Role
from vfapp.governance import people

ROLE_WORDS = {
    Role.PRACTITIONER: "practitioner: films visits, codes moments, records consent",
    Role.GUIDER: "guider/therapist: as a practitioner, plus stills, review plans, exports",
    Role.SUPERVISOR: "supervisor: watches, comments and signs off; does not film or delete",
    Role.ADMIN: "admin: everything, including users, retention and the audit trail",
}


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    roles = [r.value for r in Role]
    add = command(verbs, "add", user_add, "add a user with their own password and a role")
    add.add_argument("name", metavar="NAME", help="the new user's name (what they sign in as)")
    add.add_argument("--role", required=True, choices=roles, help="what they may do")
    command(verbs, "list", user_list, "list the vault's users and their roles")
    passwd = command(verbs, "passwd", user_passwd, "change your password (an admin: anyone's)")
    passwd.add_argument("name", metavar="NAME", nargs="?", help="whose (default: your own)")
    role = command(verbs, "role", user_role, "change a user's role (admin)")
    role.add_argument("name", metavar="NAME")
    role.add_argument("new_role", metavar="ROLE", choices=roles)
    remove = command(verbs, "remove", user_remove, "remove a user and their password (admin)")
    remove.add_argument("name", metavar="NAME")


def user_add(ctx: CommandContext) -> int:
    role = Role(ctx.args.role)
    with ctx.sign_in() as actor:
        password = ctx.secrets.new_password()
        user = people.add_user(actor, ctx.args.name, role, password).value
    if ctx.wants_json:
        ctx.emit_json(user)
    else:
        ctx.say(f"Added {user.name} as {ROLE_WORDS[role]}.")
    return 0


def user_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        users = people.list_users(actor)
    if ctx.wants_json:
        ctx.emit_json(users)
    else:
        width = max(len(u.name) for u in users)
        for user in users:
            ctx.say(f"{user.name:<{width}}  {user.role.value}")
    return 0


def user_passwd(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        if ctx.args.name is not None:
            people.find_user(actor, ctx.args.name)  # say so before asking for a password
        new_password = ctx.secrets.new_password()
        user = people.change_password(actor, ctx.args.name, new_password)
    ctx.say(f"Changed the password for {user.name}.")
    return 0


def user_role(ctx: CommandContext) -> int:
    role = Role(ctx.args.new_role)
    with ctx.sign_in() as actor:
        user = people.change_role(actor, ctx.args.name, role).value
    ctx.say(f"{user.name}'s role is now {ROLE_WORDS[role]}.")
    return 0


def user_remove(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        user = people.remove_user(actor, ctx.args.name).value
    ctx.say(f"Removed {user.name}: their password no longer opens this vault.")
    return 0
