"""Every error of the JSON API as ``{"detail": "...", "errors": [{"field": ..., "message": ...}]}``.

A client (or a person reading a script's log) should learn from one response which field was wrong
and which rule it broke, in the language of the request (Chinese by default). Two sources of
validation errors end up in the same shape:

- ninja's type checks of query, path and body (pydantic), translated here from pydantic's error
  types into messages of our own catalogue, and
- Django ``ValidationError`` raised by an endpoint after running a form (the rules pages and API
  share), carrying the form's messages per field.

404 never says why (another district's enterprise and a missing one look the same, as
kaopu.core.access promises); 403 is for a request the caller's role may never make.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

_TYPE_MESSAGES = {
    "missing": gettext_lazy("“%(field)s” is required."),
    "int_parsing": gettext_lazy("“%(field)s” must be a whole number."),
    "int_type": gettext_lazy("“%(field)s” must be a whole number."),
    "int_from_float": gettext_lazy("“%(field)s” must be a whole number."),
    "bool_parsing": gettext_lazy("“%(field)s” must be true or false."),
    "bool_type": gettext_lazy("“%(field)s” must be true or false."),
    "string_type": gettext_lazy("“%(field)s” must be text."),
    "decimal_parsing": gettext_lazy("“%(field)s” must be a number."),
    "decimal_type": gettext_lazy("“%(field)s” must be a number."),
    "finite_number": gettext_lazy("“%(field)s” must be a finite number."),
    "date_parsing": gettext_lazy("“%(field)s” must be a date written YYYY-MM-DD."),
    "date_type": gettext_lazy("“%(field)s” must be a date written YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("“%(field)s” must be a date written YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("“%(field)s” must be a date written YYYY-MM-DD."),
    "greater_than_equal": gettext_lazy("“%(field)s” must be at least %(ge)s."),
    "less_than_equal": gettext_lazy("“%(field)s” must be at most %(le)s."),
    "literal_error": gettext_lazy("“%(field)s” must be one of %(expected)s."),
    "enum": gettext_lazy("“%(field)s” must be one of %(expected)s."),
    "string_too_long": gettext_lazy("“%(field)s” may have at most %(max_length)s characters."),
}
NINJA_UNPARSABLE_BODY = "Cannot parse request body"  # ninja.params.models.BodyModel, with details under DEBUG
_BODY_TYPES = {"model_attributes_type", "dict_type", "model_type", "json_invalid", "json_type"}


class ApiError(Exception):
    """An error answer with a status, a sentence and optional per-field errors, raised from an endpoint."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> None:
        self.status = status
        self.detail = detail
        self.errors = errors or []
        super().__init__(detail)


def refuse_nul_characters(values: dict[str, Any]) -> None:
    """422 for any text containing NUL (U+0000): PostgreSQL cannot store it, and no real input has it.

    Checked before any form or query runs, so the answer is the same on SQLite and PostgreSQL.
    """
    bad = [name for name, value in values.items() if isinstance(value, str) and "\x00" in value]
    if bad:
        raise ApiError(422, _("The input is invalid; see the errors of each field."), [
            {"field": name, "message": _("“%(field)s” contains a NUL character (\\u0000), which text may "
                                         "not contain.") % {"field": name}} for name in bad])


def error_response(api: NinjaAPI, request: HttpRequest, status: int, detail: str,
                   errors: list[dict[str, Any]] | None = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str | None:
    """('body', 'payload', 'employees') → 'employees'; ('query', 'limit') → 'limit'; ('body', 'payload') → None."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts:
            parts = parts[1:]  # the name of the view's body parameter, which the client never sees
    # Drop pydantic's names of union members ("literal['a','b']", "function-after[...]").
    return ".".join(part for part in parts if part.isidentifier() or part.isdigit()) or None


def pydantic_error_item(error: dict[str, Any]) -> dict[str, Any]:
    field = _field_name(error.get("loc", ()))
    kind = error.get("type", "")
    if kind in _BODY_TYPES or field is None:
        return {"field": None, "message": _("The request body must be a JSON object with the documented fields.")}
    params = {"field": field, **{key: str(value) for key, value in (error.get("ctx") or {}).items()}}
    template = _TYPE_MESSAGES.get(kind)
    try:
        message = str(template) % params if template is not None else None
    except (KeyError, ValueError, TypeError):
        message = None
    if message is None:
        message = _("“%(field)s” is not valid: %(reason)s") % {"field": field, "reason": error.get("msg", "")}
    return {"field": field, "message": message}


def validation_error_items(error: ValidationError, rename: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The messages of a Django ValidationError (e.g. ``ValidationError(form.errors.as_data())``)."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        return [{"field": None, "message": message} for message in error.messages]
    items = []
    for field, messages in error.message_dict.items():
        name = None if field == NON_FIELD_ERRORS else rename.get(field, field)
        items.extend({"field": name, "message": message} for message in messages)
    return items


class ObjectBodyParser(Parser):
    """JSON bodies must be objects. ninja would read a falsy body (``0``, ``false``, ``[]``) as an
    empty object, so that ``PATCH`` with ``0`` succeeded as "change nothing"; refusing anything but
    an object turns it into the documented 400 (in the request's language, see ``install``)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the JSON body is not an object")
        return data


def install(api: NinjaAPI) -> None:
    """Replace ninja's default error bodies with ours."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(api, request, 422, _("The input is invalid; see the errors of each field."),
                              [pydantic_error_item(error) for error in exc.errors])

    @api.exception_handler(ValidationError)
    def invalid_by_rule(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(api, request, 422, _("The input is invalid; see the errors of each field."),
                              validation_error_items(exc))

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.detail, exc.errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(api, request, 401, _(
            "Authentication required: send the header “Authorization: Bearer <token>” with a token made on "
            "the API tokens page, or log in."))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, str(exc) or _("Your role may not do this."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith(NINJA_UNPARSABLE_BODY):
            # ninja's own English sentence for a body that is not JSON (or not an object, see
            # ObjectBodyParser); documented as 400 on every operation that takes a body.
            message = _("The request body is not a JSON object: send valid JSON (Content-Type: application/json) "
                        "with the documented fields.")
            return error_response(api, request, 400, message, [{"field": None, "message": message}])
        return error_response(api, request, exc.status_code, str(exc))
