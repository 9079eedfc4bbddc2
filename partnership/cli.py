"""Flask commands: ``demo`` loads the demo partnership, ``worker`` does the background work,
``reminders`` and ``digest`` do now what the worker does on its schedule."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from .extensions import db


def mail_where() -> str:
    from . import mail

    return mail.where()


def register_commands(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Do the jobs waiting now, then stop.")
    def worker_command(burst: bool) -> None:
        """Do the background work (emails, webhooks, big imports, reminders, digests).

        Needs REDIS_URL; run as many as the load needs, beside the web workers."""
        from . import jobs

        if not app.config.get("REDIS_URL"):
            raise click.UsageError(
                "REDIS_URL is not set: without Redis the web process does the background work "
                "itself after each response, and no worker is needed."
            )
        jobs.work(app, burst=burst)

    @app.cli.command("reminders")
    def reminders_command() -> None:
        """Send the reminders due now, announce new flags, and retry emails not sent yet.

        The worker does this every hour; running it again sends nothing twice."""
        from .services import notifications

        made = notifications.send_reminders()
        click.echo(f"{made} reminder(s) made. {mail_where()}")

    @app.cli.command("digest")
    def digest_command() -> None:
        """Send the daily digests now (the worker does it once a day); nothing goes twice."""
        from .services import notifications

        sent = notifications.send_digests()
        click.echo(f"{sent} digest(s) sent. {mail_where()}")

    @app.cli.command("mail-where")
    def mail_where_command() -> None:
        """Say where emails go: the SMTP server of MAIL_URL, or the log."""
        click.echo(mail_where())

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Load only when the database has no users.")
    def demo_command(if_empty: bool) -> None:
        """Load a demo partnership with its history and print the logins."""
        from . import demo
        from .models import User

        if if_empty and db.session.scalar(select(func.count()).select_from(User)):
            click.echo("The database already has data; the demo was not loaded.")
            return
        partnership = demo.load()
        click.echo(f"Loaded the demo partnership '{partnership.name}'. Log in as:")
        for email, role in demo.LOGINS:
            click.echo(f"  {email:32} password: {demo.PASSWORD}   ({role})")
