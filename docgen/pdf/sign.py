"""Signing and signature checks: PAdES with pyHanko, judged over the entire file.

A signature is only worth something when its byte range covers the whole file: anything
appended later (an incremental update, trailing bytes) leaves the signature "intact" yet
the file changed. ``check_signatures`` reports exactly that, per signature.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR, DocumentMetadata
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from docgen.errors import DataError, DocgenError, OutputError, Problem
from docgen.pdf.measure import MAX_BYTES, open_pdf
from docgen.pdf.pdfa import pdfa_problems
from docgen.pdf.seal import find_placed_seal, locate_signature, seal_rect
from docgen.standard import figures as L

FIELD_NAME = "docgen签名"


class SignError(DocgenError):
    """The certificate, its password or the PDF cannot be used for signing."""


@dataclass(frozen=True)
class SignatureCheck:
    """One embedded signature, as validation found it."""

    field: str
    signer: str
    signed_at: str  # ISO 8601, from the signer's claimed signing time
    intact: bool  # the signed bytes hash to what was signed
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the signer chains to a configured trust anchor
    covers_file: bool  # the signed byte range is the entire file
    modification: str  # what was changed after this signature ("" for nothing)
    trust_problem: str = ""  # why the signer is not trusted ("" when trusted)

    @property
    def sound(self) -> bool:
        return self.intact and self.valid


@dataclass
class SignatureReport:
    signatures: list[SignatureCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # refusals: broken or modified
    untrusted: list[str] = field(default_factory=list)  # signers outside the trust anchors

    @property
    def modified(self) -> bool:
        return any(not check.covers_file for check in self.signatures[-1:])


def sign_pdf(pdf: Path, target: Path, p12: Path, password: bytes | None,
             reason: str | None = None, visible: bool = False) -> SignatureCheck:
    """Sign ``pdf`` into ``target`` (PAdES baseline B, SHA-256) as an incremental update."""
    signer = _load_signer(p12, password)
    try:
        with open_pdf(pdf) as document:
            box = _seal_box(document, pdf) if visible else None
            field_name = _free_field_name(document)
    except (RuntimeError, ValueError) as error:
        raise SignError(f"无法读取 PDF {pdf}：{error}") from error
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES)
    # No text in the appearance: pyHanko's stamp text would use a font that is not
    # embedded, which PDF/A forbids; the seal under the field is the visible part.
    style = StaticStampStyle(border_width=0, background=None)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with pdf.open("rb") as source, temporary.open("wb") as out:
            writer = _ArchivalWriter(source)
            if box is not None:
                fields.append_signature_field(writer, fields.SigFieldSpec(
                    field_name, on_page=box[0], box=box[1]))
            signers.PdfSigner(metadata, signer=signer, stamp_style=style).sign_pdf(
                writer, output=out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except (PdfError, SigningError, ValueError) as error:
        raise SignError(f"无法签名 {pdf}：{error}") from error
    except OSError as error:
        raise OutputError(f"无法写出 {target}：{error.strerror}") from error
    finally:
        temporary.unlink(missing_ok=True)
    report = check_signatures(target, [])
    if not report.signatures:
        raise SignError(f"签名后在 {target} 中找不到签名：" + "；".join(report.problems))
    return report.signatures[-1]


class _OneInstant(DocumentMetadata):
    """Metadata whose modification time is fixed once, so that /Info and XMP, written one
    after the other, cannot straddle a second."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "last_modified" and value == "now":
            return
        super().__setattr__(name, value)


class _ArchivalWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, keeping /Info and XMP equal (PDF/A 6.6.2.3.1): XMP gets
    pyHanko as its producer, so /Info gets the same rather than a chained string."""

    def __init__(self, stream) -> None:
        super().__init__(stream, strict=False)
        self._meta = _OneInstant(last_modified=datetime.now(UTC).replace(microsecond=0))

    def _update_meta(self) -> None:
        super()._update_meta()
        if self._info is not None:
            self._info.get_object()["/Producer"] = generic.TextStringObject(VENDOR)
            self.mark_update(self._info)


def _load_signer(p12: Path, password: bytes | None) -> signers.SimpleSigner:
    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(p12), passphrase=password)
    except (OSError, ValueError) as error:
        signer = None
        detail = str(error)
    else:
        detail = ""
    if signer is None:
        raise SignError(f"无法读取证书文件 {p12}：口令不对，或不是 PKCS#12 文件"
                        + (f"（{detail}）" if detail else ""),
                        hint="确认是 PKCS#12（.p12/.pfx）文件，口令用 --password-file 给出。")
    return signer


def _free_field_name(document: pymupdf.Document) -> str:
    """docgen签名, or docgen签名2, 3 … when the PDF is already signed (会签)."""
    taken = {widget.field_name for page in document for widget in page.widgets()}
    return next(name for n in range(1, len(taken) + 2)
                if (name := FIELD_NAME if n == 1 else f"{FIELD_NAME}{n}") not in taken)


def _seal_box(document: pymupdf.Document,
              pdf: Path) -> tuple[int, tuple[float, float, float, float]]:
    """The seal's place (7.3.5.1) in PDF coordinates: the visible signature sits over it."""
    placed = find_placed_seal(document)
    if placed is not None:  # the seal as placed, whatever its size
        index, rect = placed.page, placed.rect
    else:
        index, organ, date, last_body = locate_signature(document, pdf)
        rect = seal_rect(organ, date, last_body, L.SEAL_DIAMETER)
    height = document[index].rect.height
    return index, (rect.x0, height - rect.y1, rect.x1, height - rect.y0)


