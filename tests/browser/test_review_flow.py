"""End to end as the users would: submit, send back, fix, resubmit, approve, sign twice, download, verify."""

import re

from playwright.sync_api import expect
from pypdf import PdfReader

from building_blocks import get_content
from plans.documents.signing import validate_seal
from tests.browser.conftest import assert_no_axe_violations, expect_text, login

CONTENT = get_content()
PLAN = "Regioplan Noord-Holland Noord 2026–2029"


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()


def open_plan(page, email):
    login(page, email)
    page.get_by_role("link", name=PLAN).first.click()  # version 2, the concept copy of the signed plan


def open_section(page, section):
    page.get_by_role("link", name=f"{section.label} {section.title}").click()


def review(page, section, decision, reason=None):
    open_section(page, section)
    page.get_by_role("link", name="Dit onderdeel beoordelen").click()
    page.get_by_label(decision, exact=True).check()
    if reason:
        page.get_by_label("Reden en wat er moet veranderen").fill(reason)
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect_text(page, "Uw beoordeling is opgeslagen")


def test_review_and_sign_off_end_to_end(page, tmp_path):
    b1, others = CONTENT.sections[0], CONTENT.sections[1:]

    # The board confirms every section of version 2 and submits.
    open_plan(page, "bestuur@demo.regioplan.nl")
    for section in CONTENT.sections:
        open_section(page, section)
        page.get_by_label("Ja, dit onderdeel is klaar").check()
        page.get_by_role("button", name="Opslaan").click()
    expect_text(page, "9 van 9 onderdelen klaar")
    page.get_by_role("link", name="Indienen bij de kring").click()  # a confirmation step first
    expect_text(page, "Wat gebeurt er als u indient")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Indienen bij de kring").click()
    expect_text(page, "Het plan is ingediend bij de kring")
    logout(page)

    # The kring sends bouwsteen 1 back with a reason and approves the rest.
    open_plan(page, "kring@demo.regioplan.nl")
    open_section(page, b1)
    page.get_by_role("link", name="Dit onderdeel beoordelen").click()
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Fout:")))
    assert_no_axe_violations(page)
    page.get_by_label("Wijzigingen gevraagd", exact=True).check()
    page.get_by_label("Reden en wat er moet veranderen").fill("Werk de ouderenzorg uit in de visie.")
    page.get_by_role("button", name="Beoordeling opslaan").click()
    for section in others:
        review(page, section, "Akkoord")
    assert page.locator("#status-b1").inner_text().startswith("Wijzigingen gevraagd")
    expect_text(page, "De organisatie past ze aan")
    assert "Pas ze aan, zet ze op klaar" not in page.locator("main").inner_text(), "no editor instructions"
    logout(page)

    # A redacteur sees the request and changes the section.
    open_plan(page, "redacteur@demo.regioplan.nl")
    open_section(page, b1)
    expect_text(page, "Werk de ouderenzorg uit in de visie.")
    page.get_by_role("link", name="Wijzigen Wat wil de regio met dit plan bereiken?").click()
    expect_text(page, "Werk de ouderenzorg uit in de visie.")  # the kring's reason on the page being edited
    page.locator("textarea[data-autosave]").first.fill("Goede zorg dichtbij, ook voor kwetsbare ouderen thuis.")
    page.get_by_role("button", name="Opslaan en doorgaan", exact=True).last.click()
    expect_text(page, "Controleer uw antwoorden")
    page.get_by_label("Ja, dit onderdeel is klaar").check()
    page.get_by_role("button", name="Opslaan").click()
    expect_text(page, "Aangepast, klaar voor herbeoordeling")
    expect(page.locator("#status-b1")).to_contain_text("Aangepast, klaar voor herbeoordeling")
    logout(page)

    # The board resubmits; the kring approves the changed section.
    open_plan(page, "bestuur@demo.regioplan.nl")
    page.get_by_role("link", name="Opnieuw indienen").click()
    page.get_by_role("button", name="Opnieuw indienen").click()
    expect_text(page, "Het plan is ingediend bij de kring")
    logout(page)
    open_plan(page, "kring@demo.regioplan.nl")
    open_section(page, b1)
    page.get_by_role("link", name="Dit onderdeel beoordelen").click()
    changes = page.locator(".changes-since")
    expect(changes).to_contain_text("Goede zorg dichtbij, ook voor kwetsbare ouderen thuis.")
    expect_text(page, "Niveau volgens de checklist")
    page.get_by_label("Nieuwe opmerking").fill("Mooi aangevuld.")
    page.get_by_role("button", name="Opmerking plaatsen").click()
    expect_text(page, "Uw opmerking is geplaatst")
    assert "/beoordelen" in page.url, "a comment on the review page stays there"
    assert_no_axe_violations(page)
    page.goto(page.url.split("#")[0])
    page.get_by_label("Akkoord", exact=True).check()
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect_text(page, "Uw beoordeling is opgeslagen")
    expect(page.locator("#status-b1")).to_contain_text("Akkoord kring")
    logout(page)

    # Signing waits for the formal adoption; a redacteur records it with the afstemming.
    open_plan(page, "bestuur@demo.regioplan.nl")
    expect_text(page, "Voordat het bestuur ondertekent, legt u vast hoe het plan formeel is vastgesteld.")
    assert page.get_by_role("link", name="Ondertekenen").count() == 0
    logout(page)
    open_plan(page, "redacteur@demo.regioplan.nl")
    page.get_by_role("link", name="Vaststelling en afstemming").click()
    assert_no_axe_violations(page)
    page.get_by_label("Algemene ledenvergadering (ALV)").check()
    page.get_by_label("Op welke datum?").fill("12-03-2026")
    page.get_by_label("Verwijzing naar de notulen of het besluit").fill("Notulen ALV 12 maart 2026, agendapunt 4")
    page.get_by_role("button", name="Vaststelling opslaan").click()
    expect_text(page, "De vaststelling is vastgelegd.")
    page.get_by_label("Gemeente", exact=True).check()
    page.get_by_label("Naam", exact=True).fill("Gemeente Den Helder")
    page.get_by_label("Datum van de afstemming").fill("01-03-2026")
    page.get_by_label("Akkoord met opmerkingen").check()
    page.get_by_role("button", name="Afstemming toevoegen").click()
    expect_text(page, "De afstemming met Gemeente Den Helder is vastgelegd.")
    assert_no_axe_violations(page)
    logout(page)

    # Two bestuurders sign.
    for email, function in [
        ("bestuur@demo.regioplan.nl", "Voorzitter"),
        ("bestuur2@demo.regioplan.nl", "Penningmeester"),
    ]:
        open_plan(page, email)
        page.get_by_role("link", name="Ondertekenen").click()
        expect_text(page, "Wat gebeurt er als u ondertekent")
        expect(page.get_by_role("link", name="Het regioplan als PDF, zoals het wordt ondertekend")).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_label("Uw functie in het bestuur").fill(function)
        page.get_by_label("Ik stel dit regioplan vast namens het bestuur.").check()
        page.get_by_label("Uw wachtwoord").fill("demo-regioplan")
        page.get_by_role("button", name="Ondertekenen").click(timeout=90_000)  # the last one renders the PDF
        expect_text(page, re.compile("Uw handtekening is opgeslagen|Het plan is ondertekend"))
        logout(page)

    # The coach downloads the signed PDF; the verification page accepts it and refuses a changed copy.
    open_plan(page, "coach@demo.regioplan.nl")
    with page.expect_download(timeout=90_000) as info:  # a first render takes seconds
        page.get_by_role("link", name="Download het ondertekende regioplan (PDF)").click(timeout=90_000)
    signed = tmp_path / "ondertekend.pdf"
    info.value.save_as(signed)
    status = validate_seal(signed.read_bytes())
    assert status.intact and status.covers_whole_file, status.summary
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(signed).pages).split())
    assert "Vastgesteld door: Algemene ledenvergadering (ALV), op 12 maart 2026" in text
    assert "Gemeente Den Helder" in text

    code_link = page.locator("a[href^='/verificatie/']").first
    code_link.click()
    assert_no_axe_violations(page)
    page.get_by_label("PDF-bestand").set_input_files(str(signed))
    page.get_by_role("button", name="Controleren").click()
    expect_text(page, "Dit bestand is precies het ondertekende regioplan.")
    changed = bytearray(signed.read_bytes())
    changed[len(changed) // 3] ^= 0x01
    tampered = tmp_path / "gewijzigd.pdf"
    tampered.write_bytes(bytes(changed))
    page.get_by_label("PDF-bestand").set_input_files(str(tampered))
    page.get_by_role("button", name="Controleren").click()
    expect_text(page, "Dit bestand is niet het ondertekende regioplan.")

    # Later changes go into a new version; the signed one stays. (Leaves a concept for other tests.)
    logout(page)
    open_plan(page, "redacteur@demo.regioplan.nl")
    page.get_by_role("button", name="Nieuwe versie starten").click()
    expect_text(page, "Er is een nieuwe versie gestart als concept")
    page.get_by_role("link", name="Versies vergelijken").click()
    expect_text(page, "Versie 2 en versie 3 vergeleken")
    assert_no_axe_violations(page)
