"""The workspace application: sessions, CSRF, security headers, error pages, and every route module."""
from __future__ import annotations

from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from casereview.history.connect import make_engine
from casereview.workspace.csrf import CsrfRejected, csrf_protect
from casereview.workspace.deps import Conflict, Forbidden, LoginRequired, NotFound, ids_in_range
from casereview.workspace.jobs import start_jobs
from casereview.workspace.pages import HERE, message_page
from casereview.workspace.routes import ROUTERS
from casereview.workspace.settings import Settings

SESSION_COOKIE = "casereview_session"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

INTERNAL_ERROR_PAGE = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>服务器内部错误 · casereview'
                       '</title><link rel="stylesheet" href="/static/app.css"></head><body><main><section class="message">'
                       '<h1 id="message-title">服务器内部错误</h1><p id="message-text">处理请求时出错，已记入服务器日志。'
                       '请稍后重试；如果一再出现，请联系管理员。</p><p><a href="/">返回首页</a></p></section></main></body></html>')


def create_app(settings: Settings) -> FastAPI:
    settings.uploads.mkdir(parents=True, exist_ok=True)
    settings.runs.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        for stop in app.state.on_shutdown:
            stop()
        engine.dispose()

    app = FastAPI(title="casereview 评查工作台", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(ids_in_range), Depends(csrf_protect)], lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.on_shutdown = []           # callables run when the server stops (e.g. the review workers)
    start_jobs(app)
    _add_headers_and_limits(app, settings)
    # added last, so outermost: the size-limit page (rendered by the middleware above) has the session too
    app.add_middleware(SessionMiddleware, secret_key=settings.secret, session_cookie=SESSION_COOKIE,
                       max_age=settings.session_hours * 3600, same_site="lax", https_only=settings.secure_cookies)
    _add_error_pages(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app


def _add_headers_and_limits(app: FastAPI, settings: Settings) -> None:
    limit = settings.max_upload_mb * 1024 * 1024 + 64 * 1024      # the file and the form around it

    @app.middleware("http")
    async def headers_and_limits(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return message_page(request, "文件过大", f"上传内容超过 {settings.max_upload_mb} MB 上限", 413)
        if length is None and "transfer-encoding" in request.headers:     # a body of unknown size: not read
            return message_page(request, "请求有误", "请求缺少内容长度（Content-Length），请用浏览器上传", 411)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/"
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, _exc):
        return message_page(request, "无权操作", "您的角色无权执行此操作。", 403)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc):
        return message_page(request, "未找到", "没有这个页面，或您无权查看。", 404)

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict):
        return message_page(request, "内容已被他人修改", str(exc) or "该记录已被他人修改，请刷新页面后重试。", 409)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, _exc):
        return message_page(request, "请求已失效", "页面已过期或请求来源不明（缺少 CSRF 令牌），请刷新页面后重试。", 403)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404:
            return message_page(request, "未找到", "没有这个页面，或您无权查看。", 404)
        if exc.status_code == 405:
            return message_page(request, "不支持的请求", "此地址不支持该请求方法。", 405)
        return message_page(request, "请求有误", str(exc.detail), exc.status_code)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        """Outside the session (the outermost layer): a plain page, never the traceback or the SQL (the
        server re-raises it after this page, so its log keeps the traceback)."""
        return HTMLResponse(INTERNAL_ERROR_PAGE, status_code=500, headers=SECURITY_HEADERS)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        fields = "、".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return message_page(request, "请求有误", f"请求缺少或含有无效的字段：{fields}", 400)
