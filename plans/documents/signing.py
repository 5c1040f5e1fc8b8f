"""Sealing a final regioplan PDF (PAdES B-B, invisible) and checking a seal; QR codes for verification links.

The seal key comes from a PKCS#12 file named in the configuration. Without one, a self-signed seal is made
once under instance/seal/ and reused, so a development or small install can still seal; such a seal is
only trusted by whoever trusts that certificate (the app can offer it via `seal_certificate_pem`).
"""
from __future__ import annotations

import asyncio
import base64
import fcntl
import logging
import os
import secrets
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

import qrcode
import qrcode.constants
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model as pdf_meta
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from qrcode.image.svg import SvgPathImage

logger = logging.getLogger(__name__)

__all__ = ["SealConfig", "SealError", "SealStatus", "load_signer", "qr_svg", "seal_certificate_pem", "seal_pdf",
           "validate_seal"]

SEAL_DIR = "seal"
SEAL_P12 = "regioplan-seal.p12"
SEAL_PASS = "regioplan-seal.pass"
FIELD_NAME = "Regioplan-zegel"
SELF_SIGNED_SUBJECT = x509.Name([
    x509.NameAttribute(NameOID.COMMON_NAME, "Regioplan zegel (zelfondertekend)"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Regioplan"),
    x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
])
SEAL_VALIDITY = timedelta(days=3653)  # 10 years, leap days included
# A seal certificate may assert either usage; pyHanko's default demands nonRepudiation only, which would
# call a valid organisation seal with just digitalSignature untrusted.
SEAL_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                     match_all_key_usages=False)


class SealError(ValueError):
    """The seal key material could not be loaded."""


@dataclass(frozen=True)
class SealConfig:
    pkcs12_path: Path | None
    passphrase: bytes | None
    instance_dir: Path
    # The self-signed seal's passphrase is derived from the app's secret key, so none lies beside the .p12.
    secret_key: bytes | None = None


@dataclass(frozen=True)
class SealStatus:
    intact: bool  # signed bytes unchanged and the signature itself is mathematically correct
    trusted: bool  # intact, and the certificate chains to the given trust root with a fitting key usage
    covers_whole_file: bool  # nothing was appended to the file after sealing
    signer_subject: str  # RFC 4514, e.g. "C=NL,O=Regioplan,CN=..."; "" without a signature
    summary: str  # Dutch, for users


# --- key material -------------------------------------------------------------------------------------------

def load_signer(config: SealConfig) -> signers.SimpleSigner:
    """The configured PKCS#12 seal, else the instance's self-signed seal (made on first use)."""
    if config.pkcs12_path is not None:
        return _signer_from_pkcs12(Path(config.pkcs12_path).read_bytes(), config.passphrase, config.pkcs12_path)
    folder = Path(config.instance_dir) / SEAL_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # mkdir's mode is ignored for an existing folder and masked by the umask
    p12_path, pass_path = folder / SEAL_P12, folder / SEAL_PASS
    derived = derived_passphrase(config.secret_key) if config.secret_key else None
    if not p12_path.exists() or (derived and pass_path.exists()):
        with _exclusive_lock(folder / ".lock"):
            if not p12_path.exists():  # another process may have made it while we waited for the lock
                _create_self_signed_seal(p12_path, pass_path, derived)
            elif derived and pass_path.exists():
                _move_to_derived_passphrase(p12_path, pass_path, derived)
    try:  # a seal made without a secret key: its passphrase file was written before it
        return _signer_from_pkcs12(p12_path.read_bytes(), pass_path.read_bytes().strip(), p12_path)
    except (FileNotFoundError, SealError):
        if derived is None:
            raise
    # Re-encrypted by another process meanwhile, or made with the derived passphrase (a changed secret key
    # makes this fail: the seal then needs its old key back or a new seal).
    return _signer_from_pkcs12(p12_path.read_bytes(), derived, p12_path)


