"""The observer's path end to end, as docs/guide/observer.md walks it, on a small mock:
a commission's database publishes its results (`export --format nist` and
`openelections`) and its key list; an observer's own database holds only the election
and the keys; the observer's folder holds certified copies printed by the commission
(PDF), one rendered to PNG and turned upside down, one rotated, blurred and saved as
JPEG. The published files carry planted differences (votes moved between two lists, a
candidate's votes against line 8, a protocol left out). `kztally crosscheck --official`
finds every one and no other, and its verdict rests on the published figures: the
observer's database has no accepted protocol at all."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from kztally.services.mock import KEY_PASSPHRASE
from tests.conftest import PASSWORD

MOVED = {
    ("P08430", "MZ-L", "MZ-L-RESPUBLICA"): -35,
    ("P08430", "MZ-L", "MZ-L-AQ-ZHOL"): +35,
    ("P08429", "MZ-S29", "MZ-S29-C02"): +12,
    ("P08429", "MZ-S29", "line-8"): -12,
}
"""What the published files say minus what the protocols say."""
LEFT_OUT = ("P08432", "ML-R17-L")
COPIES = ("P08429", "MZ-S29"), ("P08430", "MZ-L"), ("P08431", "MZ-L"), LEFT_OUT


def kz(home: Path, user: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KZTALLY_HOME": str(home), "KZTALLY_USER": user}
    env |= {"KZTALLY_PASSWORD": PASSWORD, "KZTALLY_NEW_PASSWORD": PASSWORD}
    env["KZTALLY_KEY_PASSPHRASE"] = KEY_PASSPHRASE
    env.pop("KZTALLY_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "kztally", "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def ok(r: subprocess.CompletedProcess[str], status: int = 0) -> str:
    assert r.returncode == status, r.stderr
    assert "Traceback" not in r.stderr
    return r.stdout


def _alter_openelections(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    col = {k: n for n, k in enumerate(head)}
    out = [head]
    for r in rows[1:]:
        key = (r[col["precinct_code"]], r[col["contest"]], r[col["choice"]])
        if key[:2] == LEFT_OUT:
            continue
        r[col["votes"]] = str(int(r[col["votes"]]) + MOVED.get(key, 0))
        out.append(r)
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(out)


def _alter_nist(source: Path, target: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    elections = data["Election"]
    (election,) = elections if isinstance(elections, list) else [elections]
    for contest in election["Contest"]:
        cid = contest["@id"].removeprefix("contest-")
        for sel in contest.get("ContestSelection", []):
            counts = [
                v
                for v in sel.get("VoteCounts", [])
                if (v["GpUnitId"].removeprefix("gpu-"), cid) != LEFT_OUT
            ]
            for v in counts:
                precinct = v["GpUnitId"].removeprefix("gpu-")
                choice = sel["@id"].removeprefix(f"sel-{cid}-")
                v["Count"] += MOVED.get((precinct, cid, choice), 0)
            sel["VoteCounts"] = counts
    kept = []
    for b in election["BallotCounts"]:
        precinct = b["GpUnitId"].removeprefix("gpu-")
        _, cid, line = b.get("OtherType", "::").split(":")
        if (precinct, cid) == LEFT_OUT:
            continue
        b["BallotsCast"] += MOVED.get((precinct, cid, line), 0)
        kept.append(b)
    election["BallotCounts"] = kept
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def observer(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The commission's files and the observer's database and folder of copies."""
    home = tmp_path_factory.mktemp("walk")
    commission, mine = home / "commission.db", home / "observer.db"
    ok(kz(home, "trainer", commission, "mock", "--seed", "7", "--scale", "small"))
    for fmt, name in (("nist", "results.nist.json"), ("openelections", "results.oe.csv")):
        ok(kz(home, "trainer", commission, "export", "--format", fmt, "-o", str(home / name)))
    ok(kz(home, "trainer", commission, "export", "-o", str(home / "exp")))
    ok(kz(home, "trainer", commission, "keys", "export", "-o", str(home / "keys.json")))
    photos = home / "photos"
    photos.mkdir()
    keys = home / "commission.keys"
    for precinct, contest in COPIES:
        pdf = photos / f"{precinct}_{contest}.pdf"
        ok(
            kz(
                home,
                "trainer",
                commission,
                *("print", "protocol", "--precinct", precinct, "--contest", contest),
                *("--copy", "1", "--key", str(keys / f"{precinct}.key"), "-o", str(pdf)),
            )
        )
    # photos: one page as PNG upside down, one rotated, blurred, as JPEG
    for name, how in (("P08429_MZ-S29", "png"), ("P08431_MZ-L", "jpg")):
        doc = pdfium.PdfDocument(photos / f"{name}.pdf")
        image = doc[0].render(scale=150 / 72).to_pil().convert("RGB")
        doc.close()
        (photos / f"{name}.pdf").unlink()
        if how == "png":
            image.rotate(180).save(photos / f"{name}.png")
        else:
            image = image.rotate(7, expand=True, fillcolor="white")
            image.filter(ImageFilter.GaussianBlur(1.2)).save(photos / f"{name}.jpg", quality=80)
    _alter_openelections(home / "results.oe.csv", home / "published.oe.csv")
    _alter_nist(home / "results.nist.json", home / "published.nist.json")

    # the observer's own database: the election, the key list, an observer's account
    ok(kz(home, "admin", mine, "import", str(home / "exp" / "election.json")))
    root = json.loads((home / "keys.json").read_text(encoding="utf-8"))["keys"][0]
    ok(
        kz(
            home,
            "admin",
            mine,
            "keys",
            "import",
            "--root",
            root["fingerprint"],
            str(home / "keys.json"),
        )
    )
    ok(kz(home, "admin", mine, "users", "add", "--role", "observer", "dana"))
    return {"home": home, "db": mine, "photos": photos}


