"""The "Brief controleren" page and the wording component as a user meets them (AppTest)."""

from __future__ import annotations

import io
import re

import docx
import pytest

from naarnul.errors import ValidationError
from naarnul.services import admin as admin_service
from naarnul.users import Role
from store.unit_of_work import UnitOfWork
from tests.app.helpers import login, texts
from tests.conftest import ROOT, add_user
from tests.unit.test_damaged_zips import encrypted
from ui.wording import read_letter_file

LETTERS = ROOT / "tests" / "unit" / "letters"
PAGE = "pages/common/check_letter.py"
HARSH = (LETTERS / "harsh.txt").read_text(encoding="utf-8")
GOOD_14 = (LETTERS / "fourteen_day_good.txt").read_text(encoding="utf-8")
HOSTILE = ("Beste meneer <script>alert('x')</script> {{ naam }} & <b>vet</b> :red[rood] $x$,\n\n"
           "Wij vragen u vriendelijk om de <img src=x onerror=alert(1)> huur van deze maand en ook de huur "
           "van de vorige maand samen op tijd aan ons over te maken want anders komen er kosten bij.")


def open_page(role=Role.LANDLORD, username="piet", **extra):
    at = login(username)
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def letter_area(at):
    return next(t for t in at.text_area if t.label == "Uw brief")


def highlighted(at) -> str:
    return next(m.value for m in at.markdown if 'class="naarnul-wording"' in m.value)


def replace_buttons(at):
    return [b for b in at.button if b.label.startswith("Vervang door")]


@pytest.fixture
def landlord(app_env):
    add_user(app_env, Role.LANDLORD, "piet", name="Piet Jansen")
    return app_env


def test_harsh_letter_is_not_yet_stress_sensitive_and_names_the_findings(landlord):
    at = open_page()
    assert at.title[0].value == "Brief controleren"
    assert "Nog niet stress-sensitief" not in texts(at)  # nothing to judge yet
    letter_area(at).input(HARSH).run()
    assert not at.exception
    page = texts(at)
    assert "Nog niet stress-sensitief" in page
    assert "Leesbaarheid (Flesch-Douma): 57** – moeilijk" in page
    assert "klinkt als een verwijt" in page and "ambtelijke taal" in page and "geen telefoonnummer" in page
    assert any(s.value.startswith(":material/error: Fouten (") for s in at.subheader)
    marks = highlighted(at)
    assert marks.count("<mark") > 20 and 'data-rules="C5"' in marks
    assert len(replace_buttons(at)) > 10


def test_good_fourteen_day_letter_is_stress_sensitive(landlord):
    at = open_page()
    at.radio(key="check_letter_kind").set_value("fourteen-day-letter").run()
    letter_area(at).input(GOOD_14).run()
    page = texts(at)
    assert "Stress-sensitief" in page and "Nog niet stress-sensitief" not in page
    assert "Er staan geen fouten in deze brief" in page


def test_kind_turns_on_the_first_reminder_rules(landlord):
    at = open_page()
    letter_area(at).input(GOOD_14).run()
    assert "Nog niet stress-sensitief" not in texts(at)
    at.radio(key="check_letter_kind").set_value("first-reminder").run()
    assert "Nog niet stress-sensitief" in texts(at)


def test_applying_a_suggestion_changes_the_text_and_removes_that_finding(landlord):
    at = open_page()
    letter_area(at).input(HARSH).run()
    assert "derhalve" in letter_area(at).value
    next(b for b in replace_buttons(at) if b.label == "Vervang door „daarom”").click().run()
    assert not at.exception
    text = letter_area(at).value
    assert "Wij sommeren u daarom om dit bedrag" in text and "derhalve" not in text
    assert "„derhalve” is ambtelijke taal" not in texts(at)
    assert "Vervang door „daarom”" not in [b.label for b in replace_buttons(at)]
    # the next suggestion still applies to the changed text (offsets follow the new text)
    next(b for b in replace_buttons(at) if b.label == "Vervang door „maar”").click().run()
    assert "per omgaande, maar uiterlijk" in letter_area(at).value


