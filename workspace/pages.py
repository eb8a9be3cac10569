"""Rendering pages: one Jinja2 environment (autoescaped), the signed-in user and CSRF token in every page."""
from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from casereview.history.workspace_models import ITEM_LABELS, ROLE_LABELS
from casereview.workspace.csrf import csrf_token

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.globals.update(csrf_token=csrf_token, ROLE_LABELS=ROLE_LABELS, ITEM_LABELS=ITEM_LABELS,
                             OUTCOME_LABELS={"pass": "合规", "fail": "不合规", "na": "不适用", "unknown": "无法判定"})
TEMPLATES.env.filters["pct"] = lambda v: "—" if v is None or v != v else f"{float(v) * 100:.1f}%"


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """A page; `viewer` (or None) is taken from request.state, set by `current_viewer` users."""
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def message_page(request: Request, title: str, message: str, status_code: int) -> HTMLResponse:
    return render(request, "message.html", status_code=status_code, title=title, message=message)
