"""The organisation's logo: uploaded by a bestuurder, validated, stored, and on the PDF cover via the safe fetcher."""
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from plans.accounts import logos
from plans.documents import pdf
from plans.documents.pdf_safety import LOGO_URL
from plans.writing import editing
from tests.conftest import page, text_of

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#154273"/></svg>'


def png(width=120, height=40) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (21, 66, 115)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def org(factories):
    org = factories.organisation("Zorggroep Logo")
    org.board = factories.member(org, "bestuurder")
    org.editor = factories.member(org, "redacteur")
    return org


def cover_images(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages[0].images)


def upload(client, org, data, name):
    return client.post(f"/organisaties/{org.id}/logo", data={"logo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_a_bestuurder_uploads_a_png_and_it_is_on_the_cover(client, auth, org):
    auth.login(org.board)
    assert upload(client, org, png(), "logo.png").status_code == 302
    assert logos.logo_of(org).content_type == "image/png"
    assert "Er is een logo" in text_of(client.get(f"/organisaties/{org.id}"))
    plan = editing.create_plan(org, "Regioplan Logo", 2026, 2029, None)
    html = pdf.render_html(plan, pdf.PdfOptions())
    assert f'src="{LOGO_URL}"' in html
    # The render runs in a process of its own: what it fetched shows in the PDF. The cover's image is the logo,
    # which only the safe fetcher can hand to WeasyPrint (from memory, under LOGO_URL).
    with_logo = cover_images(pdf.render_plan_pdf(plan))
    logos.remove_logo(org)
    assert with_logo == cover_images(pdf.render_plan_pdf(plan)) + 1


def test_an_svg_is_accepted_and_can_be_removed(client, auth, org):
    auth.login(org.board)
    assert upload(client, org, SVG, "logo.svg").status_code == 302
    assert logos.logo_of(org).content_type == "image/svg+xml"
    client.post(f"/organisaties/{org.id}/logo/verwijderen")
    assert logos.logo_of(org) is None


@pytest.mark.parametrize("data, message", [
    (b"GIF89a" + b"\0" * 100, "Kies een PNG- of SVG-bestand"),
    (png()[:40], "beschadigd"),
    (png(2500, 10), "2000 × 2000"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (logos.MAX_BYTES + 10), "groter dan 200 kB"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "scripts"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
     b'<image xlink:href="file:///etc/passwd"/></svg>', "verwijzen"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "DOCTYPE"),
])
def test_anything_else_is_refused_with_a_reason(client, auth, org, data, message):
    auth.login(org.board)
    response = upload(client, org, data, "logo.png")
    assert response.status_code == 400
    assert message in text_of(response)
    assert page(response).title.string.startswith("Fout:")
    assert logos.logo_of(org) is None


def test_only_a_bestuurder_uploads(client, auth, org):
    auth.login(org.editor)
    assert upload(client, org, png(), "logo.png").status_code == 403


def test_the_concept_download_renders_with_the_logo(client, auth, org, monkeypatch, app, tmp_path):
    """The concept PDF a board downloads is rendered by a job: it hands the logo to the fetcher too."""
    auth.login(org.board)
    upload(client, org, png(), "logo.png")
    plan = editing.create_plan(org, "Regioplan Logo", 2026, 2029, None)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    handed = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kw: handed.append(kw) or b"%PDF-1.7 x")
    asked = client.get(f"/plannen/{plan.id}/regioplan.pdf")
    client.get(asked.location)  # the job ran at once (immediate mode)
    assert handed and LOGO_URL in handed[0]["uploads"] and handed[0]["document"] == pdf.document_name(plan)
