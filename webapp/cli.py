"""Command-line tools: `flask --app wsgi demo seed`, `flask --app wsgi users create-admin`."""
import click
from flask import Flask
from flask.cli import AppGroup

from plans import accounts, demo
from plans.regions import ensure_regions
from webapp.extensions import db

demo_cli = AppGroup("demo", help="Demogegevens.")
users_cli = AppGroup("users", help="Gebruikers beheren.")
regions_cli = AppGroup("regions", help="Referentiegegevens van regio's.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Alleen vullen als de database nog geen gebruikers heeft.")
def demo_seed(if_empty: bool) -> None:
    """Create demo regions, organisations and accounts (idempotent)."""
    if if_empty and not demo.database_is_empty():
        click.echo("De database bevat al gegevens; demogegevens niet opnieuw geladen.")
        return
    added = demo.seed()
    db.session.commit()
    click.echo(
        f"Demogegevens klaar: {added['regions']} regio's, {added['organisations']} organisaties en "
        f"{added['accounts']} accounts en {added['plans']} plannen toegevoegd. Wachtwoord van alle demo-accounts: {demo.DEMO_PASSWORD}"
    )


@regions_cli.command("load")
def regions_load() -> None:
    """Add missing zorgkantoorregio's."""
    added = ensure_regions()
    db.session.commit()
    click.echo(f"{added} regio's toegevoegd.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Naam van de beheerder.")
@click.password_option(help="Wachtwoord (minstens 12 tekens).")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account (for the first login on a production system)."""
    from plans.passwords import MIN_LENGTH

    if len(password) < MIN_LENGTH:
        raise click.BadParameter(f"Het wachtwoord moet minstens {MIN_LENGTH} tekens hebben.")
    try:
        accounts.create_user(email, name, password=password, is_admin=True)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Beheerder {email} aangemaakt.")


def init_app(app: Flask) -> None:
    for group in (demo_cli, users_cli, regions_cli):
        app.cli.add_command(group)
