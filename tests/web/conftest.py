"""Fixtures of the page tests."""

from __future__ import annotations

import pytest

from ..helpers import login


@pytest.fixture
def as_(app):
    """A browser logged in as the given user; one per user, so several can act in a test."""
    browsers = {}

    def browser(user):
        if user.id not in browsers:
            browsers[user.id] = app.test_client()
            assert login(browsers[user.id], user.email).status_code == 302
        return browsers[user.id]

    return browser
