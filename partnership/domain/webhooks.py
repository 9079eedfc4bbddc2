"""Webhooks (SPEC §12) as plain rules: which change is which event, how a body is signed, when
a failing delivery is tried again, and which addresses a delivery may never reach.

No Flask and no database here: ``services/webhooks.py`` loads, asks these, and sends.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from .vocabulary import EVENT_TYPES, MAX_WEBHOOK_URL

# The audit trail's actions (services/*.py ``audit.record``) and the event each one is.
# ``flag.raised`` has no action: the flag check raises it (services/notifications.py).
EVENT_OF_ACTION: dict[str, str] = {
    "directive.send": "directive.created",
    "directive.respond": "directive.answered",
    "commitment.add": "commitment.created",
    **{f"commitment.{kind}": "commitment.event" for kind in EVENT_TYPES},
    "phase.start": "phase.started",
    "phase.close": "phase.closed",
    "review.submit": "review.submitted",
    "phase.passed": "gate.decided",
    "phase.stopped": "gate.decided",
}
TEST_EVENT = "webhook.test"  # the "send a test event" button: sent whatever is subscribed

# Seconds to wait before each retry of a failing delivery: the first within 30 s, the second
# within 90 s of the first, then three more over more than an hour (SPEC §12): six attempts
# over about 86 minutes in all.
RETRY_DELAYS: tuple[int, ...] = (20, 60, 300, 1200, 3600)
TIMEOUT = 10  # seconds a receiver has to answer an attempt
# A webhook whose deliveries have all failed for this long is switched off and its lead told.
SWITCH_OFF_AFTER = timedelta(days=3)
# What a receiver answered, kept per attempt to show the lead (the first characters only).
KEPT_RESPONSE = 500

SIGNATURE_PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    """The ``X-Tracker-Signature`` header: ``sha256=`` and the hex HMAC-SHA256 of the raw body."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does (README, Integrations): compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header or "")


def delay_before(attempt: int) -> timedelta | None:
    """How long to wait after the ``attempt``-th failed attempt (1-based); None: give up."""
    if attempt < 1 or attempt > len(RETRY_DELAYS):
        return None
    return timedelta(seconds=RETRY_DELAYS[attempt - 1])


def succeeded(status_code: int | None) -> bool:
    return status_code is not None and 200 <= status_code < 300


def url_problem(url: str) -> str | None:
    """Why a URL cannot be a webhook's (a message id of the catalog), or None.

    Only the address's form: where its name points is ``address_refused``'s question."""
    if len(url) > MAX_WEBHOOK_URL:
        return "webhook.url_too_long"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "webhook.url_invalid"
    if parts.scheme not in ("http", "https"):
        return "webhook.url_scheme"
    if not parts.hostname or any(c.isspace() for c in url):
        return "webhook.url_invalid"
    if parts.username is not None or parts.password is not None:
        # A password in the address would be shown on the settings page and stored in clear.
        return "webhook.url_credentials"
    if port == 0:
        return "webhook.url_invalid"
    return None


# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits: judged by that address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_refused(address: str) -> bool:
    """Whether a delivery may not reach this IP address: anything not on the public internet
    (private, loopback, link-local such as the cloud's 169.254.169.254, shared, reserved,
    multicast, unspecified), IPv4 inside IPv6 judged as the IPv4 it carries."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return not ip.is_global or ip.is_multicast


def all_allowed(addresses: Iterable[str]) -> bool:
    """Every address a name resolves to must be allowed: one private answer refuses the name
    (else a name with a public and a private address would reach inside half the time)."""
    found = list(addresses)
    return bool(found) and not any(address_refused(a) for a in found)
