"""Sealing regioplan PDFs (PAdES B-B), checking seals, and QR codes: offline, on real WeasyPrint output."""
import io
import re
import stat
import threading
from datetime import UTC, datetime, timedelta

import pytest
import qrcode
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from plans.documents.pdf import html_to_pdf
from plans.documents.signing import (
    SealConfig,
    SealError,
    load_signer,
    qr_svg,
    seal_certificate_pem,
    seal_pdf,
    validate_seal,
)

HTML = ("<html lang='nl'><head><title>Regioplan Test</title><meta name='author' content='Huisartsen West'></head>"
        "<body><h1>Test</h1><p>Regioplan zegeltest</p></body></html>")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    return html_to_pdf(HTML)


@pytest.fixture(scope="module")
def instance_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="module")
def signer(instance_dir):
    return load_signer(SealConfig(pkcs12_path=None, passphrase=None, instance_dir=instance_dir))


@pytest.fixture(scope="module")
def sealed_pdf(unsigned_pdf, signer) -> bytes:
    return seal_pdf(unsigned_pdf, signer, reason="Vastgesteld regioplan", location="Utrecht", name="Regioplan")


def test_self_signed_seal_is_created_once_and_reused(tmp_path):
    config = SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path)
    first = load_signer(config)
    seal_dir = tmp_path / "seal"
    p12, passphrase = seal_dir / "regioplan-seal.p12", seal_dir / "regioplan-seal.pass"
    created = p12.read_bytes()

    second = load_signer(config)

    assert seal_certificate_pem(second) == seal_certificate_pem(first)
    assert p12.read_bytes() == created
    assert mode(seal_dir) == 0o700
    assert mode(p12) == 0o600 and mode(passphrase) == 0o600
    assert sorted(p.name for p in seal_dir.iterdir() if not p.name.startswith(".")) == [p12.name, passphrase.name]
    cert = x509.load_pem_x509_certificate(seal_certificate_pem(first))
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Regioplan zegel (zelfondertekend)"
    assert cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "NL"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert cert.not_valid_after_utc - cert.not_valid_before_utc >= timedelta(days=3650)


def test_concurrent_first_use_makes_one_seal(tmp_path):
    # Threads each open their own lock file description, so flock serialises them as it does processes.
    config = SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def worker():
        barrier.wait()
        try:
            results.append(seal_certificate_pem(load_signer(config)))
        except Exception as exc:  # collected: an exception in a thread would not fail the test
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1


def test_sealed_pdf_is_intact_trusted_and_covers_whole_file(sealed_pdf, signer):
    status = validate_seal(sealed_pdf, seal_certificate_pem(signer))
    assert status.intact and status.trusted and status.covers_whole_file
    assert "CN=Regioplan zegel (zelfondertekend)" in status.signer_subject
    assert status.summary.startswith("Het zegel is geldig")


def test_trust_root_may_be_der(sealed_pdf, signer):
    der = x509.load_pem_x509_certificate(seal_certificate_pem(signer)).public_bytes(serialization.Encoding.DER)
    assert validate_seal(sealed_pdf, der).trusted


def test_without_trust_root_the_seal_is_intact_but_not_trusted(sealed_pdf):
    status = validate_seal(sealed_pdf)
    assert status.intact and not status.trusted
    assert "geen vertrouwd certificaat" in status.summary


def test_another_certificate_is_not_trusted(sealed_pdf, tmp_path):
    other = load_signer(SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path))
    status = validate_seal(sealed_pdf, seal_certificate_pem(other))
    assert status.intact and not status.trusted
    assert "niet vertrouwd" in status.summary


def test_signature_dictionary_has_reason_location_and_pades(sealed_pdf):
    sig = PdfReader(io.BytesIO(sealed_pdf)).trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object()["/V"]
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig["/Reason"] == "Vastgesteld regioplan"
    assert sig["/Location"] == "Utrecht"
    assert sig["/Name"] == "Regioplan"


def test_one_changed_byte_in_the_signed_content_breaks_the_seal(sealed_pdf, signer, unsigned_pdf):
    # A byte inside the page's compressed content stream: the file still parses, only the digest differs.
    position = sealed_pdf.index(b"stream\n") + len(b"stream\n") + 5
    assert position < len(unsigned_pdf)  # the original revision is covered by the signature
    tampered = bytearray(sealed_pdf)
    tampered[position] ^= 0x01
    status = validate_seal(bytes(tampered), seal_certificate_pem(signer))
    assert not status.intact and not status.trusted
    assert "gewijzigd" in status.summary


