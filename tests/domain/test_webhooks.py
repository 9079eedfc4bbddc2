"""The webhooks' plain rules: events of actions, signatures, retries, addresses (SPEC §12)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import pytest

from partnership.domain import webhooks as rules
from partnership.domain.vocabulary import WEBHOOK_EVENTS


def test_every_event_but_flags_comes_from_an_audited_action():
    assert set(rules.EVENT_OF_ACTION.values()) == set(WEBHOOK_EVENTS) - {"flag.raised"}


def test_the_signature_is_the_hex_hmac_sha256_of_the_raw_body():
    body = b'{"id":"x","event":"phase.started"}'
    expected = hmac.new(b"whsec_s", body, hashlib.sha256).hexdigest()
    assert rules.sign("whsec_s", body) == f"sha256={expected}"
    assert rules.verify("whsec_s", body, f"sha256={expected}")
    assert not rules.verify("whsec_s", body + b" ", f"sha256={expected}")
    assert not rules.verify("whsec_s", body, "")


def test_retries_come_soon_then_later_over_more_than_an_hour():
    delays = [rules.delay_before(n) for n in range(1, 7)]
    assert delays[-1] is None  # six attempts, then the delivery has failed
    waits = [d.total_seconds() for d in delays if d is not None]
    assert len(waits) >= 5 and waits == sorted(waits)
    assert waits[0] <= 30 and waits[1] <= 90 and sum(waits[2:]) >= 3600
    assert timedelta(days=3) == rules.SWITCH_OFF_AFTER


@pytest.mark.parametrize(
    ("status", "ok"),
    [(200, True), (204, True), (299, True), (301, False), (404, False), (None, False)],
)
def test_only_2xx_is_a_success(status, ok):
    assert rules.succeeded(status) is ok


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://chat.example.com/hooks/x?a=1", None),
        ("http://example.com:8080", None),
        ("ftp://example.com/x", "webhook.url_scheme"),
        ("file:///etc/passwd", "webhook.url_scheme"),
        ("gopher://example.com", "webhook.url_scheme"),
        ("example.com/x", "webhook.url_scheme"),
        ("https://", "webhook.url_invalid"),
        ("https://exa mple.com", "webhook.url_invalid"),
        ("https://example.com:99999/", "webhook.url_invalid"),
        ("https://example.com:0/", "webhook.url_invalid"),
        ("https://me:secret@example.com/", "webhook.url_credentials"),
        ("https://example.com/" + "x" * 2000, "webhook.url_too_long"),
    ],
)
def test_the_form_of_an_address(url, problem):
    assert rules.url_problem(url) == problem


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("93.184.215.14", False),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", False),
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("172.16.5.4", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("::ffff:93.184.215.14", False),
        ("64:ff9b::7f00:1", True),
        ("not an address", True),
    ],
)
def test_only_public_addresses_may_be_reached(address, refused):
    assert rules.address_refused(address) is refused


def test_one_private_address_refuses_the_whole_name():
    assert rules.all_allowed(["93.184.215.14"])
    assert not rules.all_allowed(["93.184.215.14", "10.0.0.7"])
    assert not rules.all_allowed([])
