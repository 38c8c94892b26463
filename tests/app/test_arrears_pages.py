"""The arrears pages as a landlord uses them: register a tenancy, record and import payments, follow the steps.

Pages use the real date, so data is seeded relative to today."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from naarnul import calendar
from naarnul.services import case_steps
from naarnul.services import tenancies as tenancy_service
from naarnul.users import Role
from store import cases as case_store
from store import users as user_store
from store.engine import session_for
from store.models import Payment, Tenancy
from tests.app.helpers import login, texts
from tests.conftest import ROOT, add_user

TODAY = calendar.today()
EXAMPLE = ROOT / "examples" / "bank" / "ing_voorbeeld.csv"


def _months_ago(months: int) -> dt.date:
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _seed(url, landlord, *, start=None, name="Jan de Vries", street="Kerkstraat", number="12"):
    with session_for(url) as session:
        tenancy = tenancy_service.create_tenancy(
            session, landlord, today=TODAY, street=street, house_number=number, postcode="3511 AB", place="Utrecht",
            municipality_code="GM0344", tenants=[{"name": name, "salutation": "meneer"}], monthly_rent="850",
            due_day=1, start_date=start or _months_ago(3), payer_ibans="NL69INGB0123456789")
        return tenancy.id


def _form_inputs(at, labels):
    return {t.label: t for t in at.text_input if t.label in labels}


def test_empty_home_explains_what_to_do_first(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    assert not at.exception
    text = texts(at)
    assert "nog geen huurders" in text
    assert "Lees de betalingen van uw bank in" in text
    assert "Vul eerst uw gegevens aan" in text  # the profile warning stays


def test_register_a_tenancy_shows_all_problems_then_saves(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    assert not at.exception
    assert "29e, 30e en 31e kunnen niet" in texts(at)
    inputs = {t.label: t for t in at.text_input}
    inputs["Straat"].input("Kerkstraat")
    inputs["Huisnummer"].input("12")
    inputs["Postcode"].input("12345")
    inputs["Plaats"].input("Utrecht")
    inputs["Huur per maand (€)"].input("-5")
    at.text_input(key="new_tenancy_name_0").input("Jan <b>& de Vries</b>")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    text = texts(at)
    assert "geen Nederlandse postcode" in text
    assert "De huur per maand kan niet negatief zijn" in text
    assert "Kies de gemeente" in text
    with session_for(app_env) as session:
        assert session.exec(select(Tenancy)).first() is None

    inputs = {t.label: t for t in at.text_input}
    inputs["Postcode"].input("3511ab")
    inputs["Huur per maand (€)"].input("850,00")
    next(s for s in at.selectbox if s.label == "Gemeente").set_value("GM0518")  # 's-Gravenhage (Den Haag)
    next(d for d in at.date_input if d.label == "Begindatum").set_value(_months_ago(2))
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    assert "De huurder is opgeslagen" in texts(at)
    with session_for(app_env) as session:
        tenancy = session.exec(select(Tenancy)).one()
        assert tenancy.postcode == "3511 AB" and tenancy.municipality_code == "GM0518"
        assert tenancy.monthly_rent_cents == 85000
        assert tenancy.arrears_cents > 0  # computed at once: nothing was paid


def test_den_haag_is_findable_in_the_municipality_list(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    box = next(s for s in at.selectbox if s.label == "Gemeente")
    assert "'s-Gravenhage (Den Haag)" in box.options  # the label carries the alias the selectbox searches


def test_one_payment_in_the_future_is_refused_then_a_partial_payment_is_saved(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    assert not at.exception
    next(t for t in at.text_input if t.label == "Bedrag (€)").input("0")
    next(b for b in at.button if b.label == "Betaling opslaan").click().run()
    assert "Het bedrag moet groter zijn dan € 0,00" in texts(at)
    next(t for t in at.text_input if t.label == "Bedrag (€)").input("400,00")
    next(b for b in at.button if b.label == "Betaling opslaan").click().run()
    assert "De betaling is opgeslagen" in texts(at)
    with session_for(app_env) as session:
        assert [p.amount_cents for p in session.exec(select(Payment))] == [40000]


def test_bank_import_preview_then_confirm_and_reimport_skips_duplicates(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    at.session_state["bank_file"] = {"name": "ing_voorbeeld.csv", "data": EXAMPLE.read_bytes()}
    at.run()
    assert not at.exception
    assert "Welke kolom is wat?" in texts(at)
    next(b for b in at.button if b.label == "2. Voorbeeld tonen").click().run()
    assert not at.exception
    save = next(b for b in at.button if b.label.startswith("Opslaan ("))
    assert save.label == "Opslaan (1 betaling(en))"  # only J DE VRIES matches (by IBAN); the rest is skipped
    save.click().run()
    assert "1 betaling(en) opgeslagen" in texts(at)
    with session_for(app_env) as session:
        assert [p.amount_cents for p in session.exec(select(Payment))] == [85000]

    at.session_state["bank_file"] = {"name": "ing_voorbeeld.csv", "data": EXAMPLE.read_bytes()}
    at.run()
    next(b for b in at.button if b.label == "2. Voorbeeld tonen").click().run()
    assert "staan al in Naar Nul of staan dubbel" in texts(at)
    save = next(b for b in at.button if b.label.startswith("Opslaan ("))
    assert save.label == "Opslaan (0 betaling(en))" and save.disabled


def test_case_page_records_steps_and_blocks_the_signal_with_reasons(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    assert "Schriftelijke herinnering sturen" in texts(at)  # the next step on Vandaag
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception
    assert at.title[0].value == "Dossier"
    text = texts(at)
    assert "U kunt nog niet melden" in text and "Stuur eerst een schriftelijke herinnering" in text
    assert next(b for b in at.button if b.label == "Melding versturen").disabled

    next(b for b in at.button if b.label == "Schriftelijke herinnering vastleggen").click().run()
    assert not at.exception
    assert "De schriftelijke herinnering is vastgelegd" in texts(at)
    next(b for b in at.button if b.label == "Contactpoging vastleggen").click().run()
    text = texts(at)
    assert "De contactpoging is vastgelegd" in text
    assert "U kunt melden vanaf" in text  # only the waiting period is left
    timeline = at.dataframe[-1].value.to_string()
    assert "Contactpoging op" in timeline and "Schriftelijke herinnering" in timeline

    next(t for t in at.text_input if t.label == "Waarom sluit u de zaak?").input("")
    next(b for b in at.button if b.label == "Zaak sluiten").click().run()
    assert "Schrijf kort waarom" in texts(at)


def test_signal_can_be_sent_when_every_step_is_done(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    # "verstuurd" only when the municipality receives it in the portal: Utrecht has a liaison here (issue 11;
    # without one the signal is "klaargezet", see tests/e2e/test_municipality_without_account_browser.py)
    add_user(app_env, Role.LIAISON, "utr", municipality="GM0344")
    tenancy_id = _seed(app_env, landlord, start=_months_ago(4))
    with session_for(app_env) as session:
        user_store.update_profile(session, landlord, name="Piet Verhuur", street="Dorpsstraat", house_number="1",
                                  postcode="1234 AB", place="Ons Dorp", phone="06 12345678",
                                  email="piet@example.nl", iban="NL91 ABNA 0417 1643 00")
        case_id = case_store.case_for_tenancy(session, landlord, tenancy_id)
        case_steps.record_written_reminder(session, landlord, case_id, on=TODAY - dt.timedelta(days=40),
                                           today=TODAY, reason="per post verstuurd")
        case_steps.confirm_contact_failed(session, landlord, case_id, on=TODAY - dt.timedelta(days=5), today=TODAY)
    at = login("piet")
    at.switch_page("pages/landlord/case.py").run()
    assert not at.exception
    send = next(b for b in at.button if b.label == "Melding versturen")
    assert send.disabled  # first confirm
    next(c for c in at.checkbox if c.label.startswith("Ik heb de gegevens gecontroleerd")).check().run()
    next(b for b in at.button if b.label == "Melding versturen").click().run()
    assert not at.exception
    assert "De melding is verstuurd (kenmerk NN-" in texts(at)


def test_edit_and_end_a_tenancy(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    tenancy_id = _seed(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    assert not at.exception
    assert "Kerkstraat 12, Utrecht" in at.dataframe[0].value.to_string()
    edit_rent = [t for t in at.text_input if t.label == "Huur per maand (€)"][1]  # [0] is the new-tenancy form
    assert edit_rent.value == "850,00"
    edit_rent.input("900,00")
    [b for b in at.button if b.label == "Opslaan"][1].click().run()
    assert not at.exception
    assert "De wijzigingen zijn opgeslagen" in texts(at)
    end = next(d for d in at.date_input if d.label == "Laatste dag van de huur")
    end.set_value(_months_ago(4))  # before the start: refused
    next(b for b in at.button if b.label == "Huur beëindigen").click().run()
    assert "ligt vóór de begindatum" in texts(at)
    next(d for d in at.date_input if d.label == "Laatste dag van de huur").set_value(TODAY)
    next(b for b in at.button if b.label == "Huur beëindigen").click().run()
    assert "De huur eindigt op" in texts(at)
    with session_for(app_env) as session:
        tenancy = session.get(Tenancy, tenancy_id)
        assert (tenancy.monthly_rent_cents, tenancy.end_date) == (90000, TODAY)


def test_a_payment_is_deleted_only_after_confirming(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    tenancy_id = _seed(app_env, landlord)
    with session_for(app_env) as session:
        tenancy_service.add_payment(session, landlord, tenancy_id, paid_on=TODAY, amount="100", today=TODAY)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    next(b for b in at.button if b.label == "Verwijderen").click().run()
    assert "Zet eerst het vinkje" in texts(at)
    next(c for c in at.checkbox if c.label == "Ja, verwijder deze betaling").check()
    next(b for b in at.button if b.label == "Verwijderen").click().run()
    assert not at.exception
    with session_for(app_env) as session:
        assert session.exec(select(Payment)).first() is None


# --- issue 10: widgets follow their subject, forms clear, one save per click ------------------------------------------

RABOBANK = ROOT / "examples" / "bank" / "rabobank_voorbeeld.xlsx"


def test_a_second_bank_file_gets_its_own_column_mapping(app_env, monkeypatch):
    monkeypatch.setenv(calendar.PIN_VARIABLE, "2026-12-01")  # after every payment in the example files
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    with session_for(app_env) as session:
        tenancy_service.create_tenancy(
            session, landlord, today=dt.date(2026, 12, 1), street="Kerkstraat", house_number="12",
            postcode="3511 AB", place="Utrecht", municipality_code="GM0344",
            tenants=[{"name": "Jan de Vries", "salutation": "meneer"}], monthly_rent="850", due_day=1,
            start_date=dt.date(2026, 10, 1), payer_ibans="NL69INGB0123456789")
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    at.session_state["bank_file"] = {"name": "rabobank_voorbeeld.xlsx", "data": RABOBANK.read_bytes()}
    at.run()
    assert next(s for s in at.selectbox if s.label == "Af/bij").value == "(geen)"  # Rabobank signs its amounts
    next(b for b in at.button if b.label == "2. Voorbeeld tonen").click().run()
    assert not at.exception
    next(b for b in at.button if b.label.startswith("Opslaan (")).click().run()
    assert "1 betaling(en) opgeslagen" in texts(at)

    at.session_state["bank_file"] = {"name": "ing_voorbeeld.csv", "data": EXAMPLE.read_bytes()}
    at.run()
    assert not at.exception
    assert next(s for s in at.selectbox if s.label == "Af/bij").value == "Af Bij"
    assert next(s for s in at.selectbox if s.label == "Omschrijving").value == "Mededelingen"
    next(b for b in at.button if b.label == "2. Voorbeeld tonen").click().run()
    assert not at.exception
    shown = "\n".join(frame.value.to_string() for frame in at.dataframe)
    assert "850,00" in shown and "112,40" not in shown  # the energy bill ("Af") is no payment
    save = next(b for b in at.button if b.label.startswith("Opslaan ("))
    assert save.label == "Opslaan (1 betaling(en))"  # only 1 November; nothing from the first file again
    save.click().run()
    with session_for(app_env) as session:
        assert sorted((p.paid_on, p.amount_cents) for p in session.exec(select(Payment))) == \
            [(dt.date(2026, 10, 1), 85000), (dt.date(2026, 11, 1), 85000)]


def test_the_payments_list_follows_the_chosen_tenancy_at_once(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    first = _seed(app_env, landlord)
    second = _seed(app_env, landlord, name="Fatima el Amrani", street="Laan", number="7")
    with session_for(app_env) as session:
        tenancy_service.add_payment(session, landlord, first, paid_on=TODAY, amount="111", today=TODAY)
        tenancy_service.add_payment(session, landlord, second, paid_on=TODAY, amount="222", today=TODAY)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    box = next(s for s in at.selectbox if s.label == "Huurovereenkomst")
    amounts = {first: ("111,00", 11100), second: ("222,00", 22200)}
    shown, other = box.value, (second if box.value == first else first)
    assert amounts[shown][0] in at.dataframe[0].value.to_string()
    box.set_value(other).run()  # no submit: the list and the delete choice follow at once
    assert not at.exception
    listed = at.dataframe[0].value.to_string()
    assert amounts[other][0] in listed and amounts[shown][0] not in listed
    delete_box = next(s for s in at.selectbox if s.label.startswith("Betaling verwijderen"))
    assert amounts[other][0] in delete_box.options[0]
    next(c for c in at.checkbox if c.label == "Ja, verwijder deze betaling").check()
    next(b for b in at.button if b.label == "Verwijderen").click().run()
    with session_for(app_env) as session:
        assert [(p.tenancy_id, p.amount_cents) for p in session.exec(select(Payment))] == \
            [(shown, amounts[shown][1])]


def test_saving_a_payment_clears_the_form_and_a_double_click_saves_once(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/payments.py").run()
    next(t for t in at.text_input if t.label == "Bedrag (€)").input("400,00")
    token = {k: at.session_state[k] for k in at.session_state if str(k).startswith("submission_")}
    next(b for b in at.button if b.label == "Betaling opslaan").click().run()
    assert "De betaling is opgeslagen" in texts(at)
    assert next(t for t in at.text_input if t.label == "Bedrag (€)").value == ""  # the form is cleared
    # the second click of a double click: the same submission (same token) arrives once more
    for key, value in token.items():
        at.session_state[key] = value
    next(t for t in at.text_input if t.label == "Bedrag (€)").input("400,00")
    next(b for b in at.button if b.label == "Betaling opslaan").click().run()
    with session_for(app_env) as session:
        assert [p.amount_cents for p in session.exec(select(Payment))] == [40000]


def test_saving_a_tenancy_twice_makes_one_and_clears_the_form(app_env):
    add_user(app_env, Role.LANDLORD, "piet")
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()

    def fill():
        inputs = {}
        for t in at.text_input:
            inputs.setdefault(t.label, t)  # the first of each: the new-tenancy form
        inputs["Straat"].input("Kerkstraat")
        inputs["Huisnummer"].input("12")
        inputs["Postcode"].input("3511 AB")
        inputs["Plaats"].input("Utrecht")
        inputs["Huur per maand (€)"].input("850,00")
        next(t for t in at.text_input if t.key and t.key.endswith("_name_0")).input("Jan de Vries")
        next(s for s in at.selectbox if s.label == "Gemeente").set_value("GM0344")
        next(d for d in at.date_input if d.label == "Begindatum").set_value(_months_ago(2))

    fill()
    opslaan = next(b for b in at.button if b.label == "Opslaan")
    token = {k: at.session_state[k] for k in at.session_state if str(k).startswith("submission_")}
    opslaan.click().run()
    assert "De huurder is opgeslagen (kenmerk NN-0001)" in texts(at)
    assert [t for t in at.text_input if t.label == "Straat"][0].value == ""  # the new-tenancy form is cleared
    # the same submission arriving again (the second click of a double click) finds the saved tenancy
    for key, value in token.items():
        at.session_state[key] = value
    fill()
    next(b for b in at.button if b.label == "Opslaan").click().run()
    with session_for(app_env) as session:
        assert len(session.exec(select(Tenancy)).all()) == 1


def test_a_rent_change_asks_its_date_and_keeps_the_arrears(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    tenancy_id = _seed(app_env, landlord, start=_months_ago(3))
    with session_for(app_env) as session:
        before = session.get(Tenancy, tenancy_id).arrears_cents
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    edit_rent = [t for t in at.text_input if t.label == "Huur per maand (€)"][1]
    edit_rent.input("900,00")
    rent_from = next(d for d in at.date_input if d.label == "Ingangsdatum van de nieuwe huur")
    assert rent_from.value == (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    [b for b in at.button if b.label == "Opslaan"][1].click().run()
    assert "De wijzigingen zijn opgeslagen" in texts(at)
    with session_for(app_env) as session:
        assert session.get(Tenancy, tenancy_id).arrears_cents == before  # earlier months keep € 850


def test_a_mistaken_tenancy_is_removed_after_confirming(app_env):
    landlord = add_user(app_env, Role.LANDLORD, "piet")
    _seed(app_env, landlord)
    at = login("piet")
    at.switch_page("pages/landlord/tenancies.py").run()
    remove = next(b for b in at.button if b.label == "Huurovereenkomst verwijderen")
    remove.click().run()
    assert "Zet eerst het vinkje" in texts(at)
    next(c for c in at.checkbox if c.label.startswith("Ja, verwijder")).check()
    next(b for b in at.button if b.label == "Huurovereenkomst verwijderen").click().run()
    assert not at.exception
    assert "is verwijderd" in texts(at)
    with session_for(app_env) as session:
        assert session.exec(select(Tenancy)).first() is None