def test_the_copies_are_photos_and_pdfs(observer: dict[str, Path]) -> None:
    names = sorted(p.name for p in observer["photos"].iterdir())
    assert names == [
        "P08429_MZ-S29.png",
        "P08430_MZ-L.pdf",
        "P08431_MZ-L.jpg",
        "P08432_ML-R17-L.pdf",
    ]
    with Image.open(observer["photos"] / "P08429_MZ-S29.png") as im:
        assert im.width > 1000


@pytest.mark.parametrize("published", ["published.nist.json", "published.oe.csv"])
def test_an_observer_finds_every_planted_difference_and_whether_it_changes_a_seat(
    observer: dict[str, Path], published: str
) -> None:
    home, db = observer["home"], observer["db"]
    report, table = home / f"{published}.pdf", home / f"{published}.csv"
    out = json.loads(
        ok(
            kz(
                home,
                "dana",
                db,
                *("crosscheck", str(observer["photos"]), "--official", str(home / published)),
                *("--json", "--report", str(report), "--csv", str(table), "--lang", "en"),
            ),
            status=1,
        )
    )
    assert out["verdict_on"] == "published"
    assert out["compared"] == 3  # the fourth copy's protocol is not published
    found = {
        (d["precinct"], d["contest"], str(d["line"]), d["copy"] - d["official"])
        for d in out["differences"]
    }
    planted = {(p, c, ch.removeprefix("line-"), -delta) for (p, c, ch), delta in MOVED.items()}
    assert found == planted
    assert [(s["precinct"], s["contest"]) for s in out["no_official"]] == [LEFT_OUT]
    assert all(d["source"] == "qr" for d in out["differences"])

    contests = {c["contest"]: c for c in out["contests"]}
    # 35 votes moved between two lists change a seat on the published figures (the
    # published figures are one move of `moved` ballots from another allocation)
    mzl = contests["MZ-L"]
    assert mzl["differences_change"] and mzl["moved"] is not None and mzl["moved"] <= 35
    assert mzl["outstanding"] == {"protocols": 0, "electorate": 0, "verdict": "cannot"}
    # 12 votes in a district won by thousands change nothing
    assert not contests["MZ-S29"]["differences_change"]
    assert contests["MZ-S29"]["moved"] > 12
    # the protocol left out of the published file counts as not counted, bounded by
    # its precinct's electorate
    lists = contests["ML-R17-L"]
    assert lists["outstanding"]["protocols"] == 1 and lists["outstanding"]["electorate"] > 0
    assert out["differences_change"] and out["can_matter"]

    pdf = pdfium.PdfDocument(report)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    text = " ".join(text.split())
    assert "The margins and the verdict rest on the published figures" in text
    assert "The differences found change a seat or a winner." in text
    assert published in text
    with table.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["precinct"], r["line"], int(r["difference"])) for r in rows} == {
        (p, line, d) for p, _, line, d in planted
    }


def test_with_the_published_file_unaltered_nothing_can_matter(observer: dict[str, Path]) -> None:
    """The observer's database holds no accepted protocol: a verdict on its figures
    would call every protocol uncounted. On the published figures nothing differs and
    nothing is missing that could change a seat or a winner."""
    home = observer["home"]
    text = ok(
        kz(
            home,
            "dana",
            observer["db"],
            *("crosscheck", str(observer["photos"]), "--official", str(home / "results.oe.csv")),
        )
    )
    assert "no figure differs" in text
    assert "margins and verdict rest on the published figures" in text
    assert "verdict: nothing found or missing can change a seat or a winner" in text


def test_the_report_in_kazakh_and_russian_names_the_figures(observer: dict[str, Path]) -> None:
    home = observer["home"]
    for lang, words in (
        ("kk", "жарияланған нәтижелердің сандарына негізделген"),
        ("ru", "рассчитаны по опубликованным цифрам"),
    ):
        report = home / f"r-{lang}.pdf"
        ok(
            kz(
                home,
                "dana",
                observer["db"],
                *("crosscheck", str(observer["photos"]), "--official"),
                *(str(home / "published.oe.csv"), "--report", str(report), "--lang", lang),
            ),
            status=1,
        )
        pdf = pdfium.PdfDocument(io.BytesIO(report.read_bytes()))
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        assert words in " ".join(text.split()), lang
