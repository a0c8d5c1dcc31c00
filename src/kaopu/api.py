"""The JSON API root (/api/v1/): each app mounts its ninja router here.

Authentication (kaopu.core.api_auth) and the error bodies (kaopu.core.api_errors) are set once here
for every router. The docs page at /api/v1/docs serves Swagger UI from ninja's own static files
(``ninja`` is in INSTALLED_APPS for that), never from a CDN: Kaopu runs on intranets without
internet. ``validatorUrl: None`` stops Swagger UI from sending the schema to validator.swagger.io.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from kaopu.appeals.api import router as appeals_router
from kaopu.core import api_errors
from kaopu.core.api_auth import API_AUTH
from kaopu.dialogues.api import router as dialogues_router
from kaopu.directory.api import router as directory_router
from kaopu.finance.api import router as finance_router
from kaopu.investment.api import router as investment_router
from kaopu.legal.api import router as legal_router

api = NinjaAPI(
    title="Kaopu API",
    version="1.0.0",
    urls_namespace="api",
    description=(
        "The JSON API of Kaopu (靠谱). Authenticate with `Authorization: Bearer <token>` (make a token on "
        "the API tokens page), or with the browser session plus the `X-CSRFToken` header for writes. "
        "Errors are `{\"detail\": ..., \"errors\": [{\"field\": ..., \"message\": ...}]}`; an object you may "
        "not see answers 404, like one that does not exist."
    ),
    auth=API_AUTH,
    docs=Swagger(settings={"validatorUrl": None}),
    parser=api_errors.ObjectBodyParser(),
)
api_errors.install(api)
api.add_router("/", directory_router)
api.add_router("/", appeals_router)
api.add_router("/", dialogues_router)
api.add_router("/", legal_router)
api.add_router("/", finance_router)
api.add_router("/", investment_router)
