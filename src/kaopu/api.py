"""The JSON API root (/api/v1/): each app mounts its ninja router here."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Kaopu API",
    version="1.0.0",
    urls_namespace="api",
    description="The JSON API of Kaopu (靠谱). Authenticate with `Authorization: Bearer <token>`.",
)
