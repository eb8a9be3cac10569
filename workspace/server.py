"""Starting the workspace: the secret, the rule for listening beyond this machine, the demo, uvicorn."""
from __future__ import annotations

import os
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
import uvicorn
from sqlalchemy.orm import Session, sessionmaker

import casereview.casefiles
from casereview.errors import UsageError
from casereview.history.connect import make_engine
from casereview.history.models import COMPLETE
from casereview.history.models import Run as RunRow
from casereview.history.store import read_run
from casereview.history.workspace_models import ADMIN, REVIEWER, UNIT, User
from casereview.workspace.accounts import add_user, find_user
from casereview.workspace.app import create_app
from casereview.workspace.reviewing import ReviewChoices, learn_units, run_review
from casereview.workspace.settings import SECRET_MIN_CHARS, Settings, is_loopback

SECRET_ENV = "CASEREVIEW_SECRET"
DEFAULT_DATA = Path("casereview-data")
DEMO_DATA = Path("demo-workspace")
DEMO_AS_OF = date(2026, 11, 20)
DEMO_SAMPLE = Path(casereview.casefiles.__file__).parent / "samples" / "三项制度评查样例.xlsx"
DEMO_UNIT = "U320151"          # 玄武区市场监督管理局新街口所, one of the sample's units
# idle connections kept this long: a browser reusing one the server had just closed would see a reset POST
KEEP_ALIVE_SECONDS = 75
LOCAL_PROXY = "127.0.0.1,::1"  # the only proxy whose X-Forwarded-For is believed (with --secure-cookies)
DEMO_USERS = (("demo-admin", ADMIN, ()), ("demo-reviewer", REVIEWER, ()), ("demo-unit", UNIT, (DEMO_UNIT,)))


def default_db(data_dir: Path) -> str:
    return str(Path(data_dir) / "workspace.db")


@contextmanager
def open_sessions(db: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the workspace database (its schema upgraded first), for the CLI."""
    engine = make_engine(db)
    try:
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()


def read_secret(secret_file: Path | None) -> str | None:
    """The session secret from --secret-file, else from CASEREVIEW_SECRET; None when neither is given."""
    if secret_file is not None:
        try:
            secret = Path(secret_file).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise UsageError(f"无法读取密钥文件 {secret_file}：{e.strerror or e}") from None
        where = f"密钥文件 {secret_file}"
    else:
        secret = os.environ.get(SECRET_ENV, "").strip()
        where = f"环境变量 {SECRET_ENV}"
        if not secret:
            return None
    if len(secret) < SECRET_MIN_CHARS:
        raise UsageError(f"{where} 中的密钥过短：至少 {SECRET_MIN_CHARS} 个字符（可用 "
                         "python3 -c 'import secrets; print(secrets.token_urlsafe(48))' 生成）")
    return secret


def has_admin(sessions) -> bool:
    with sessions() as db:
        return db.scalar(sa.select(sa.func.count()).select_from(User)
                         .where(User.role == ADMIN, User.disabled.is_(False))) > 0


def check_exposure(host: str, secret: str | None, admin_exists: bool) -> None:
    """Listening beyond this machine needs an admin account and a configured secret (UsageError otherwise)."""
    if is_loopback(host):
        return
    missing = ([] if admin_exists else ["管理员账户（casereview users add 用户名 --role admin）"]) + \
              ([] if secret else [f"会话密钥（--secret-file 或环境变量 {SECRET_ENV}，至少 {SECRET_MIN_CHARS} 个字符）"])
    if missing:
        raise UsageError(f"拒绝在 {host} 上启动：监听本机以外的地址前须先配置" + "和".join(missing)
                         + "；仅本机使用请用 --host 127.0.0.1")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str | None          # None: the account existed already (its password was printed then)


def prepare_demo(settings: Settings) -> tuple[int, list[DemoAccount]]:
    """The demo's data: the bundled sample reviewed (as of 2026-11-20) unless a run is stored, and the demo
    accounts (created with random passwords the first time). (run id, accounts)."""
    with open_sessions(settings.db) as sessions:
        with sessions() as db:
            run_id = db.scalar(sa.select(RunRow.id).where(RunRow.status == COMPLETE).order_by(RunRow.id).limit(1))
        if run_id is None:
            out = settings.runs / f"demo-{uuid.uuid4().hex[:8]}"
            settings.runs.mkdir(parents=True, exist_ok=True)
            run_id = run_review(settings.db, DEMO_SAMPLE, out, ReviewChoices(as_of=DEMO_AS_OF),
                                shown_source=DEMO_SAMPLE.name)
            with sessions() as db:
                learn_units(db, read_run(settings.db, run_id).unit_facts)
                db.commit()
        accounts = []
        with sessions() as db:
            for username, role, units in DEMO_USERS:
                if find_user(db, username) is not None:
                    accounts.append(DemoAccount(username, role, None))
                    continue
                password = "Demo-" + secrets.token_urlsafe(12) + "-1"
                add_user(db, username, password, role, units=list(units), by="cli")
                accounts.append(DemoAccount(username, role, password))
            db.commit()
    return run_id, accounts


def serve(settings: Settings, host: str, port: int) -> None:
    """Run the workspace until interrupted. Behind the HTTPS proxy (--secure-cookies) the client's address is the
    one a proxy on this machine forwards: else every sign-in would come from the proxy, one failing address
    would stop everyone's, and the audit would name only the proxy."""
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", server_header=False,
                proxy_headers=settings.secure_cookies, forwarded_allow_ips=LOCAL_PROXY,
                timeout_keep_alive=KEEP_ALIVE_SECONDS)
