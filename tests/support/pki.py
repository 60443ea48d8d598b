"""A throwaway certificate authority made at test time: a root, a signing certificate in a
PKCS#12 file with a password, and an unrelated root for the untrusted cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "测试口令-test"


@dataclass(frozen=True)
class TestPki:
    root_pem: Path  # trust anchor
    p12: Path  # signer key + certificate + chain
    password_file: Path
    other_root_pem: Path  # a root that did not issue the signer


def _key() -> rsa.RSAPrivateKey:
    # RSA: an elliptic-curve key makes pyHanko move the file to PDF 2.0 (ISO 32002),
    # which is no longer PDF/A-2.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key_usage(authority: bool) -> x509.KeyUsage:
    """A CA signs certificates; the signer signs documents (with non-repudiation)."""
    return x509.KeyUsage(digital_signature=not authority, content_commitment=not authority,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=authority, crl_sign=authority, encipher_only=False,
                         decipher_only=False)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "docgen 测试"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _root(common: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key()
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_key_usage(authority=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_pki(folder: Path, lifetime: timedelta = timedelta(days=7)) -> TestPki:
    """``lifetime``: how long the signing certificate stays valid from now."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key, root = _root("docgen 测试根证书")
    _, other = _root("无关的根证书")
    key = _key()
    now = datetime.now(UTC)
    leaf = (x509.CertificateBuilder().subject_name(_name("测试签发人"))
            .issuer_name(root.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + lifetime)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(authority=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    pki = TestPki(folder / "root.pem", folder / "signer.p12", folder / "password.txt",
                  folder / "other-root.pem")
    pki.root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    pki.other_root_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    pki.p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, leaf, [root],
        serialization.BestAvailableEncryption(PASSWORD.encode())))
    pki.password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    return pki
