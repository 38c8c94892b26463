"""naarnul.evidence without a database: the summons window (a setting, month ends), the report's text, the manifest's
checksums and the ZIP's contents, from plain values."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest

from naarnul import evidence
from naarnul.docx_text import docx_text
from naarnul.errors import ValidationError

D = dt.date


@pytest.mark.parametrize(("signal", "settings", "earliest", "latest"), [
    (D(2026, 11, 2), evidence.EvidenceSettings(), D(2027, 1, 2), D(2027, 5, 2)),
    (D(2026, 8, 31), evidence.EvidenceSettings(), D(2026, 10, 31), D(2027, 2, 28)),  # month ends
    (D(2026, 12, 31), evidence.EvidenceSettings(3, 9), D(2027, 3, 31), D(2027, 9, 30)),
])
def test_the_summons_window_counts_months_after_the_signal(signal, settings, earliest, latest):
    window = evidence.summons_window(signal, settings)
    assert (window.earliest, window.latest) == (earliest, latest)


def test_the_summons_sentence_depends_on_today_and_there_is_none_without_a_signal():
    window = evidence.summons_window(D(2026, 11, 2), evidence.EvidenceSettings())
    assert "tussen 2 januari 2027 en 2 mei 2027" in window.sentence(D(2026, 12, 1))
    assert "oplossing te zoeken" in window.sentence(D(2026, 12, 1))
    assert "voorbij" in window.sentence(D(2027, 5, 3))
    assert evidence.summons_window(None, evidence.EvidenceSettings()) is None


@pytest.mark.parametrize(("low", "high"), [(-1, 6), (7, 6), (2, 37)])
def test_a_bad_summons_setting_is_refused(low, high):
    with pytest.raises(ValidationError, match="De dagvaarding na een melding"):
        evidence.EvidenceSettings(low, high)


def pack(letters) -> evidence.EvidencePack:
    return evidence.EvidencePack(
        case_reference="NN-0007", address="Kerkstraat 12, Utrecht", tenant_names="Jan de Vries & <Zn>",
        landlord_name="Verhuur De Linde", made_on=D(2026, 11, 23), case_opened_on=D(2026, 9, 2), case_status="open",
        arrears=Decimal("1700.00"), arrears_months=2,
        timeline=((dt.datetime(2026, 10, 5, 9, 30), "Document gemaakt: Herinnering"),), letters=tuple(letters),
        signals=(), feedback=(), contact_attempts=(evidence.EvidenceLine(D(2026, 10, 8), "telefoon: niet bereikt"),),
        objections=(), arrangements=(), custom_solutions=(), summons=None)


def letter(number: int, content: bytes, stored: str | None = None) -> evidence.EvidenceLetter:
    return evidence.EvidenceLetter(number=number, title=f"Brief {number}", filename=f"brief {number}/../x.docx",
                                   letter_date=D(2026, 10, number), made_at=dt.datetime(2026, 10, number, 12, 0),
                                   stored_checksum=stored or hashlib.sha256(content).hexdigest(), content=content)


def test_the_report_zip_and_manifest_agree_on_every_checksum():
    letters = [letter(1, b"first"), letter(2, b"second", stored="0" * 64)]
    the_pack = pack(letters)
    report = evidence.report_docx(the_pack)
    text = docx_text(report)
    assert hashlib.sha256(b"first").hexdigest() in text and "0" * 64 in text
    assert "Jan de Vries & <Zn>" in text and "Er is nog geen melding aan de gemeente gedaan." in text
    assert "telefoon: niet bereikt" in text and "Het is na het maken veranderd." in text
    archive = zipfile.ZipFile(io.BytesIO(evidence.pack_zip(the_pack, b"%PDF-fake")))
    stem = "bewijsdossier-NN-0007-2026-11-23"
    assert sorted(archive.namelist()) == sorted([f"{stem}/bewijsdossier.pdf", f"{stem}/manifest.json",
                                                 f"{stem}/brieven/01-brief-1-..-x.docx",
                                                 f"{stem}/brieven/02-brief-2-..-x.docx"])
    manifest = json.loads(archive.read(f"{stem}/manifest.json"))
    assert manifest["report"]["sha256"] == hashlib.sha256(b"%PDF-fake").hexdigest()
    assert [(m["sha256"], m["intact"]) for m in manifest["letters"]] == [
        (hashlib.sha256(b"first").hexdigest(), True), (hashlib.sha256(b"second").hexdigest(), False)]
    assert archive.read(f"{stem}/brieven/01-brief-1-..-x.docx") == b"first"
    # the same pack gives the same ZIP (no clock time inside)
    assert evidence.pack_zip(the_pack, b"%PDF-fake") == evidence.pack_zip(the_pack, b"%PDF-fake")
