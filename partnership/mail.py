"""Sending email over SMTP (SPEC §11), or writing it to the log when no server is configured.

``MAIL_URL`` names the server: ``smtp://host:25`` (plain, as to a local relay),
``smtp+starttls://user:password@host:587`` (upgraded with STARTTLS, then logged in) or
``smtps://user:password@host:465`` (TLS from the first byte). User and password are optional
and percent-decoded. Without ``MAIL_URL`` each message is written to the ``partnership.mail``
log (standard error), which is what a laptop needs.

This is the standard library's ``smtplib`` and ``email.message``: what a message carries
(parts, headers, its unsubscribe link) is decided by the sender, ``services/notifications``.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app

log = logging.getLogger("partnership.mail")

TIMEOUT = 30  # seconds for each SMTP exchange: a hung server fails the job, which is retried
SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class MailError(Exception):
    """The mail server refused the message or could not be reached; worth trying again."""


@dataclass(frozen=True)
class Server:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None


def parse(url: str) -> Server:
    """The server a ``MAIL_URL`` names; ValueError says what is wrong with it."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(
            f"MAIL_URL must start with smtp://, smtp+starttls:// or smtps://, not {url!r}"
        )
    if not parts.hostname:
        raise ValueError(f"MAIL_URL names no host: {url!r}")
    return Server(
        parts.scheme,
        parts.hostname,
        parts.port or SCHEMES[parts.scheme],
        unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password else None,
    )


def init_app(app: Flask) -> None:
    """Check MAIL_URL at start (a typo should stop the app, not every email), and give the
    mail log a handler so that, without a server, messages are seen in the terminal."""
    if app.config.get("MAIL_URL"):
        parse(app.config["MAIL_URL"])
    # The mail log goes where the app's log goes (Flask's handler on the "partnership"
    # logger: standard error), at INFO, so that without a server each message is seen.
    app.logger  # noqa: B018 - creating it installs Flask's handler
    log.setLevel(logging.INFO)


def where() -> str:
    """Where mail goes, in a sentence for operators (``make run`` prints it)."""
    url = current_app.config.get("MAIL_URL")
    if not url:
        return "MAIL_URL is not set: emails are written to the log (standard error)."
    server = parse(url)
    return f"Emails are sent through {server.scheme}://{server.host}:{server.port}."


def send(message: EmailMessage) -> None:
    """Hand ``message`` to the mail server, or to the log; MailError when that fails."""
    url = current_app.config.get("MAIL_URL")
    if not url:
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        log.info(
            "Not sent (no MAIL_URL): to %s, subject %r\n%s",
            message["To"],
            str(message["Subject"]),
            text,
        )
        return
    server = parse(url)
    try:
        if server.scheme == "smtps":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with connection:
            if server.scheme == "smtp+starttls":
                connection.starttls(context=ssl.create_default_context())
            if server.user:
                connection.login(server.user, server.password or "")
            connection.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"{type(error).__name__}: {error}") from error
