"""`kztally users ...`: accounts and roles (administrators; supervisors may list).

New passwords are asked for twice without echo, or taken from KZTALLY_NEW_PASSWORD in
scripts.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from kztally.cli.errors import CliError
from kztally.domain.rules import Role

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

    add = actions.add_parser("add", parents=[common], help="add an account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--password", action="store_true", help="give the account a password (asked for)"
    )
    add.set_defaults(func=run_add)

    ls = actions.add_parser("list", parents=[common], help="list the accounts")
    ls.set_defaults(func=run_list)

    role = actions.add_parser("set-role", parents=[common], help="change an account's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", choices=ROLES)
    role.set_defaults(func=run_set_role)

    pw = actions.add_parser("passwd", parents=[common], help="set or remove a password")
    pw.add_argument("name", metavar="NAME")
    pw.add_argument("--clear", action="store_true", help="remove the password")
    pw.set_defaults(func=run_passwd)


def new_password(name: str) -> str:
    env = os.environ.get(ENV_NEW_PASSWORD)
    if env is not None:
        return env
    try:
        first = getpass.getpass(f"New password for {name}: ")
        again = getpass.getpass("Again: ")
    except EOFError as exc:
        raise CliError(f"no password given (or set {ENV_NEW_PASSWORD})") from exc
    if first != again:
        raise CliError("the two passwords differ")
    if not first:
        raise CliError("a password cannot be empty")
    return first


def run_add(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        password = new_password(args.name) if args.password else None
        user = services.users.add(args.name, Role(args.role), password)
    print(f"added {user.name} ({user.role}{', with a password' if user.has_password else ''})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        users = services.users.list()
    width = max([4, *(len(u.name) for u in users)])
    print(f"{'name':<{width}}  {'role':<13}  password  created")
    for u in users:
        created = u.created_at.strftime("%Y-%m-%d %H:%M")
        print(
            f"{u.name:<{width}}  {u.role.value:<13}  {'yes' if u.has_password else 'no':<8}  "
            f"{created} by {u.created_by}"
        )
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
        password = None if args.clear else new_password(args.name)
        user = services.users.set_password(args.name, password)
    print(f"{user.name}: password {'set' if user.has_password else 'removed'}")
    return 0
