"""Reference figures: the CSV importer refuses a bad file whole, and a second import changes nothing."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from plans.documents import pdf
from plans.models import RegionFigure, RegionFigureImport
from plans.regionfigures.csvfile import FigureFileError
from plans.regionfigures.importer import import_figures
from plans.regionfigures.reference import key_figures, prefills
from plans.writing import editing
from plans.writing.sections import content_for

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = (FIXTURES / "region_figures_good.csv").read_bytes()
BAD = (FIXTURES / "region_figures_bad.csv").read_bytes()
HEADER = "gebied_soort;gebied_code;gebied_naam;kengetal;waarde;jaar;bron;peildatum\n"
SOURCE = "Testbron (fictief)"


def snapshot(session) -> list[tuple]:
    rows = session.scalars(sa.select(RegionFigure).order_by(RegionFigure.id))
    return [(f.id, f.area_code, f.figure, f.year, f.value, f.source, f.peildatum, f.import_id, f.loaded_at)
            for f in rows]


def count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count(model.id)))


def test_a_good_file_loads_every_figure_with_source_and_peildatum(db_session):
    outcome = import_figures(GOOD, "good.csv")
    assert (outcome.added, outcome.changed, outcome.unchanged) == (6, 0, 0)
    assert outcome.record.filename == "good.csv" and len(outcome.record.sha256) == 64
    fte = db_session.scalar(sa.select(RegionFigure).filter_by(figure="huisartsen_fte"))
    assert fte.value == Decimal("312.5") and fte.peildatum.isoformat() == "2024-01-01"
    assert fte.source.startswith("Testbron")
    forecast = db_session.scalar(sa.select(RegionFigure).filter_by(figure="prognose_inwoners"))
    assert forecast.year == 2030
    assert db_session.scalar(sa.select(RegionFigure).filter_by(figure="aandeel_60_plus")).peildatum.day == 1


def test_a_good_file_imported_twice_changes_nothing_the_second_time(db_session):
    import_figures(GOOD, "good.csv")
    before = snapshot(db_session)
    imports = count(db_session, RegionFigureImport)
    outcome = import_figures(GOOD, "good.csv")
    assert outcome.record is None and (outcome.added, outcome.changed, outcome.unchanged) == (0, 0, 6)
    db_session.expire_all()
    assert snapshot(db_session) == before
    assert count(db_session, RegionFigureImport) == imports


def test_a_file_with_a_bad_row_imports_nothing_and_names_the_line(db_session):
    with pytest.raises(FigureFileError) as refused:
        import_figures(BAD, "bad.csv")
    assert refused.value.problems == [
        "Regel 3: waarde ‘1.870’ is geen getal. Gebruik cijfers met hoogstens een komma als decimaalteken, "
        "zonder punten of spaties."]
    assert count(db_session, RegionFigure) == 0 and count(db_session, RegionFigureImport) == 0


def test_a_changed_figure_is_updated_and_the_rest_left_alone(db_session):
    import_figures(GOOD, "good.csv")
    changed = GOOD.decode().replace(";187;", ";190;").encode()
    outcome = import_figures(changed, "update.csv")
    assert (outcome.added, outcome.changed, outcome.unchanged) == (0, 1, 5)
    practices = db_session.scalar(sa.select(RegionFigure).filter_by(figure="praktijken"))
    assert practices.value == 190 and practices.import_id == outcome.record.id


@pytest.mark.parametrize(("row", "message"), [
    (f"provincie;PV27;Noord-Holland;inwoners;1;;{SOURCE};2024-01-01", "gebied_soort ‘provincie’ bestaat niet"),
    (f"zorgkantoorregio;9999;Nergens;inwoners;1;;{SOURCE};2024-01-01", "zorgkantoorregio met code ‘9999’"),
    (f"gemeente;0361;Alkmaar;inwoners;1;;{SOURCE};2024-01-01", "gemeentecode ‘0361’ is ongeldig"),
    (f"gemeente;GM0361;Alkmaar;inwonerz;1;;{SOURCE};2024-01-01", "kengetal ‘inwonerz’ bestaat niet"),
    (f"gemeente;GM0361;Alkmaar;inwoners;12,5;;{SOURCE};2024-01-01", "moet een geheel getal zijn"),
    (f"gemeente;GM0361;Alkmaar;aandeel_60_plus;101;;{SOURCE};2024-01-01", "mag niet boven 100"),
    (f"gemeente;GM0361;Alkmaar;inwoners;1;2030;{SOURCE};2024-01-01", "laat jaar leeg"),
    (f"gemeente;GM0361;Alkmaar;prognose_inwoners;1;;{SOURCE};2024-01-01", "vul bij een prognose het jaar in"),
    ("gemeente;GM0361;Alkmaar;inwoners;1;;;2024-01-01", "vul de bron in"),
    (f"gemeente;GM0361;Alkmaar;inwoners;1;;{SOURCE};1 januari 2024", "peildatum ‘1 januari 2024’ is geen datum"),
    (f"gemeente;GM0361;Alkmaar;inwoners;1;{SOURCE};2024-01-01", "verwacht 8 kolommen"),
])
def test_each_bad_row_gets_a_clear_dutch_message_with_its_line(db_session, row, message):
    good = f"gemeente;GM0362;Bergen (NH.);inwoners;2;;{SOURCE};2024-01-01"
    with pytest.raises(FigureFileError) as refused:
        import_figures(f"{HEADER}{good}\n{row}\n".encode(), "x.csv")
    [problem] = refused.value.problems
    assert problem.startswith("Regel 3: ") and message in problem, problem
    assert count(db_session, RegionFigure) == 0


def test_a_wrong_header_a_duplicate_row_and_a_non_utf8_file_are_refused(db_session):
    with pytest.raises(FigureFileError, match="Regel 1: de kopregel"):
        import_figures(b"regio;inwoners\n5512;1\n", "x.csv")
    row = f"gemeente;GM0361;Alkmaar;inwoners;1;;{SOURCE};2024-01-01\n"
    with pytest.raises(FigureFileError, match="Regel 3: dit kengetal staat al op regel 2"):
        import_figures(f"{HEADER}{row}{row}".encode(), "x.csv")
    with pytest.raises(FigureFileError, match="geen UTF-8"):
        import_figures(f"{HEADER}{row}".encode("utf-16"), "x.csv")
    with pytest.raises(FigureFileError, match="geen kengetallen"):
        import_figures(HEADER.encode(), "x.csv")


def test_a_utf8_file_with_byte_order_mark_from_excel_is_read(db_session):
    assert import_figures(b"\xef\xbb\xbf" + GOOD, "excel.csv").added == 6


def test_the_newest_peildatum_prefills_only_unanswered_questions(db_session, factories):
    import_figures(GOOD, "good.csv")
    newer = f"{HEADER}zorgkantoorregio;5512;Noord-Holland Noord;inwoners;660000;;{SOURCE};2025-01-01\n"
    import_figures(newer.encode(), "2025.csv")
    plan = editing.create_plan(factories.organisation(), "Plan", 2026, 2029, None)
    questions = content_for(plan).section("b1").pages[0].questions
    filled = prefills(plan, questions, {})
    assert {q: r.value for q, r in filled.items()} == {"b1_inwoners": 660000, "b1_praktijken": 187}
    assert filled["b1_inwoners"].figure.peildatum.year == 2025
    assert "b1_inwoners" not in prefills(plan, questions, {"b1_inwoners": 300000})
    other = editing.create_plan(factories.organisation(region="Zeeland"), "Plan", 2026, 2029, None)
    assert prefills(other, questions, {}) == {}, "figures of another region never prefill"


def test_pdf_key_figures_show_the_plans_value_beside_the_reference(db_session, factories):
    import_figures(GOOD, "good.csv")
    plan = editing.create_plan(factories.organisation(), "Plan", 2026, 2029, None)
    editing.save_values(plan, "b1", {"b1_inwoners": 312000, "b1_huisartsen": [
        {"type": "praktijkhouder", "aantal": 180}, {"type": "hidha", "aantal": 70}]}, None, None)
    rows = {str(f.label): f for f in key_figures(plan, editing.values_of(plan))}
    assert rows["Inwoners"].own == 312000 and rows["Inwoners"].reference.value == 654321
    assert rows["Huisartsen (personen)"].own == 250 and rows["Huisartsen (personen)"].reference is None
    assert rows["Prognose inwoners 2030"].reference.value == 670000
    html = pdf.render_html(plan, pdf.PdfOptions())
    assert "654.321" in html and "312.000" in html
    assert "bron Testbron (fictief, alleen voor tests), peildatum 1 januari 2024" in html
