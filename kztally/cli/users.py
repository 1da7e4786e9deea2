"""`kztally users ...`: accounts and roles (administrators; supervisors may list).

Every account has a password. A new one (for `add` and `passwd`) is taken from
KZTALLY_NEW_PASSWORD in scripts, else asked for twice without echo at a terminal; it has
at least 8 characters and is not the account's name. `set-role`, `deactivate` and
`activate` change an account; the last active administrator keeps the role and stays
active. A deactivated account cannot sign in, and its open sessions stop at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from typing import Any

from kztally.domain.rules import Role
from kztally.services.users import UserView

ENV_NEW_PASSWORD = "KZTALLY_NEW_PASSWORD"
ROLES = [r.value for r in Role]


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "users",
        parents=[common],
        help="accounts and roles",
        description="Manage the accounts of this database: who may sign in, in which role.",
    )
    actions = p.add_subparsers(dest="users_action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", parents=[common], help=f"add an account (its password from {ENV_NEW_PASSWORD})"
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.set_defaults(func=run_add)

    ls = actions.add_parser("list", parents=[common], help="list the accounts")
    ls.set_defaults(func=run_list)

    role = actions.add_parser("set-role", parents=[common], help="change an account's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", choices=ROLES)
    role.set_defaults(func=run_set_role)

    pw = actions.add_parser("passwd", parents=[common], help="set a new password (and lift a lock)")
    pw.add_argument("name", metavar="NAME")
    pw.set_defaults(func=run_passwd)

    off = actions.add_parser("deactivate", parents=[common], help="stop an account from signing in")
    off.add_argument("name", metavar="NAME")
    off.set_defaults(func=run_deactivate)

    on = actions.add_parser("activate", parents=[common], help="let an account sign in again")
    on.add_argument("name", metavar="NAME")
    on.set_defaults(func=run_activate)


def new_password(name: str) -> str:
    from kztally.cli.session import ask_password

    env = os.environ.get(ENV_NEW_PASSWORD)
    if env is not None:
        return env
    return ask_password(name, twice=True, env=ENV_NEW_PASSWORD)


def run_add(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        password = new_password(args.name)
        user = services.users.add(args.name, Role(args.role), password)
    print(f"added {user.name} ({user.role})")
    return 0


def _status(u: UserView, now: dt.datetime) -> str:
    if not u.active:
        return "deactivated"
    if not u.has_password:
        return "no password"
    if u.locked_until is not None and u.locked_until > now:
        return f"locked until {u.locked_until:%Y-%m-%d %H:%M} UTC"
    return "active"


def run_list(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        users = services.users.list()
        now = services.clock()
    width = max([4, *(len(u.name) for u in users)])
    print(f"{'name':<{width}}  {'role':<13}  {'status':<11}  created")
    for u in users:
        created = u.created_at.strftime("%Y-%m-%d %H:%M")
        status = _status(u, now)
        print(f"{u.name:<{width}}  {u.role.value:<13}  {status:<11}  {created} by {u.created_by}")
    return 0


def run_set_role(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        user = services.users.set_role(args.name, Role(args.role))
    print(f"{user.name} is now {user.role}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        user = services.users.set_password(args.name, new_password(args.name))
    print(f"{user.name}: password set")
    return 0


def run_deactivate(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        user = services.users.deactivate(args.name)
    print(f"{user.name} is deactivated: it cannot sign in, its sessions have ended")
    return 0


def run_activate(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        user = services.users.activate(args.name)
    print(f"{user.name} may sign in again")
    return 0
