"""Which pages each role sees. Page files live in subfolders of pages/ so Streamlit never serves them on its
own; every page also checks the role itself."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from naarnul.users import Role

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "pages"

# (file under pages/, title, icon, url path); the first page of a role is its home page
PAGES_BY_ROLE: dict[Role, dict[str, list[tuple[str, str, str, str]]]] = {
    Role.LANDLORD: {
        "Huurachterstand": [
            ("landlord/home.py", "Vandaag", ":material/today:", "vandaag"),
            ("landlord/tenancies.py", "Huurders", ":material/home_work:", "huurders"),
            ("landlord/payments.py", "Betalingen", ":material/payments:", "betalingen"),
            ("landlord/case.py", "Dossier", ":material/folder_open:", "dossier"),
            ("landlord/arrangement.py", "Betalingsregeling", ":material/handshake:", "betalingsregeling"),
            ("landlord/letters.py", "Brieven", ":material/mail:", "brieven"),
            ("common/check_letter.py", "Brief controleren", ":material/spellcheck:", "brief-controleren"),
        ],
        "Account": [
            ("landlord/profile.py", "Mijn gegevens", ":material/badge:", "mijn-gegevens"),
            ("common/password.py", "Wachtwoord wijzigen", ":material/key:", "wachtwoord"),
        ],
    },
    Role.LIAISON: {
        "Gemeente": [
            ("liaison/inbox.py", "Meldingen", ":material/inbox:", "meldingen"),
            ("liaison/signal.py", "Melding", ":material/description:", "melding"),
            ("common/check_letter.py", "Brief controleren", ":material/spellcheck:", "brief-controleren"),
        ],
        "Account": [
            ("common/password.py", "Wachtwoord wijzigen", ":material/key:", "wachtwoord"),
        ],
    },
    Role.ADMIN: {
        "Beheer": [
            ("admin/users.py", "Gebruikers", ":material/group:", "gebruikers"),
            ("admin/municipalities.py", "Gemeenten", ":material/location_city:", "gemeenten"),
            ("admin/settings.py", "Instellingen", ":material/tune:", "instellingen"),
            ("admin/norms.py", "Beslagvrije voet", ":material/shield:", "beslagvrije-voet"),
            ("admin/retention.py", "Bewaartermijn", ":material/auto_delete:", "bewaartermijn"),
            ("admin/statistics.py", "Statistiek", ":material/bar_chart:", "statistiek"),
            ("admin/templates.py", "Sjablonen", ":material/description:", "sjablonen"),
            ("admin/form_questions.py", "Extra vragen", ":material/dynamic_form:", "extra-vragen"),
            ("admin/template_builder.py", "Nieuw sjabloon maken", ":material/note_add:", "nieuw-sjabloon"),
            ("common/check_letter.py", "Brief controleren", ":material/spellcheck:", "brief-controleren"),
        ],
        "Account": [
            ("common/password.py", "Wachtwoord wijzigen", ":material/key:", "wachtwoord"),
        ],
    },
}


def pages_for(role: Role) -> dict[str, list[st.Page]]:
    sections = {}
    first = True
    for section, entries in PAGES_BY_ROLE[role].items():
        sections[section] = []
        for path, title, icon, url_path in entries:
            sections[section].append(st.Page(str(PAGES / path), title=title, icon=icon, url_path=url_path,
                                              default=first))
            first = False
    return sections


def all_url_paths() -> set[str]:
    return {entry[3] for sections in PAGES_BY_ROLE.values() for entries in sections.values() for entry in entries}
