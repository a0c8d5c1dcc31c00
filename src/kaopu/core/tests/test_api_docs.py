"""The API's docs page and OpenAPI document work on an intranet (nothing loads from the internet), name
each schema once, document every answer an operation can give, and refuse a malformed body in Chinese."""

from __future__ import annotations

import re

import pytest
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


def _operations() -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    from kaopu.api import api

    document = api.get_openapi_schema()
    return [(method.upper(), path, operation) for path, methods in document["paths"].items()
            for method, operation in methods.items()]


def test_every_operation_documents_the_answers_it_can_give() -> None:
    # What the fuzz test (tests/test_api_fuzz.py) would otherwise report as undocumented status codes:
    # every operation may answer 401 (no credentials), 404 and 422; one that takes a body, 400 for
    # a body that is not a JSON object; a write, 403 (a role, a read-only token) and 409 where a
    # state forbids it.
    operations = _operations()
    assert len(operations) >= 40
    for method, path, operation in operations:
        codes = {str(code) for code in operation["responses"]}
        assert {"401", "404", "422"} <= codes, (method, path, codes)
        if "requestBody" in operation:
            assert "400" in codes, (method, path)
        if method != "GET":
            assert {"400", "403"} <= codes, (method, path)
        for code, answer in operation["responses"].items():
            content = answer.get("content", {}).get("application/json")
            assert content is not None and content.get("schema"), (method, path, code)


def test_every_schema_a_response_names_exists_and_every_component_is_one_class() -> None:
    import json

    from kaopu.api import api

    document = api.get_openapi_schema()
    components = set(document["components"]["schemas"])
    referenced = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert referenced <= components
    # The timelines of appeals, legal requests and financing demands each have their own event schema.
    assert {"AppealEventOut", "RequestEventOut", "DemandEventOut"} <= components


@pytest.mark.parametrize("body", ["{not json", "0", "[]", '"x"', "\ufeff{"])
def test_a_body_that_is_not_a_json_object_is_a_documented_400_in_chinese(world, body) -> None:  # type: ignore[no-untyped-def]
    from kaopu.core.api_testing import bearer_client

    response = bearer_client(world.users["staff"]).post(f"{API}/enterprises", body, content_type="application/json")
    assert response.status_code == 400
    answer = response.json()
    assert answer["detail"] == "请求体不是 JSON 对象：请按文档字段发送有效的 JSON（Content-Type: application/json）。"
    assert answer["errors"] == [{"field": None, "message": answer["detail"]}]
    english = bearer_client(world.users["staff"]).post(f"{API}/enterprises", body, content_type="application/json",
                                                       headers={"accept-language": "en"})
    assert english.json()["detail"].startswith("The request body is not a JSON object")
