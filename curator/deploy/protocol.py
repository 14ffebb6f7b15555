"""Request checks of `curator serve`: every bad request is an `ApiError` (a 4xx status and one clear line), never
an exception that reaches the server loop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(frozen=True)
class Limits:
    max_texts: int = 256  # texts per request
    max_chars: int = 20_000  # characters per text
    max_body: int = 8 * 1024 * 1024  # bytes per request body


class ApiError(Exception):
    """A request the service refuses: HTTP status and the message sent back as {"error": message}."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def parse_body(body: bytes, limits: Limits) -> Any:
    """The JSON value of a request body (413 when too large, 400 when not JSON)."""
    if len(body) > limits.max_body:
        raise ApiError(413, f"request body has {len(body)} bytes (limit {limits.max_body})")
    if not body.strip():
        raise ApiError(400, "request body is empty: send JSON")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, f"request body is not JSON ({str(exc).splitlines()[0]})") from None


def check_texts(value: Any, limits: Limits, field: str = "texts") -> list[str]:
    """A non-empty list of non-empty strings within the limits."""
    if not isinstance(value, list):
        raise ApiError(422, f"'{field}' must be a list of strings, got {type(value).__name__}")
    if not value:
        raise ApiError(422, f"'{field}' is empty: send at least one text")
    if len(value) > limits.max_texts:
        raise ApiError(413, f"too many texts: {len(value)} (limit {limits.max_texts} per request)")
    for i, text in enumerate(value):
        if not isinstance(text, str):
            raise ApiError(422, f"{field}[{i}] must be a string, got {type(text).__name__}")
        if not text.strip():
            raise ApiError(422, f"{field}[{i}] is empty")
        if len(text) > limits.max_chars:
            raise ApiError(413, f"{field}[{i}] has {len(text)} characters (limit {limits.max_chars})")
    return value


def predict_texts(payload: Any, limits: Limits) -> list[str]:
    """The texts of a `POST /predict` {"texts": [...]} request."""
    if not isinstance(payload, dict):
        raise ApiError(422, f"request body must be a JSON object with 'texts', got {type(payload).__name__}")
    if "texts" not in payload:
        raise ApiError(422, "request body has no 'texts' (a list of strings; Label Studio sends 'tasks')")
    return check_texts(payload["texts"], limits)
