"""`casereview users add|passwd|disable|list`: workspace accounts from the command line (audited as "cli")."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from casereview.cli.parser import EXIT_CODES
from casereview.errors import UsageError

BY = "cli"


def register(subparsers) -> None:
    u = subparsers.add_parser("users", help="工作台账户：添加、改密码、停用、列出", epilog=EXIT_CODES)
    sub = u.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="添加账户（密码从终端输入两次，或用 --password-stdin 从标准输入读取）",
                         epilog=EXIT_CODES)
    add.add_argument("name", help="用户名")
    add.add_argument("--role", required=True, choices=["admin", "reviewer", "unit", "viewer"],
                     help="角色：admin 管理员、reviewer 评查员、unit 单位用户（只看本单位）、viewer 只读")
    add.add_argument("--unit", action="append", default=[], help="单位用户所属单位编码，可多次给出")
    add.add_argument("--display-name", default=None, help="显示的姓名（默认同用户名）")
    _common(add)
    add.set_defaults(func=cmd_add)
    pw = sub.add_parser("passwd", help="重设账户密码（已登录的会话随之失效，锁定解除）", epilog=EXIT_CODES)
    pw.add_argument("name", help="用户名")
    _common(pw)
    pw.set_defaults(func=cmd_passwd)
    off = sub.add_parser("disable", help="停用账户（已登录的会话随之失效）", epilog=EXIT_CODES)
    off.add_argument("name", help="用户名")
    _common(off, password=False)
    off.set_defaults(func=cmd_disable)
    ls = sub.add_parser("list", help="列出全部账户", epilog=EXIT_CODES)
    _common(ls, password=False)
    ls.set_defaults(func=cmd_list)


def _common(p: argparse.ArgumentParser, password: bool = True) -> None:
    p.add_argument("--db", default=None, help="工作台数据库：SQLite 文件路径或数据库 URL；默认为数据目录下的 workspace.db")
    p.add_argument("--data", type=Path, default=None, help="数据目录（默认 ./casereview-data），仅用于确定默认数据库")
    if password:
        p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行），用于脚本")


def _db(a: argparse.Namespace) -> str:
    from casereview.workspace.server import DEFAULT_DATA, default_db
    return a.db or default_db(a.data or DEFAULT_DATA)


def _password(a: argparse.Namespace) -> str:
    """From stdin (--password-stdin) or typed twice without echo; never from the command line."""
    from casereview.workspace.passwords import check_strength

    if a.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != password:
            raise UsageError("两次输入的密码不一致")
    check_strength(password)
    return password


def cmd_add(a: argparse.Namespace) -> int:
    from casereview.workspace.accounts import add_user
    from casereview.workspace.server import open_sessions

    password = _password(a)
    with open_sessions(_db(a)) as sessions, sessions() as db:
        add_user(db, a.name, password, a.role, display_name=a.display_name, units=a.unit, by=BY)
        db.commit()
    print(f"已添加账户 {a.name}（{_role(a.role)}）" + (f"，所属单位 {'、'.join(a.unit)}" if a.unit else ""))
    return 0


def cmd_passwd(a: argparse.Namespace) -> int:
    from casereview.workspace.accounts import find_user, set_password
    from casereview.workspace.server import open_sessions

    with open_sessions(_db(a)) as sessions, sessions() as db:
        if find_user(db, a.name) is None:
            raise UsageError(f"没有用户 {a.name}")
        set_password(db, a.name, _password(a), by=BY)
        db.commit()
    print(f"已重设 {a.name} 的密码；其已登录的会话随之失效")
    return 0


def cmd_disable(a: argparse.Namespace) -> int:
    from casereview.workspace.accounts import set_disabled
    from casereview.workspace.server import open_sessions

    with open_sessions(_db(a)) as sessions, sessions() as db:
        set_disabled(db, a.name, True, by=BY)
        db.commit()
    print(f"已停用账户 {a.name}")
    return 0


def cmd_list(a: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from casereview.history.workspace_models import User
    from casereview.workspace.accounts import user_units
    from casereview.workspace.server import open_sessions

    with open_sessions(_db(a)) as sessions, sessions() as db:
        users = list(db.scalars(sa.select(User).order_by(User.username)))
        if not users:
            print("还没有账户（casereview users add 用户名 --role admin 添加管理员）")
            return 0
        for user in users:
            units = "、".join(user_units(db, user))
            state = "已停用" if user.disabled else "启用"
            print(f"{user.username}\t{_role(user.role)}\t{state}" + (f"\t{units}" if units else ""))
    return 0


def _role(role: str) -> str:
    from casereview.history.workspace_models import ROLE_LABELS
    return ROLE_LABELS.get(role, role)
