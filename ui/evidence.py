"""The evidence pack and the summons window on the Dossier page (issue 11): one call from pages/landlord/case.py.

The pack is made only when the landlord clicks a download (the button's data is a callable, ui/downloads.py): it
takes a few seconds (LibreOffice makes the PDF) and writes one line on the case timeline, so a render never makes
or writes it.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from naarnul.services import evidence as evidence_service
from naarnul.users import ActingUser
from ui.session import unit_of_work


def evidence_section(user: ActingUser, case_id: int, today: dt.date, summons: str | None = None) -> None:
    """`summons`: the summons window sentence when the page read it already (naarnul.services.case_page)."""
    st.subheader("Bewijsdossier voor de rechter")
    if summons is None:
        summons = evidence_service.summons_info(unit_of_work(), user, case_id=case_id, today=today)
    if summons:
        st.info(summons)
    st.caption("Alles wat een rechter wil zien in één download: de tijdlijn, elke brief met datum en controlegetal "
               "(SHA-256), de melding en wat de gemeente terugkoppelde, contactpogingen, bezwaar, regelingen en "
               "maatwerk. De ZIP bevat ook de originele Word-bestanden. Het maken duurt een paar seconden.")

    def pack_zip() -> bytes:
        return evidence_service.make_evidence_pack(unit_of_work(), user, case_id=case_id, today=today).zip_data

    def pack_pdf() -> bytes:
        return evidence_service.make_evidence_pack(unit_of_work(), user, case_id=case_id, today=today).report_data

    c1, c2 = st.columns(2)
    c1.download_button("Bewijsdossier downloaden (ZIP)", data=pack_zip, file_name=f"bewijsdossier-{case_id}.zip",
                       mime=evidence_service.ZIP_MIME, on_click="ignore", key=f"evidence_zip_{case_id}")
    if evidence_service.pdf_available():
        c2.download_button("Alleen het overzicht (PDF)", data=pack_pdf, file_name=f"bewijsdossier-{case_id}.pdf",
                           mime=evidence_service.PDF_MIME, on_click="ignore", key=f"evidence_pdf_{case_id}")
    else:
        c2.caption(evidence_service.NO_PDF)
