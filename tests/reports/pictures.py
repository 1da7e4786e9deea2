"""Page images of each document kind for docs/images/ (run from the repository's root):

.venv/bin/python -m tests.reports.pictures
"""

from __future__ import annotations

from pathlib import Path

from kztally.reports import results, summary
from kztally.reports.protocol import render
from tests.reports import doc_samples, pdftext
from tests.reports.samples import protocol_doc

OUT = Path("docs") / "images"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("kk", "ru", "en"):
        page = pdftext.pages(render([protocol_doc(lang, copy=1 if lang == "en" else None)]), 100)[0]
        page.save(OUT / f"protocol-{lang}.png", optimize=True)
        print(OUT / f"protocol-{lang}.png")
    pictures = {
        "summary-ru.png": (summary.render(doc_samples.summary_doc("ru")), 0),
        "results-en.png": (results.render(doc_samples.results_doc("en")), 0),
        "results-kk-chamber.png": (results.render(doc_samples.results_doc("kk")), 1),
    }
    for name, (pdf, index) in pictures.items():
        pdftext.pages(pdf, 100)[index].save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
