"""Command-line tools: `flask --app wsgi demo seed`, `flask --app wsgi users create-admin`."""
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from demo import seed as demo
from plans.accounts import people
from plans.accounts.passwords import MIN_LENGTH
from plans.accounts.regions import ensure_regions
from plans.documents.pdf import render_plan_pdf
from plans.exchange.export import export_plan
from plans.exchange.importer import import_plan
from plans.exchange.jsonformat import ExchangeError, from_json, to_json
from plans.models import Organisation, Plan, Region
from plans.regionfigures.csvfile import FigureFileError
from plans.regionfigures.importer import import_figures
from webapp import config_check
from webapp.backup import backup_cli
from webapp.extensions import db

demo_cli = AppGroup("demo", help="Demogegevens.")
users_cli = AppGroup("users", help="Gebruikers beheren.")
regions_cli = AppGroup("regions", help="Referentiegegevens van regio's.")
plans_cli = AppGroup("plans", help="Regioplannen.")


@plans_cli.command("list")
def plans_list() -> None:
    """Print id, organisation, title and status of every plan."""
    rows = db.session.scalars(sa.select(Plan).join(Plan.organisation).order_by(Organisation.name, Plan.id))
    click.echo(f"{'id':>4}  {'organisatie':<50}  {'titel':<45}  {'versie':>6}  status")
    for plan in rows:
        click.echo(f"{plan.id:>4}  {plan.organisation.name:<50.50}  {plan.title:<45.45}  {plan.version_number:>6}  "
                   f"{plan.status}")


@plans_cli.command("render")
@click.argument("plan_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Bestand om de PDF in te schrijven.")
def plans_render(plan_id: int, output: str) -> None:
    """Write the PDF of a plan to a file."""
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        raise click.ClickException(f"Plan {plan_id} bestaat niet. Zie 'flask --app wsgi plans list'.")
    pdf = render_plan_pdf(plan)
    Path(output).write_bytes(pdf)
    click.echo(f"{output}: {len(pdf):,} bytes".replace(",", "."))


@plans_cli.command("export")
@click.argument("plan_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Bestand om de export in te schrijven; zonder -o naar de standaarduitvoer.")
def plans_export(plan_id: int, output: str | None) -> None:
    """Write a plan with its history, review, signatures and signed PDF as JSON (docs/plan-export.md)."""
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        raise click.ClickException(f"Plan {plan_id} bestaat niet. Zie 'flask --app wsgi plans list'.")
    text = to_json(export_plan(plan))
    if output is None:
        click.echo(text, nl=False)
        return
    Path(output).write_text(text, encoding="utf-8")
    click.echo(f"Plan {plan_id} geëxporteerd naar {output}.")


@plans_cli.command("import")
@click.argument("file", type=click.File("rb"))
def plans_import(file) -> None:
    """Recreate a plan from an export file ('-' reads standard input) and print its new id."""
    try:
        plan = import_plan(from_json(file.read()))
    except ExchangeError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(plan.id)


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Alleen vullen als de database nog geen gebruikers heeft.")
def demo_seed(if_empty: bool) -> None:
    """Create demo regions, organisations and accounts (idempotent)."""
    if if_empty and not demo.database_is_empty():
        click.echo("De database bevat al gegevens; demogegevens niet opnieuw geladen.")
        return
    added = demo.seed()
    db.session.commit()
    click.echo(seed_summary(added, db.session.scalar(sa.select(sa.func.count(Region.id)))))


def seed_summary(added: dict[str, int], regions: int) -> str:
    """What the seed added; the regions normally come from the first migration, which the line says."""
    if added["regions"]:
        where = f"{added['regions']} van de {regions} zorgkantoorregio's toegevoegd"
    else:
        where = f"de {regions} zorgkantoorregio's stonden er al (uit de eerste migratie)"
    return (f"Demogegevens klaar: {added['organisations']} organisaties, {added['accounts']} accounts en "
            f"{added['plans']} plannen toegevoegd; {where}. Wachtwoord van alle demo-accounts: {demo.DEMO_PASSWORD}")


@regions_cli.command("load")
def regions_load() -> None:
    """Add missing zorgkantoorregio's."""
    added = ensure_regions()
    db.session.commit()
    click.echo(f"{added} regio's toegevoegd.")


@regions_cli.command("import-figures")
@click.argument("file", type=click.File("rb"))
def regions_import_figures(file) -> None:
    """Load reference figures from a CSV file (docs/region-figures.md): all rows or none."""
    try:
        outcome = import_figures(file.read(), Path(file.name).name)
    except FigureFileError as exc:
        db.session.rollback()
        raise click.ClickException("Niets ingelezen. Verbeter deze regels en lees het bestand opnieuw in:\n"
                                   + "\n".join(exc.problems)) from exc
    db.session.commit()
    if outcome.record is None:
        click.echo(f"Niets gewijzigd: alle {outcome.unchanged} kengetallen stonden er al.")
        return
    click.echo(f"Kengetallen ingelezen: {outcome.added} nieuw, {outcome.changed} gewijzigd, "
               f"{outcome.unchanged} ongewijzigd.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Naam van de beheerder.")
@click.password_option(help="Wachtwoord (minstens 12 tekens).")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account (for the first login on a production system)."""
    if len(password) < MIN_LENGTH:
        raise click.BadParameter(f"Het wachtwoord moet minstens {MIN_LENGTH} tekens hebben.")
    try:
        people.create_user(email, name, password=password, is_admin=True)
    except people.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Beheerder {email} aangemaakt.")


@click.command("check-config")
def check_config() -> None:
    """Refuse a production configuration that is not safe to run (exit status 1)."""
    found = config_check.problems(current_app.config)
    for problem in found:
        click.echo(f"FOUT: {problem}", err=True)
    if found:
        raise SystemExit(1)
    click.echo("De configuratie is in orde.")


def init_app(app: Flask) -> None:
    for group in (demo_cli, users_cli, regions_cli, plans_cli, backup_cli):
        app.cli.add_command(group)
    app.cli.add_command(check_config)
