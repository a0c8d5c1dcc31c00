"""The Content-Security-Policy: on every kind of response, with no 'unsafe-inline' or 'unsafe-eval', and
templates that need neither (no inline script, no event handler attribute, no inline style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2]
SITE_PACKAGES_TEMPLATES = ["ninja/templates/ninja/swagger.html"]


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response) -> None:  # type: ignore[no-untyped-def]
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_a_page_has_the_policy(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert_strict(response)


def test_a_logged_in_page_has_the_policy_and_the_htmx_settings(login, staff) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).get("/", follow=True)
    html = response.content.decode()

    assert response.status_code == 200
    assert_strict(response)
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
    assert 'src="/static/kaopu/kaopu.js"' in html and "data-autosubmit" in html


def test_an_admin_page_has_the_policy(login, sysadmin) -> None:  # type: ignore[no-untyped-def]
    client = login(sysadmin)
    for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_the_api_docs_page_has_the_policy(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.urls("kaopu.core.tests.error_urls")
def test_error_pages_have_the_policy(client, db) -> None:  # type: ignore[no-untyped-def]
    assert_strict(client.get("/no-such-page/"))
    assert_strict(client.get("/api/v1/no-such-thing"))
    failing = Client(raise_request_exception=False)
    response = failing.get("/fails/")
    assert response.status_code == 500
    assert_strict(response)


def _templates() -> list[Path]:
    site_packages = Path(pytest.__file__).resolve().parents[1]
    return [*SRC.rglob("templates/**/*.html"), *(site_packages / path for path in SITE_PACKAGES_TEMPLATES)]


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"""<[a-z][^>]*\s(on[a-z]+)\s*=""", re.IGNORECASE | re.DOTALL)
STYLE = re.compile(r"""<[a-z][^>]*\sstyle\s*=|<style\b""", re.IGNORECASE | re.DOTALL)


def test_no_template_has_an_inline_script_a_handler_or_an_inline_style() -> None:
    templates = _templates()
    assert len(templates) > 100
    found = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for match in SCRIPT.finditer(text):
            attributes = match.group(1)
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                found.append(f"{path}: inline script {match.group(0)}")
        found += [f"{path}: handler {match.group(1)}" for match in HANDLER.finditer(text)]
        found += [f"{path}: inline style {match.group(0)[:60]!r}" for match in STYLE.finditer(text)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("snippet", ['<script>alert(1)</script>', '<button onclick="x()">',
                                     '<select\n  onchange="this.form.submit()">', '<p style="color:red">',
                                     "<style>p{}</style>"])
def test_the_scan_catches_what_it_looks_for(snippet: str) -> None:
    inline_script = any("src=" not in m.group(1) for m in SCRIPT.finditer(snippet))
    assert inline_script or HANDLER.search(snippet) or STYLE.search(snippet)


@pytest.mark.parametrize("snippet", ['<script src="/static/a.js" defer></script>',
                                     '<script type="application/json" id="x">{}</script>',
                                     '<button data-confirm="on=1">', "<p>style=</p>"])
def test_the_scan_lets_through_what_is_allowed(snippet: str) -> None:
    inline_script = any("src=" not in m.group(1) and 'type="application/json"' not in m.group(1)
                        for m in SCRIPT.finditer(snippet))
    assert not inline_script and not HANDLER.search(snippet) and not STYLE.search(snippet)
