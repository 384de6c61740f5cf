from fastapi import APIRouter

from hq_server.api.routes import dashboard, sales, sync

api_router = APIRouter()
api_router.include_router(sync.router)
api_router.include_router(sales.router)
api_router.include_router(dashboard.router)
