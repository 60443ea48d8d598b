"""Sealing per GB/T 9704 7.3.5.1: placing a seal, finding placed ones, the specimen image."""

from docgen.pdf.seal.detect import PlacedSeal, find_placed_seal, placed_seals, seals_on
from docgen.pdf.seal.image import MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, seal_png
from docgen.pdf.seal.joint import organ_names
from docgen.pdf.seal.place import seal_pdf
from docgen.pdf.seal.specimen import (
    RENDER_DPI,
    SEAL_RED,
    SPECIMEN_MARK,
    specimen_document,
    specimen_png,
    specimen_svg,
    write_specimen,
)
from docgen.pdf.seal.spot import DATE_ROW, SealError, SealSpot, locate_signature, seal_rect

__all__ = [
    "DATE_ROW",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_SIDE",
    "RENDER_DPI",
    "SEAL_RED",
    "SPECIMEN_MARK",
    "PlacedSeal",
    "SealError",
    "SealSpot",
    "find_placed_seal",
    "locate_signature",
    "organ_names",
    "placed_seals",
    "seal_pdf",
    "seal_png",
    "seal_rect",
    "seals_on",
    "specimen_document",
    "specimen_png",
    "specimen_svg",
    "write_specimen",
]
