"""`casereview serve [--db URL] [--host H] [--port P] [--data DIR] [--secret-file F] [--demo]`: the workspace."""
from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.parser import EXIT_CODES
from casereview.errors import UsageError


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="启动浏览器评查工作台（上传评查、人工复核、整改、下载）", epilog=EXIT_CODES,
                              description="在本机启动评查工作台。默认只监听 127.0.0.1；监听其他地址（如 0.0.0.0）前须已有"
                                          "管理员账户（casereview users add）并配置会话密钥（--secret-file 或环境变量 "
                                          "CASEREVIEW_SECRET）。--demo 用随附样例数据和演示账户启动。")
    p.add_argument("--db", default=None,
                   help="工作台数据库（也是评查历史）：SQLite 文件路径或数据库 URL（如 postgresql://host/db）；"
                        "默认为数据目录下的 workspace.db")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    p.add_argument("--port", type=int, default=8000, help="监听端口（默认 8000）")
    p.add_argument("--data", type=Path, default=None,
                   help="数据目录：上传的案卷和评查结果目录（默认 ./casereview-data；--demo 时 ./demo-workspace）")
    p.add_argument("--secret-file", type=Path, default=None,
                   help="会话密钥文件（至少 32 个字符）；不给出时读环境变量 CASEREVIEW_SECRET；"
                        "仅本机监听且都没有时使用随机密钥（重启后须重新登录）")
    p.add_argument("--source", action="append", default=[], metavar="名称=URL",
                   help="可供评查的案卷数据库，如 --source 市局=postgresql://host/cases，可多次给出")
    p.add_argument("--max-upload-mb", type=int, default=None, help="上传文件大小上限（MB，默认 100）")
    p.add_argument("--secure-cookies", action="store_true",
                   help="在 HTTPS 反向代理之后运行时给出：会话 Cookie 只经 HTTPS 发送")
    p.add_argument("--demo", action="store_true",
                   help="演示：评查随附样例数据（评查日 2026-11-20），创建演示账户 demo-admin、demo-reviewer、demo-unit "
                        "（密码随机生成，仅在创建时显示一次）")
    p.set_defaults(func=cmd_serve)


def cmd_serve(a: argparse.Namespace) -> int:
    from casereview.workspace.server import (DEFAULT_DATA, DEMO_DATA, check_exposure, default_db, has_admin,
                                             open_sessions, prepare_demo, read_secret, serve)
    from casereview.workspace.settings import DEFAULT_MAX_UPLOAD_MB, Settings

    if not 0 < a.port < 65536:
        raise UsageError(f"--port 须为 1–65535：{a.port}")
    max_mb = DEFAULT_MAX_UPLOAD_MB if a.max_upload_mb is None else a.max_upload_mb
    if max_mb < 1:
        raise UsageError(f"--max-upload-mb 须为正整数：{max_mb}")
    data = a.data or (DEMO_DATA if a.demo else DEFAULT_DATA)
    if data.exists() and not data.is_dir():
        raise UsageError(f"数据目录 {data} 已存在且不是目录")
    data.mkdir(parents=True, exist_ok=True)
    db = a.db or default_db(data)
    sources = _sources(a.source)
    secret = read_secret(a.secret_file)
    with open_sessions(db) as sessions:
        check_exposure(a.host, secret, has_admin(sessions))
    options = {"sources": sources} if sources else {}
    settings = Settings(db=db, data_dir=data.resolve(), max_upload_mb=max_mb, secure_cookies=a.secure_cookies,
                        **options,
                        **({"secret": secret} if secret else {}))
    if a.demo:
        run_id, accounts = prepare_demo(settings)
        print(f"演示数据：随附样例已评查（评查编号 {run_id}，评查日 2026-11-20），数据目录 {data}")
        for acc in accounts:
            shown = f"密码 {acc.password}（只显示这一次，请记下）" if acc.password else \
                "已存在（密码见首次启动时的输出；可用 casereview users passwd 重设）"
            print(f"  账户 {acc.username}：{shown}")
    if not secret:
        print("未配置会话密钥：本次使用随机密钥，服务重启后所有用户须重新登录")
    print(f"评查工作台：http://{_shown_host(a.host)}:{a.port}/ （按 Ctrl+C 停止）", flush=True)
    serve(settings, a.host, a.port)
    return 0


def _sources(items: list[str]) -> dict[str, str]:
    found = {}
    for item in items:
        name, sep, url = item.partition("=")
        if not sep or not name.strip() or not url.strip():
            raise UsageError(f"--source 须写成 名称=URL：{item}")
        found[name.strip()] = url.strip()
    return found


def _shown_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
