"""Where people reach the app, for the absolute links it hands out (emails, calendar feeds)."""

from __future__ import annotations

from flask import current_app, has_request_context, request

# Without BASE_URL and outside a request (the worker sending an email), the address of make run.
LOCAL = "http://127.0.0.1:5000"


def base_url() -> str:
    """BASE_URL when set, else the host this request came to, else the local address."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured
    return request.host_url.rstrip("/") if has_request_context() else LOCAL
