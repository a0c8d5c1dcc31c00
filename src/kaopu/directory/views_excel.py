"""Excel import and export pages (being written: see the import/export work in progress)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def enterprise_export(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_start(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def import_template(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
