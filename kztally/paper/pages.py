"""The pictures in a file handed to intake: a PDF's pages (rendered with pypdfium2),
a scan or a photo (PNG, JPEG), and the codes zxing-cpp reads off them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kztally.paper import qr

DPI = 150
"""A PDF page is rendered at this resolution: codes read at 100-200 dpi (a module of at
least 4 pixels), photo-like damage at 150 and up."""
SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg"})


class UnreadableFileError(ValueError):
    """A file that is not a PDF or picture intake can open."""


def files_in(paths: list[Path]) -> list[Path]:
    """The files to take in: each file given, and every PDF, PNG or JPEG in a folder
    given (sorted by name, not descending into subfolders)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES))
        else:
            out.append(path)
    return out


def pictures(data: bytes, name: str) -> Iterator[Any]:
    """The pictures in a file's bytes, page by page (grayscale PIL images)."""
    if data.startswith(b"%PDF"):
        yield from _pdf_pages(data, name)
        return
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (UnidentifiedImageError, OSError) as e:
        raise UnreadableFileError(f"{name}: not a PDF, PNG or JPEG file") from e
    yield picture.convert("L")


def _pdf_pages(data: bytes, name: str) -> Iterator[Any]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise UnreadableFileError(f"{name}: a PDF that cannot be opened ({e})") from e
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=DPI / 72, grayscale=True)
            yield bitmap.to_pil()
            page.close()
    finally:
        document.close()


def codes(data: bytes, name: str) -> tuple[list[bytes], int]:
    """Every code's bytes read off a file's pages, in page order, and how many pages it
    has."""
    found: list[bytes] = []
    pages = 0
    for picture in pictures(data, name):
        pages += 1
        found.extend(qr.read(picture))
    return found, pages