def check_signatures(pdf: Path, trust_roots: list[Path],
                     moment: datetime | None = None) -> SignatureReport:
    """Validate every signature; say what is broken, modified or untrusted.

    ``moment`` validates the signer's certificate as of that time instead of now: the
    archive re-checks an entry as of when it was archived, so a certificate that expired
    since then does not turn a sound entry bad.
    """
    if pdf.stat().st_size > MAX_BYTES:
        raise DataError([Problem(f"PDF 大于 {MAX_BYTES // 2**20} MiB", str(pdf))])
    context = ValidationContext(trust_roots=[load_trust_anchor(path) for path in trust_roots],
                                allow_fetching=False, revocation_mode="soft-fail",
                                moment=moment)
    report = SignatureReport()
    size = pdf.stat().st_size
    try:
        with pdf.open("rb") as stream:
            reader = PdfFileReader(stream, strict=False)
            for embedded in reader.embedded_signatures:
                report.signatures.append(_check_one(embedded, context, size))
    except Exception as error:  # a hostile file may break any layer of the parser
        report.problems.append(f"无法读取或验证签名：{type(error).__name__}: {error}")
        return report
    if not report.signatures:
        report.problems.append("没有签名")
    for check in report.signatures:
        if not check.sound:
            report.problems.append(f"签名“{check.field}”已损坏（签名后内容被改动或签名无效）")
        if not check.trusted and check.sound:
            report.untrusted.append(f"签名人“{check.signer}”{check.trust_problem}")
    last = report.signatures[-1:] if report.signatures else []
    for check in last:
        if not check.covers_file:
            report.problems.append(f"最后一个签名之后文件又被改动：{check.modification}")
    return report


def _check_one(embedded, context: ValidationContext, size: int) -> SignatureCheck:
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    modification = ""
    trailing = size - _byte_range_end(embedded)
    if covers and trailing:
        covers = False
        modification = f"文件末尾在签名之后多出 {trailing} 字节"
    elif not covers:
        modification = _describe_modification(status.modification_level, status.coverage)
    signed_at = status.signer_reported_dt
    return SignatureCheck(
        field=str(embedded.field_name or ""),
        signer=_signer_name(status.signing_cert),
        signed_at=signed_at.isoformat() if isinstance(signed_at, datetime) else "",
        intact=bool(status.intact), valid=bool(status.valid),
        trusted=bool(status.trusted), covers_file=covers, modification=modification,
        trust_problem="" if status.trusted else _trust_problem(status.trust_problem_indic))


def _trust_problem(indication) -> str:
    name = getattr(indication, "name", "")
    if name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "NOT_YET_VALID"):
        return "的证书在验证时刻不在有效期内（已过期或尚未生效）"
    if name in ("REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"):
        return "的证书已被吊销"
    if name in ("NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE", ""):
        return "不在信任的证书之内"
    return f"的证书未通过验证（{name}）"


def _signer_name(certificate) -> str:
    if certificate is None:
        return ""
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def _byte_range_end(embedded) -> int:
    byte_range = embedded.sig_object["/ByteRange"]
    return int(byte_range[2]) + int(byte_range[3])


def _describe_modification(level, coverage) -> str:
    if coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "签名未覆盖整份文件"
    names = {
        ModificationLevel.NONE: "文件末尾附加了不属于任何修订的数据",
        ModificationLevel.LTA_UPDATES: "追加了验证信息（DSS/时间戳）或文档信息（元数据）",
        ModificationLevel.FORM_FILLING: "追加了表单填写",
        ModificationLevel.ANNOTATIONS: "追加了批注",
        ModificationLevel.OTHER: "追加了对内容或文档信息的修改",
    }
    return names.get(level, "签名之后追加了修改")


def load_trust_anchor(path: Path) -> asn1_x509.Certificate:
    try:
        return load_cert_from_pemder(str(path))
    except (OSError, ValueError) as error:
        raise DataError([Problem(f"无法读取信任证书：{error}", str(path))]) from error


def pdfa_kept(source: Path, signed: Path) -> list[str]:
    """What signing broke of a PDF/A source (nothing to keep when the source was not one)."""
    if pdfa_problems(source):
        return []
    return pdfa_problems(signed)