def test_appending_after_sealing_is_reported(sealed_pdf, signer):
    status = validate_seal(sealed_pdf + b"\n% later addition\n", seal_certificate_pem(signer))
    assert status.intact and not status.covers_whole_file
    assert "toegevoegd" in status.summary


def test_unsigned_pdf_has_a_clear_status(unsigned_pdf):
    status = validate_seal(unsigned_pdf)
    assert (status.intact, status.trusted, status.covers_whole_file, status.signer_subject) == (False, False,
                                                                                               False, "")
    assert status.summary == "Dit document heeft geen digitaal zegel."


def test_garbage_is_reported_not_raised():
    status = validate_seal(b"not a pdf at all")
    assert not status.intact and "niet als PDF" in status.summary


def make_pkcs12(path, passphrase: bytes) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Regio West zegel"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Regio West"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "NL")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"regio-west", key, cert, None, serialization.BestAvailableEncryption(passphrase)))
    return cert


def test_configured_pkcs12_is_used_instead_of_self_signed(tmp_path, unsigned_pdf):
    p12 = tmp_path / "regio-west.p12"
    cert = make_pkcs12(p12, b"geheim")
    instance = tmp_path / "instance"

    signer = load_signer(SealConfig(pkcs12_path=p12, passphrase=b"geheim", instance_dir=instance))

    assert x509.load_pem_x509_certificate(seal_certificate_pem(signer)) == cert
    assert not (instance / "seal").exists()
    status = validate_seal(seal_pdf(unsigned_pdf, signer, reason="Vastgesteld", location="Leiden"),
                           cert.public_bytes(serialization.Encoding.PEM))
    assert status.intact and status.trusted and status.covers_whole_file
    assert "CN=Regio West zegel" in status.signer_subject


def test_configured_pkcs12_with_wrong_passphrase_fails_clearly(tmp_path):
    p12 = tmp_path / "regio-west.p12"
    make_pkcs12(p12, b"geheim")
    with pytest.raises(SealError):
        load_signer(SealConfig(pkcs12_path=p12, passphrase=b"fout", instance_dir=tmp_path))


def test_sealed_pdf_still_parses_keeps_text_and_pdfa_claims(sealed_pdf, unsigned_pdf):
    assert sealed_pdf.startswith(unsigned_pdf)  # incremental: the rendered revision is untouched
    reader = PdfReader(io.BytesIO(sealed_pdf))
    assert "Regioplan zegeltest" in reader.pages[0].extract_text()
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    # PDF/A: Info and XMP must agree; and the file must stay PDF 1.7 (PDF/A-3 is based on it).
    producer = reader.trailer["/Info"]["/Producer"]
    assert f'pdf:Producer="{producer}"' in xmp
    assert reader.pdf_header == "%PDF-1.7" and "/Version" not in reader.trailer["/Root"]
    widget = reader.pages[0]["/Annots"][0].get_object()
    assert widget["/F"] & 4  # printable, as PDF/A requires of annotations


QR_DATA = "https://regioplan.example/verificatie/ABC"


def test_qr_svg_is_self_contained_accessible_and_deterministic():
    svg = qr_svg(QR_DATA)
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
    assert 'role="img"' in svg and 'aria-label="QR-code"' in svg
    assert "<script" not in svg and "href=" not in svg and " id=" not in svg
    assert svg == qr_svg(QR_DATA)
    assert svg != qr_svg(QR_DATA + "D")


def test_qr_svg_path_draws_exactly_the_dark_modules():
    svg = qr_svg(QR_DATA)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(QR_DATA)
    code.make(fit=True)
    expected = {(x + 4, y + 4) for y, row in enumerate(code.modules) for x, dark in enumerate(row) if dark}
    path = re.search(r' d="([^"]+)"', svg).group(1)
    drawn = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", path)}
    assert drawn == expected


def test_qr_svg_renders_inline_in_weasyprint():
    pdf = html_to_pdf(f"<html lang='nl'><body><p>Controleer dit plan</p>{qr_svg(QR_DATA)}</body></html>")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Controleer dit plan" in page.extract_text()
    assert len(page.get_contents().get_data()) > 2000  # the modules were drawn, not dropped
