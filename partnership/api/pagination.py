"""Pages of a list: a JSON array in the body, the totals in headers."""

from __future__ import annotations

from flask import request, url_for

from ..extensions import db


def page_of(query, args: dict):
    """Run a select for one page; return (items, headers) for flask-smorest."""
    page = db.paginate(query, page=args["page"], per_page=args["per_page"], error_out=False)
    headers = {
        "X-Total-Count": str(page.total),
        "X-Page": str(page.page),
        "X-Per-Page": str(page.per_page),
    }
    links = []
    view_args = dict(request.view_args or {})
    endpoint = request.endpoint or ""
    if page.has_next:
        nxt = url_for(endpoint, page=page.page + 1, per_page=page.per_page, **view_args)
        links.append(f'<{nxt}>; rel="next"')
    if page.has_prev:
        prev = url_for(endpoint, page=page.page - 1, per_page=page.per_page, **view_args)
        links.append(f'<{prev}>; rel="prev"')
    if links:
        headers["Link"] = ", ".join(links)
    return list(page.items), headers
