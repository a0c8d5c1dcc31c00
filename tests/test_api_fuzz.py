"""Fuzz the JSON API against its own OpenAPI document (schemathesis 4).

Every operation is called with generated input (valid and invalid: long and unicode strings, NUL
characters, huge numbers, wrong types) as FIC staff, as an enterprise user and without credentials.
Each answer must not be a server error and must match the schema: status code declared, JSON body
as declared for that status. The app runs in-process through WSGI against the test database, so
creates and updates really write (and are rolled back after each test).

Bounded to a few dozen examples per operation so that the whole file runs in seconds on SQLite and
PostgreSQL; raise FUZZ_EXAMPLES locally to search harder.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kaopu.accounts.models import ApiToken
from kaopu.appeals import actions as appeal_actions
from kaopu.appeals.api import DISPATCH
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import World, build_world, local_moment, make_credit_code
from kaopu.directory.selectors import forget_reference

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))


@pytest.fixture
def world(db, settings) -> World:  # type: ignore[no-untyped-def]
    """The personas of src/conftest.py (this directory is outside its reach), hashed fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    forget_reference()
    return build_world()


@pytest.fixture
def appeals(world: World, time_machine: Any) -> list[int]:
    """Enterprise A's appeals in two states (submitted, accepted), so that the appeal operations are
    fuzzed past the 404 too. "Today" is fixed, so that no deadline falls in a year nobody entered."""
    time_machine.move_to(local_moment(date(2026, 9, 28)), tick=True)
    category = Category.objects.order_by("id").first()
    ids = []
    for title in ("贷款续贷困难", "招工难"):
        appeal = appeal_actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"],
                                              kind=Appeal.Kind.HELP, category=category, title=title, content=title)
        ids.append(appeal.pk)
    appeal_actions.accept(ids[1], acting_user=world.users["staff"])
    return ids


