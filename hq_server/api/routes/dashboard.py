"""The operator's dashboard: HTML at /, its data at /api/v1/dashboard, and /healthz."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import text

from hq_server import __version__, i18n
from hq_server.api.deps import ReadSessionDep, SettingsDep
from hq_server.models import utcnow
from hq_server.schemas import DashboardPublic
from hq_server.services import dashboard as dashboard_service

router = APIRouter(tags=["dashboard"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[2] / "templates")


def _dashboard(session, settings) -> DashboardPublic:
    return dashboard_service.dashboard(session, utcnow(), settings.online_window_seconds,
                                       settings.clock_skew_warn_seconds)


@router.get("/api/v1/dashboard", response_model=DashboardPublic)
def dashboard_data(session: ReadSessionDep, settings: SettingsDep) -> DashboardPublic:
    return _dashboard(session, settings)


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, session: ReadSessionDep, settings: SettingsDep,
                   lang: Annotated[str | None, Query(max_length=16)] = None) -> HTMLResponse:
    chosen = i18n.pick_lang(lang)
    data = _dashboard(session, settings)
    return templates.TemplateResponse(request, "dashboard.html", {
        "lang": chosen,
        "html_lang": "zh-CN" if chosen == "zh_CN" else "en",
        "other_lang": "en" if chosen == "zh_CN" else "zh_CN",
        "t": lambda key: i18n.t(key, chosen),
        "labels_json": json.dumps(i18n.catalog(chosen), ensure_ascii=False),
        "data": data,
        "version": __version__,
    })


@router.get("/healthz")
def healthz(session: ReadSessionDep) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