def test_hostile_text_is_shown_literally(landlord):
    at = open_page()
    letter_area(at).input(HOSTILE).run()
    assert not at.exception
    marks = highlighted(at)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in marks
    assert "&lt;img src=x onerror=alert(1)&gt;" in marks and "&lt;b&gt;vet&lt;/b&gt;" in marks
    assert "{{ naam }} &amp; " in marks
    raw_tag = re.compile(r"(?<!\\)<(script|img|b>)")  # a tag that Markdown or HTML would act on
    for element in at.markdown:
        assert not raw_tag.search(element.value), element.value
    # the long sentence is quoted in its finding with Markdown escaped
    assert any("\\<img src=x onerror=alert\\(1\\)\\>" in m.value for m in at.markdown)


def test_clear_button_empties_the_letter(landlord):
    at = open_page()
    letter_area(at).input(HARSH).run()
    next(b for b in at.button if b.label == "Tekst leegmaken").click().run()
    assert letter_area(at).value == ""
    assert "Nog niet stress-sensitief" not in texts(at)


@pytest.mark.parametrize("role, username, municipality", [(Role.LIAISON, "ams", "GM0363"),
                                                           (Role.ADMIN, "beheer", None)])
def test_liaison_and_admin_can_check_a_letter(app_env, role, username, municipality):
    add_user(app_env, role, username, municipality=municipality)
    at = login(username)
    at.switch_page(PAGE).run()
    assert not at.exception and at.title[0].value == "Brief controleren"
    letter_area(at).input(HARSH).run()
    assert "Nog niet stress-sensitief" in texts(at)


def test_an_uploaded_docx_or_txt_is_read_as_text():
    document = docx.Document()
    document.add_paragraph("Beste meneer Jansen,")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Huur november"
    table.rows[0].cells[1].text = "€ 850,00"
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_letter_file(buffer.getvalue(), "brief.docx")
    assert "Beste meneer Jansen," in text and "Huur november\t€ 850,00" in text
    assert read_letter_file("Beste Anna, € 10".encode("cp1252"), "brief.txt") == "Beste Anna, € 10"
    assert read_letter_file("\ufeffBeste Anna".encode("utf-8"), "brief.txt") == "Beste Anna"
    with pytest.raises(ValidationError):
        read_letter_file(b"PK\x03\x04 broken", "brief.docx")
    with pytest.raises(ValidationError, match="geen geldig Word-document"):  # a password-protected document
        read_letter_file(encrypted(buffer.getvalue(), "word/document.xml"), "brief.docx")
    with pytest.raises(ValidationError):
        read_letter_file(b"\x00\x01\x02", "brief.txt")


def test_the_report_starts_with_what_matters_most_before_the_readability(landlord):
    at = open_page()
    no_way_out = (LETTERS / "friendly_but_no_way_out.txt").read_text(encoding="utf-8")
    letter_area(at).input(no_way_out).run()
    assert not at.exception
    page = texts(at).replace("\\", "")  # the headline is Markdown-escaped
    assert "Er staat geen uitweg in uw brief." in page
    assert page.index("Er staat geen uitweg in uw brief.") < page.index("Leesbaarheid (Flesch-Douma)")


def test_the_suggested_deadline_counts_the_admins_delivery_days(landlord):
    """A text on this page belongs to no case; the 14-day deadline it suggests still counts the admin's setting."""
    admin = add_user(landlord, Role.ADMIN, "beheer")
    text = "Utrecht, 3 december 2026\n\nBeste meneer Jansen,\n\nBetaal binnen 14 dagen na dagtekening."
    at = open_page()
    at.radio(key="check_letter_kind").set_value("fourteen-day-letter").run()
    letter_area(at).input(text).run()
    assert "Vervang door „vóór 22 december 2026”" in [b.label for b in replace_buttons(at)]  # default: 2 days

    admin_service.update_settings(UnitOfWork(landlord), admin, group="post", values={"letter_delivery_days": "5"})
    letter_area(at).input(text + " ").run()
    labels = [b.label for b in replace_buttons(at)]
    assert "Vervang door „vóór 25 december 2026”" in labels and "Vervang door „vóór 22 december 2026”" not in labels
    next(b for b in replace_buttons(at) if b.label == "Vervang door „vóór 25 december 2026”").click().run()
    assert "Betaal vóór 25 december 2026" in letter_area(at).value
