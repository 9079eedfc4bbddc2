"""Every route says what it asks of the policy, and that is what it gets: the one enforcement.

``@requires("plan_phases")`` on a page or API view finds the partnership the URL points at
(``partnership_id``, ``phase_id``, ``goal_id``, ...), and before anything else runs (the
body is not even read) answers 404 to a non-member, as if nothing were there, and 403 to a
member without the right (SPEC §3). ``"account"`` routes need a logged-in caller and concern
only their own account; ``"public"`` routes anyone. Services trust that the route checked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import g, request
from flask_login import current_user

from . import policy
from .services import lookups

ROUTE_KINDS = policy.ACTIONS | {"public", "account"}


def acting_user() -> Any:
    """The caller: the bearer token's owner under /api, the logged-in user on pages."""
    if "api_user" in g:
        return g.api_user
    return current_user


def requires(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce the policy action of a route (see the module docstring)."""
    if action not in ROUTE_KINDS:
        raise KeyError(f"unknown action {action!r}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if action in policy.ACTIONS:
                partnership, roster = lookups.partnership_for(request.view_args or {})
                policy.require(acting_user(), action, roster)
                # what the request shows of its authors depends on it (services/invitations)
                g.partnership_in_view = partnership
                g.pop("shown_names", None)
            return view(*args, **kwargs)

        guarded.policy_action = action  # type: ignore[attr-defined]
        return guarded

    return decorate
