"""Pages of a list: a JSON array in the body, the totals in headers."""

from __future__ import annotations

from flask import request, url_for

from ..extensions import db


def page_of(query, args: dict):
    """Run a select for one page; return (items, headers) for flask-smorest."""
    page = db.paginate(query, page=args["page"], per_page=args["per_page"], error_out=False)
    return list(page.items), page_headers(page.total or 0, page.page, page.per_page)


def page_headers(total: int, page: int, per_page: int) -> dict[str, str]:
    """The headers of one page of a list of ``total`` items (for lists that are not one query)."""
    headers = {"X-Total-Count": str(total), "X-Page": str(page), "X-Per-Page": str(per_page)}
    links = []
    view_args = dict(request.view_args or {})
    endpoint = request.endpoint or ""
    if page * per_page < total:
        nxt = url_for(endpoint, page=page + 1, per_page=per_page, **view_args)
        links.append(f'<{nxt}>; rel="next"')
    if page > 1:
        prev = url_for(endpoint, page=page - 1, per_page=per_page, **view_args)
        links.append(f'<{prev}>; rel="prev"')
    if links:
        headers["Link"] = ", ".join(links)
    return headers
