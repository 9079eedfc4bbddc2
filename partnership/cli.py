"""Flask commands: ``demo`` loads the demo partnership, ``worker`` does the background work."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from .extensions import db


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
