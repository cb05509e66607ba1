"""Problem documents: every error the mock answers is RFC 9457 `application/problem+json`,
worded in the request's language, and the OpenAPI document says so."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from erej_tui.api import errors, fhir_map
from erej_tui.api.models import Problem, refusal_text

from . import refusals
from .messages import problem_answer

log = logging.getLogger("mock_server")
FHIR = "/fhir"
"""Where the FHIR face is served: its refusals are OperationOutcome resources."""


def problem_json(
    error: errors.ApiError,
    path: str,
    accept_language: str | None,
    extra_headers: dict[str, str] | None = None,
) -> JSONResponse:
    body, headers = problem_answer(error, path, accept_language)
    headers.update(extra_headers or {})
    if "retry_after" in error.extra:
        headers["Retry-After"] = str(error.extra["retry_after"])
    return refusal_answer(body, error.status, path, headers)


def refusal_answer(
    body: dict[str, Any], status: int, path: str, headers: dict[str, str]
) -> JSONResponse:
    """A problem document as sent: problem+json, or on the FHIR face an OperationOutcome
    saying the same (its problem type in the coding)."""
    if path == FHIR or path.startswith(FHIR + "/"):
        outcome = fhir_map.outcome_resource(Problem.model_validate(body))
        return JSONResponse(
            outcome, status_code=status, media_type=fhir_map.MEDIA_TYPE, headers=headers
        )
    return JSONResponse(
        body, status_code=status, media_type=errors.PROBLEM_MEDIA_TYPE, headers=headers
    )


def problem_response(
    error: errors.ApiError, request: Request, headers: dict[str, str] | None = None
) -> JSONResponse:
    return problem_json(
        error, request.scope["path"], request.headers.get("accept-language"), headers
    )


def describe_validation(
    problems: Sequence[Mapping[str, Any]], lang: str = "pl"
) -> tuple[str, list[dict[str, str]]]:
    """Pydantic's error list as one plain sentence plus a per-field list: Polish, or
    English (pydantic's own words, and the contract rules' English) for `lang` "en"."""
    fields = []
    body = "(body)" if lang == "en" else "(treść)"
    for p in problems:
        loc = ".".join(str(x) for x in p.get("loc", ()) if x not in ("body", "query", "path"))
        msg = refusal_text(p, lang)
        fields.append({"field": loc or body, "message": msg})
    invalid = "invalid input" if lang == "en" else "nieprawidłowe dane"
    first = fields[0] if fields else {"field": "", "message": invalid}
    detail = f"{first['field']}: {first['message']}" if first["field"] != body else first["message"]
    return detail[:1].upper() + detail[1:], fields


def refusal(problems: Sequence[Mapping[str, Any]]) -> errors.ValidationFailed:
    """A 422 for pydantic's errors, its detail in both languages."""
    detail, fields = describe_validation(problems)
    detail_en, _ = describe_validation(problems, "en")
    return errors.ValidationFailed(detail, detail_en=detail_en, errors=fields)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (RFC 9110: a 405 lists them all in
    Allow); Starlette names only those of the first route whose path matched."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def framework_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's own refusals (no such path, method, unreadable body) as ours."""
    headers = None
    path = request.scope["path"]
    if exc.status_code == 404:
        error: errors.ApiError = refusals.no_resource(path)
    elif exc.status_code == 405:
        error = refusals.method_not_allowed(request.method, path)
        headers = {"Allow": ", ".join(allowed_methods(request))}
    elif exc.status_code == 400:  # a body FastAPI could not read
        error = refusals.unreadable_body()
    else:  # the framework's words are English: the problem type's own title instead
        cls = errors._FALLBACK_BY_STATUS.get(exc.status_code, errors.ValidationFailed)
        error = cls(detail_en=cls.problem.title_en)
    return problem_response(error, request, headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.ApiError)
    async def api_error(request: Request, exc: errors.ApiError) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = list(exc.errors())
        if any(p.get("type") == "json_invalid" for p in problems):
            return problem_response(refusals.unreadable_body(), request)
        return problem_response(refusal(problems), request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return framework_error(request, exc)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        """The answer to an exception nobody expected; called while it is being handled."""
        log.exception("unhandled error on %s %s", request.method, request.scope["path"])
        return problem_response(refusals.crashed(), request)


DEFAULT_PROBLEMS: tuple[type[errors.ApiError], ...] = (
    errors.ValidationFailed,
    errors.MalformedRequest,
    errors.InternalError,
    errors.ServiceUnavailable,
)
"""What any route may answer: bad input, unreadable JSON, a crash, an injected outage."""


def problems(*classes: type[errors.ApiError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the problem types a route can answer with (their bodies are
    filled in by `document_problems`)."""
    by_status: dict[int, list[errors.ProblemType]] = {}
    for cls in (*classes, *DEFAULT_PROBLEMS):
        by_status.setdefault(cls.problem.status, []).append(cls.problem)
    return {
        status: {"description": "; ".join(f"`{p.uri}` {p.title_en}" for p in types)}
        for status, types in sorted(by_status.items())
    }


def links(status: int, **to: tuple[str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links from a success answer: what a client (or a stateful fuzzer) does next
    with an id it just got. `to`: name -> (operationId, {"parameters" or "requestBody"})."""
    return {status: {"links": {name: {"operationId": op, **how} for name, (op, how) in to.items()}}}


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI document say what the server sends: every error answer (each router
    declares `problems()`, so FastAPI adds no 422 of its own) is an
    `application/problem+json` Problem."""
    build = app.openapi
    body = {
        errors.PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}},
    }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                for status, response in operation["responses"].items():
                    if status[0] in "45":
                        response["content"] = body
        schema["components"]["schemas"]["Problem"] = Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
