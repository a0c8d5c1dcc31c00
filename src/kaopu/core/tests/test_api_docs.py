"""The API's docs page and OpenAPI document work on an intranet: nothing loads from the internet."""

from __future__ import annotations

import re

from django.test import Client

from kaopu.core.api_testing import API

# Any absolute URL or protocol-relative one in an attribute or a script: the page must have none.
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|https?://""", re.IGNORECASE)


def test_docs_page_references_no_external_url(db):  # type: ignore[no-untyped-def]
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not _EXTERNAL.search(html), _EXTERNAL.search(html)
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_docs_page_turns_off_the_online_validator(db):  # type: ignore[no-untyped-def]
    # Swagger UI otherwise shows a badge loaded from validator.swagger.io, sending it the schema.
    html = Client().get(f"{API}/docs").content.decode()
    assert '"validatorUrl": null' in html


def test_the_docs_page_assets_are_served_locally(db):  # type: ignore[no-untyped-def]
    client = Client()
    html = client.get(f"{API}/docs").content.decode()
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html)
    assert len(assets) >= 3
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body


def test_openapi_document_declares_both_ways_to_authenticate(db):  # type: ignore[no-untyped-def]
    schema = Client().get(f"{API}/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {"BearerToken", "BrowserSession"}
    operations = {op["operationId"]: op for path in schema["paths"].values() for op in path.values()}
    assert set(operations) >= {"list_enterprises", "get_enterprise", "create_enterprise", "update_enterprise"}
    for operation in operations.values():
        assert {"401", "422"} <= set(operation["responses"])


def test_no_two_response_schemas_share_a_name() -> None:
    # The OpenAPI document names each schema by its class name: two apps' different EventOut classes
    # became one component, and the appeals' timeline was documented with the financing events' fields.
    from ninja import Schema

    import kaopu.api  # noqa: F401  (imports every app's schemas)

    def subclasses(cls: type) -> list[type]:
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    by_name: dict[str, set[tuple[str, ...]]] = {}
    for schema in subclasses(Schema):
        if schema.__module__.startswith("kaopu."):
            by_name.setdefault(schema.__name__, set()).add(tuple(sorted(schema.model_fields)))
    assert {name: shapes for name, shapes in by_name.items() if len(shapes) > 1} == {}
