"""`create_app(config)`: the ASGI application (API, page, index follower)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from frontend.api.middleware import (
    BodyLimit,
    PathSegments,
    RateLimit,
    SecurityHeaders,
    install_error_handlers,
)
from frontend.api.reference import render as render_reference
from frontend.api.routes import router
from frontend.config import Config
from frontend.services import Services

__all__ = ["create_app"]

STATIC = Path(__file__).resolve().parent / "static"

# What the page may load: only this service (no CDN), and connect to it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def create_app(config: Config | None = None, services: Services | None = None) -> FastAPI:
    """The service for `config` (from the environment if None)."""
    config = config or Config.from_env()
    services = services or Services.build(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.broadcaster.bind(asyncio.get_running_loop())
        if config.start_indexer:
            services.start()
        try:
            yield
        finally:
            services.close()

    app = FastAPI(
        title="harvest-coop",
        version="1",
        summary="The co-op's event index, offer book and vote relay.",
        description='Every refusal is `{"error": code, "detail": sentence}` with a 4xx status; docs/web.md lists the codes.',
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: /docs is ours
        redoc_url=None,
    )
    app.state.services = services
    app.state.config = config
    install_error_handlers(app)
    app.include_router(router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(
            STATIC / "index.html", headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"}
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            render_reference(app.openapi()),
            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"},
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    app.add_middleware(SecurityHeaders, csp=CSP)
    app.add_middleware(RateLimit, count=config.rate_limit, window=config.rate_window)
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.add_middleware(PathSegments)
    if config.cors_origin:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[config.cors_origin],
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
        )
    return app
