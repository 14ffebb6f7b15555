"""`curator serve`: the HTTP JSON service (starlette + uvicorn) of one model, and Label Studio's ML backend
protocol on the same routes.

- `POST /predict` {"texts": [...]} → {"predictions": [{label, score, scores, model_id, model_version}], …};
  a body with "tasks" (Label Studio) → {"results": [...]} in Label Studio's format.
- `GET /health` → {"status": "UP", …}; `GET /model` → the card and the test/validation metrics.
- `POST /setup`, `POST /webhook`: Label Studio (curator.deploy.lsbackend).
A bad request gets a 4xx and {"error": "…"}; nothing a client sends stops the server. With a token (any bind
but loopback, or --require-token) every route needs `Authorization: Bearer <token>` (or basic auth, password =
token). A request's texts are predicted together, under one lock (one model in memory, loaded once).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from curator.deploy.lsbackend import count_webhook, ls_results, target, task_texts
from curator.deploy.protocol import ApiError, parse_body, predict_texts
from curator.deploy.service import Service
from curator.deploy.token import authorized
from curator.train.card import read_model_card


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it passes `limit` bytes (never read whole first)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"request body has {declared} bytes (limit {limit})")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def handler(service: Service, fn: Callable[[Service, Request], Awaitable[Any]]) -> Callable:
    """A route: token check, ApiError → its 4xx, any other failure → 500 with one line (the server goes on)."""

    async def route(request: Request) -> Response:
        if service.token is not None and not authorized(request.headers.get("authorization"), service.token):
            return JSONResponse({"error": "missing or wrong token: send Authorization: Bearer <token>"}, 401)
        try:
            return JSONResponse(await fn(service, request))
        except ApiError as exc:
            return JSONResponse({"error": exc.message}, exc.status)
        except Exception as exc:  # a bug or a model failure: answer 500, keep serving
            return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, 500)

    return route


async def health(service: Service, request: Request) -> dict[str, Any]:
    return {
        "status": "UP",
        "model_class": "curator",
        "name": service.name,
        "model_id": service.model_id,
        "model_version": service.model_version,
    }


async def model_info(service: Service, request: Request) -> dict[str, Any]:
    card = read_model_card(service.predictor.path) if hasattr(service.predictor, "path") else service.predictor.card
    metrics = {k: service.row.get(k) for k in ("test_macro_f1", "test_accuracy", "val_macro_f1", "verified")}
    return {
        "name": service.name,
        "model_id": service.model_id,
        "model_version": service.model_version,
        "card": card,
        "metrics": metrics,
    }


async def predict(service: Service, request: Request) -> dict[str, Any]:
    payload = parse_body(await read_body(request, service.limits.max_body), service.limits)
    if isinstance(payload, dict) and "tasks" in payload:
        return await ls_predict(service, payload)
    texts = predict_texts(payload, service.limits)
    preds = await run_in_threadpool(service.predict, texts)
    if service.inputs is not None:
        await run_in_threadpool(service.inputs.append, texts, service.model_id, [(lab, s) for lab, s, _ in preds])
    rows = [
        {
            "label": lab,
            "score": round(s, 6),
            "scores": scores,
            "model_id": service.model_id,
            "model_version": service.model_version,
        }
        for lab, s, scores in preds
    ]
    return {"name": service.name, "predictions": rows}


async def ls_predict(service: Service, payload: dict[str, Any]) -> dict[str, Any]:
    tgt = target(payload.get("label_config"))
    texts = task_texts(payload["tasks"], tgt.text_key, service.limits)
    preds = await run_in_threadpool(service.predict, texts)
    return ls_results(tgt, [(lab, s) for lab, s, _ in preds], service.model_id)


async def setup(service: Service, request: Request) -> dict[str, Any]:
    payload = parse_body(await read_body(request, service.limits.max_body), service.limits)
    if isinstance(payload, dict) and payload.get("schema"):
        target(payload["schema"])  # a labeling config this model cannot fill is refused at connect time
    return {"model_version": service.model_id}


async def webhook(service: Service, request: Request) -> dict[str, Any]:
    payload = parse_body(await read_body(request, service.limits.max_body), service.limits)
    return await run_in_threadpool(
        count_webhook, service.ws, service.name, service.model_id, payload, service.retrain_after
    )


async def not_found(request: Request, exc: HTTPException) -> Response:
    routes = "GET /health, GET /model, POST /predict, POST /setup, POST /webhook"
    return JSONResponse(
        {"error": f"{request.method} {request.url.path}: {exc.detail} (routes: {routes})"}, exc.status_code
    )


def build_app(service: Service) -> Starlette:
    routes = [
        Route("/health", handler(service, health), methods=["GET"]),
        Route("/model", handler(service, model_info), methods=["GET"]),
        Route("/predict", handler(service, predict), methods=["POST"]),
        Route("/setup", handler(service, setup), methods=["POST"]),
        Route("/webhook", handler(service, webhook), methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: not_found})


def run(service: Service, host: str, port: int) -> None:
    """Serve until interrupted (uvicorn, one process; access log off: paths only, never texts)."""
    import uvicorn

    uvicorn.run(build_app(service), host=host, port=port, log_level="warning", access_log=False)
