"""The self-signed seal's passphrase is derived from the secret key; none lies beside the .p12 (issue 14)."""
import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from plans.documents.signing import (
    SEAL_DIR,
    SEAL_P12,
    SEAL_PASS,
    SealConfig,
    SealError,
    derived_passphrase,
    load_signer,
    seal_certificate_pem,
)

SECRET = b"een geheime sleutel van de app"


def test_a_new_seal_keeps_no_passphrase_file(tmp_path):
    config = SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path, secret_key=SECRET)
    first = seal_certificate_pem(load_signer(config))
    folder = tmp_path / SEAL_DIR
    assert not (folder / SEAL_PASS).exists()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [SEAL_P12]
    data = (folder / SEAL_P12).read_bytes()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(data, None)
    assert pkcs12.load_key_and_certificates(data, derived_passphrase(SECRET))[0] is not None
    assert seal_certificate_pem(load_signer(config)) == first, "the same seal every time"
    with pytest.raises(SealError):
        load_signer(SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path, secret_key=b"andere"))


def test_an_existing_instance_keeps_its_seal_and_loses_the_passphrase_file(tmp_path):
    legacy = SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path)  # as before: a .pass file
    before = seal_certificate_pem(load_signer(legacy))
    folder = tmp_path / SEAL_DIR
    assert (folder / SEAL_PASS).exists()
    config = SealConfig(pkcs12_path=None, passphrase=None, instance_dir=tmp_path, secret_key=SECRET)
    assert seal_certificate_pem(load_signer(config)) == before
    assert not (folder / SEAL_PASS).exists()
    assert pkcs12.load_key_and_certificates((folder / SEAL_P12).read_bytes(), derived_passphrase(SECRET))[1]
    assert oct((folder / SEAL_P12).stat().st_mode & 0o777) == "0o600"
    assert seal_certificate_pem(load_signer(config)) == before