def derived_passphrase(secret_key: bytes) -> bytes:
    """The self-signed seal's passphrase: HKDF-SHA256 of the app's secret key, for this use only."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"regioplan seal pkcs12 passphrase v1")
    return base64.urlsafe_b64encode(key.derive(secret_key)).rstrip(b"=")


def _move_to_derived_passphrase(p12_path: Path, pass_path: Path, derived: bytes) -> None:
    """An instance from before derived passphrases: re-encrypt its seal, then remove the passphrase file."""
    key, cert, extra = pkcs12.load_key_and_certificates(p12_path.read_bytes(), pass_path.read_bytes().strip())
    data = pkcs12.serialize_key_and_certificates(b"regioplan-seal", key, cert, extra,
                                                 serialization.BestAvailableEncryption(derived))
    _write_private(p12_path, data)
    pass_path.unlink()


def seal_certificate_pem(signer: signers.SimpleSigner) -> bytes:
    return pem.armor("CERTIFICATE", signer.signing_cert.dump())


def _signer_from_pkcs12(data: bytes, passphrase: bytes | None, source: Path) -> signers.SimpleSigner:
    # load_pkcs12_data rather than load_pkcs12: the latter logs and returns None instead of raising.
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    except ValueError as exc:
        raise SealError(f"cannot load seal PKCS#12 {source}: wrong passphrase or not a key + certificate") from exc


def _create_self_signed_seal(p12_path: Path, pass_path: Path, derived: bytes | None) -> None:
    # RSA, not EC P-256: pyHanko marks an ECDSA-signed file as PDF 2.0 (ISO/TS 32002 extension), which a
    # PDF/A-3 file (based on PDF 1.7) must not claim; RSA keeps the catalog at 1.7 with only the ESIC extension.
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(SELF_SIGNED_SUBJECT)
        .issuer_name(SELF_SIGNED_SUBJECT)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))  # tolerate a validator whose clock is slightly behind
        .not_valid_after(now + SEAL_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    passphrase = derived or secrets.token_urlsafe(32).encode()
    p12 = pkcs12.serialize_key_and_certificates(b"regioplan-seal", key, cert, None,
                                                serialization.BestAvailableEncryption(passphrase))
    if derived is None:
        _write_private(pass_path, passphrase + b"\n")
    _write_private(p12_path, p12)  # last: its existence means the pair is complete
    logger.warning("Created a self-signed seal certificate in %s; configure a PKCS#12 seal for production",
                   p12_path)


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically with mode 0600: mkstemp creates the file 0600, os.replace never shows half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _exclusive_lock(path: Path):
    # An flock serialises creation between processes (gunicorn workers): without it two workers could
    # each replace the .p12 and the .pass, ending with a key from one and a passphrase from the other.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # also releases the lock


# --- sealing and checking -----------------------------------------------------------------------------------

def seal_pdf(pdf: bytes, signer: signers.Signer, *, reason: str, location: str, name: str | None = None) -> bytes:
    """Append an invisible PAdES B-B seal as an incremental update; sign last, never rewrite afterwards."""
    return _outside_event_loop(_seal, pdf, signer, reason=reason, location=location, name=name)


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running event loop
    (an async server, or Playwright's sync API in tests): then run it in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def _seal(pdf: bytes, signer: signers.Signer, *, reason: str, location: str, name: str | None) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    _align_producer(writer)
    taken = {field_name for field_name, *_ in fields.enumerate_sig_fields(writer)}
    # Sealing an already sealed file adds a second field rather than failing on the filled first one.
    candidates = [FIELD_NAME, *(f"{FIELD_NAME}-{n}" for n in range(2, len(taken) + 3))]
    field_name = next(candidate for candidate in candidates if candidate not in taken)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location, name=name,
        md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
    )
    # Print flag for PDF/A; a box outside the page instead of the hidden flag (banned in PDF/A) keeps the
    # untagged widget acceptable to PDF/UA checkers too.
    field_spec = fields.SigFieldSpec(
        field_name, invis_sig_settings=fields.InvisSigSettings(set_print_flag=True, box_out_of_bounds=True))
    output = signers.PdfSigner(meta, signer, new_field_spec=field_spec).sign_pdf(writer, output=BytesIO())
    return output.getvalue()


def _align_producer(writer: IncrementalPdfFileWriter) -> None:
    # PDF/A wants Info and XMP to agree. pyHanko sets XMP pdf:Producer to "pyHanko x.y" but appends it to an
    # existing Info /Producer ("WeasyPrint 70.0; pyHanko x.y"); an Info /Producer that already names
    # pyHanko is left alone, so give the new revision exactly the XMP value.
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is None:
        return
    info = generic.DictionaryObject(info_ref.get_object())
    info["/Producer"] = generic.TextStringObject(pdf_meta.VENDOR)
    writer.set_info(info)


def validate_seal(pdf: bytes, trust_root_pem_or_der: bytes | None = None) -> SealStatus:
    """Check the last seal of `pdf` offline; never raises for a damaged or unsigned file.

    Trust needs an anchor: pass the seal's certificate (for the self-signed seal: seal_certificate_pem of
    load_signer) or its CA root. Without one, `trusted` is False; the OS trust list is deliberately not used.
    """
    return _outside_event_loop(_validate_seal, pdf, trust_root_pem_or_der)


def _validate_seal(pdf: bytes, trust_root_pem_or_der: bytes | None) -> SealStatus:
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # any parse error of untrusted input: report, don't crash the request
        logger.info("validate_seal: unreadable PDF", exc_info=True)
        return SealStatus(False, False, False, "", "Het bestand kan niet als PDF worden gelezen; er is geen "
                                                   "zegel gecontroleerd.")
    if not signatures:
        return SealStatus(False, False, False, "", "Dit document heeft geen digitaal zegel.")
    roots = [_load_certificate(trust_root_pem_or_der)] if trust_root_pem_or_der else []
    # trust_roots=[] (not None) so pyHanko never falls back to the OS list; no fetching: B-B, offline.
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[-1], context, key_usage_settings=SEAL_KEY_USAGE)
    except Exception:  # e.g. a tampered byte that breaks the signature dictionary or the CMS structure
        logger.info("validate_seal: signature could not be checked", exc_info=True)
        return SealStatus(False, False, False, "", "Het zegel is ongeldig: het document is na het verzegelen "
                                                   "gewijzigd of beschadigd.")
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    subject = cert.subject.rfc4514_string()
    common_names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    who = str(common_names[0].value) if common_names else subject
    intact = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    trusted = bool(intact and status.trusted)
    if not intact:
        summary = "Het zegel is ongeldig: het document is na het verzegelen gewijzigd."
    elif trusted:
        summary = f"Het zegel is geldig: het document is niet gewijzigd sinds het werd verzegeld door {who}."
    elif not roots:
        summary = (f"Het zegel van {who} is intact, maar er is geen vertrouwd certificaat opgegeven om de "
                   "afzender te controleren.")
    else:
        summary = f"Het zegel is intact, maar het certificaat van {who} wordt niet vertrouwd."
    if intact and not whole:
        summary += " Let op: na het verzegelen is er nog iets aan het bestand toegevoegd."
    return SealStatus(intact, trusted, whole, subject, summary)


def _load_certificate(pem_or_der: bytes) -> asn1_x509.Certificate:
    # ValidationContext documents bytes as trust roots, but 0.33 only accepts certificate objects.
    der = pem.unarmor(pem_or_der)[2] if pem.detect(pem_or_der) else pem_or_der
    return asn1_x509.Certificate.load(der)


# --- QR code ------------------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"


def qr_svg(data: str) -> str:
    """A self-contained inline SVG QR code: one path on a white quiet zone, sized in mm, no ids or links.

    The same input always gives the same string (fixed version search, error level and mask choice).
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4,
                         image_factory=SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image()
    modules = code.modules_count + 2 * code.border
    size_mm = image.units(image.pixel_size)  # box_size 10 = 1 mm per module
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "width": size_mm, "height": size_mm, "viewBox": f"0 0 {modules} {modules}",
        "role": "img", "aria-label": "QR-code",
    })
    # Explicit white background: scanners need the light quiet zone even on a tinted page.
    ET.SubElement(svg, "rect", {"x": "0", "y": "0", "width": str(modules), "height": str(modules),
                                "fill": "#ffffff"})
    # Not the factory's own element: its id="qr-path" would repeat if two codes sit on one page.
    ET.SubElement(svg, "path", {"d": image.path.get("d"), "fill": "#000000", "fill-rule": "nonzero",
                                "stroke": "none"})
    return ET.tostring(svg, encoding="unicode")
