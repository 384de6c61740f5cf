from fastapi import APIRouter

from hq_server.api.routes import dashboard, sync

api_router = APIRouter()
api_router.include_router(sync.router)
api_router.include_router(dashboard.router)