@pytest.fixture(autouse=True)
def _requests_share_the_test_transaction() -> Iterator[None]:
    """Django closes "old" connections at the start and end of each request; inside the test's
    transaction that would close it, so (like Django's own test client) the signal is detached."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# Loaded when the module is collected (the schema needs no database). schemathesis.pytest.from_fixture
# would load it per test, but its lazy loader breaks on pytest 9 (it sets Function._nodeid).
_app = get_wsgi_application()
# Staff reach the most code, so their run adds the coverage phase: every boundary and wrong-type
# value the schema implies (huge ids, empty and over-long strings, nulls), not bounded by
# max_examples. The other callers get the random phases only, which keeps the file fast.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _app)
quick_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _app)
quick_schema.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture
def bearer(world: World) -> Any:
    """bearer(persona) → the Authorization header of one token per persona and test."""
    headers: dict[str, dict[str, str]] = {}

    def header_for(persona: str) -> dict[str, str]:
        if persona not in headers:
            _token, raw = ApiToken.issue(world.users[persona], "fuzz")
            headers[persona] = {"Authorization": f"Bearer {raw}"}
        return headers[persona]

    return header_for


@pytest.fixture
def dialogue(world: World) -> dict[str, list[int]]:
    """An open meeting of the district with enterprise A's pending registration (and B's approved
    one), so that the dialogues operations are fuzzed past the 404 too."""
    from kaopu.dialogues import actions as dialogue_actions
    from kaopu.dialogues.testing import make_meeting

    meeting = make_meeting(world.district, world.users["staff"], capacity=5)
    ours = dialogue_actions.register(meeting.pk, acting_user=world.users["ent_user"])
    (theirs,) = dialogue_actions.invite(meeting.pk, acting_user=world.users["staff"],
                                        enterprises=[world.enterprise_b])
    return {"meeting_id": [meeting.pk], "registration_id": [ours.pk, theirs.pk]}


def _aim_at(case: Any, enterprise_id: int, appeal_ids: list[int],
            others: dict[str, list[int]] | None = None) -> None:
    """Send every other generated valid id to an enterprise (or appeal, meeting, registration) that
    exists, so that the detail, the update and the transitions are fuzzed past the 404 too; the
    other half keep the generated id (mostly a 404)."""
    parameters = case.path_parameters or {}
    for name, existing in (("enterprise_id", [enterprise_id]), ("appeal_id", appeal_ids), *(others or {}).items()):
        generated = parameters.get(name)
        if isinstance(generated, int) and not isinstance(generated, bool) and generated > 0 and generated % 2:
            parameters[name] = existing[generated // 2 % len(existing)]


_codes = itertools.count(900_000)


def _shape_body(case: Any, world: World) -> None:
    """Make every other generated body pass the rules random data almost never meets (a credit code
    with the right check character, a name of two characters, no FIC membership flag),
    so that creates and updates are fuzzed through the write and the audit entry, not only up to
    the form. The other half, and every wrongly typed value, go out as generated."""
    body = case.body
    if not isinstance(body, dict) or not len(body) % 2:
        return
    if isinstance(body.get("credit_code"), str):
        body["credit_code"] = make_credit_code(next(_codes))
    if isinstance(body.get("name"), str):
        body["name"] = "上海" + body["name"]
    # FIC membership is read-only in the directory (kaopu.membership writes the flag): left out.
    body.pop("is_member", None)
    body.pop("member_since", None)
    # Appeals: ids that exist, so that submits and dispatches reach the action.
    if isinstance(body.get("category"), int):
        body["category"] = Category.objects.order_by("id").values_list("id", flat=True).first()
    if isinstance(body.get("lead_department"), int):
        body["lead_department"] = world.department.pk
    if isinstance(body.get("enterprise"), int):
        body["enterprise"] = world.enterprise_a.pk
    if isinstance(body.get("action"), str) and body["action"] in DISPATCH:
        _shape_transition(body, world)


# Values for the fields an action requires, when the generated body lacks them.
_TRANSITION_VALUES: dict[str, Any] = {"reason": "理由", "text": "答复", "opinion": "意见", "conclusion": "结论",
                                      "instruction": "批示", "rating": "4", "working_days": 3}


def _shape_transition(body: dict[str, Any], world: World) -> None:
    """Keep only the fields the generated action takes and fill the ones it needs, so that the
    action runs (and mostly meets the workflow's 409) instead of stopping at the 422 for extra fields."""
    step = DISPATCH[body["action"]]
    for name in list(body):
        if name != "action" and name not in (*step.required, *step.optional):
            del body[name]
    for name in step.required:
        if body.get(name) is None:
            if name == "lead_department":
                body[name] = world.department.pk
            elif name == "into":
                body[name] = Appeal.objects.order_by("id").values_list("id", flat=True).first()
            else:
                body[name] = _TRANSITION_VALUES[name]


def _enterprise_ids(case: Any, response: Any) -> set[int]:
    """The enterprises an answer holds: enterprises themselves, or the enterprises of appeals and
    registrations."""
    if response.status_code not in (200, 201):
        return set()
    try:
        body = response.json()
    except ValueError:
        return set()
    if not isinstance(body, dict):
        return set()
    items = body.get("items") if isinstance(body.get("items"), list) else [body]
    items = [item for item in items if isinstance(item, dict)]
    if case.path.startswith(("/api/v1/appeals", "/api/v1/dialogues")):
        # Appeals and registrations name their enterprise; meetings belong to none.
        items = [item["enterprise"] for item in items if isinstance(item.get("enterprise"), dict)]
    return {item["id"] for item in items if isinstance(item.get("id"), int)}


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_staff(case, world, appeals, dialogue, bearer):  # type: ignore[no-untyped-def]
    _aim_at(case, world.enterprise_a.pk, appeals, dialogue)
    _shape_body(case, world)
    response = case.call_and_validate(headers=bearer("staff"), checks=CHECKS)
    assert response.status_code < 500


@quick_schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_enterprise_user(case, world, appeals, dialogue, bearer):  # type: ignore[no-untyped-def]
    _aim_at(case, world.enterprise_a.pk, appeals, dialogue)
    response = case.call_and_validate(headers=bearer("ent_user"), checks=CHECKS)
    assert response.status_code < 500
    # Whatever was asked, an enterprise user's answers hold no enterprise but its own.
    assert _enterprise_ids(case, response) <= {world.enterprise_a.pk}


@quick_schema.parametrize()
@FUZZ_SETTINGS
def test_api_without_credentials(case, world):  # type: ignore[no-untyped-def]
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in (400, 401, 405, 422)


_BODY_OPERATIONS = [(method.upper(), path) for path, methods in
                    schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _app).raw_schema["paths"].items()
                    for method, operation in methods.items() if "requestBody" in operation]


@pytest.mark.parametrize(("method", "path"), _BODY_OPERATIONS)
def test_a_malformed_json_body_is_the_documented_400_in_chinese(method, path, world, bearer):  # type: ignore[no-untyped-def]
    """What the fuzzer found on the demo: ninja's English "Cannot parse request body". Every operation
    that takes a body answers it with the documented 400, in Chinese, in the error schema."""
    from django.test import Client

    url = re.sub(r"\{[^}]+\}", "1", path)
    response = Client().generic(method, url, "{not json", content_type="application/json", **{
        "HTTP_AUTHORIZATION": bearer("staff")["Authorization"]})
    assert response.status_code == 400, (method, path, response.content)
    body = response.json()
    assert body["detail"].startswith("请求体不是 JSON 对象") and body["errors"][0]["field"] is None
    assert "400" in schema.raw_schema["paths"][path][method.lower()]["responses"]
