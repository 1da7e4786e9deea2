"""Reading a PDF back, as a receiver would: its text, and its pages as images."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium


def text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(out)
    finally:
        doc.close()


def pages(pdf: bytes, dpi: int = 150) -> list[Any]:
    """Every page as a grayscale PIL image at `dpi`."""
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            out.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
        return out
    finally:
        doc.close()


def page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()
