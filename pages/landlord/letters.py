
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.services import letters as service
from naarnul.services import notify as notify_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.session import read_secrets, require_role, show_error, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()

st.title("Brieven")
st.write("Maak een brief of formulier voor een dossier. U ziet eerst hoe de brief eruitziet. "
         "Elke brief die u maakt, bewaart het portaal bij het dossier.")

CASE_KEY = "letters_case"  # ui.case_links sets it to open a case's letter from elsewhere


def read_page() -> service.LettersPage:
    """The whole page in one read, for the case chosen in the previous run (or by a link)."""
    return service.letters_page(unit_of_work(), user, case_id=st.session_state.get(CASE_KEY), today=today)


view = read_page()
cases = view.cases

if not cases:
    st.info("U heeft nu geen open dossiers. Een dossier begint vanzelf als er huur openstaat.")
    st.stop()


def stored_bytes(document_id: int):
    """Deferred download: reads the exact stored bytes when the user clicks."""
    def read() -> bytes:
        return service.document_download(unit_of_work(), user, document_id=document_id).content
    return read


def pdf_bytes(document_id: int):
    def convert() -> bytes:
        return service.document_pdf(unit_of_work(), user, document_id=document_id).content
    return convert


DOCX = service.DOCX

labels = {c.id: c.label for c in cases}
if st.session_state.get(CASE_KEY) != view.case_id:
    st.session_state[CASE_KEY] = view.case_id  # the picker shows the case the page was read for
case_id = st.selectbox("Dossier", options=list(labels), format_func=lambda i: labels[i], key=CASE_KEY)
by_name = {spec.name: spec for spec in view.templates}  # a built letter: once its step is done
name = st.selectbox("Soort brief", options=list(by_name), format_func=lambda n: by_name[n].title,
                    key="letters_template")
spec = by_name[name]
if spec.description:
    st.caption(md(spec.description))

# --- the form, built from the template's spec ---------------------------------------------------------------------------
with st.form(f"letters_form_{name}"):
    values = {}
    for field in spec.extra_fields:
        key = f"letters_{name}_{field.name}"
        label = md(field.label) + ("" if field.required or field.type == "bool" else " (niet verplicht)")
        help_text = md(field.help) if field.help else None
        try:
            default = field.default_value(today)
        except ValueError:
            default = None
        if field.type == "date":
            values[field.name] = st.date_input(label, value=default, format="DD-MM-YYYY", help=help_text, key=key)
        elif field.type == "time":
            values[field.name] = st.time_input(label, value=default, step=300, help=help_text, key=key)
        elif field.type == "bool":
            values[field.name] = st.checkbox(label, value=bool(default), help=help_text, key=key)
        elif field.type == "list":
            shown = "\n".join(default) if isinstance(default, list) else ""
            values[field.name] = st.text_area(label, value=shown, help=help_text or "Eén punt per regel.", key=key)
        elif field.type == "choice":
            options = list(field.choices) if field.required else ["", *field.choices]
            index = options.index(default) if default in options else 0
            values[field.name] = st.selectbox(label, options=options, index=index, help=help_text, key=key)
        else:  # text, number, money: typed as text; the store reads Dutch commas too
            shown = "" if default is None else str(default)
            if field.type == "money":
                shown = shown.replace(".", ",")
            values[field.name] = st.text_input(label, value=shown, help=help_text, key=key,
                                               placeholder="1234,56" if field.type == "money" else None)
    col1, col2 = st.columns(2)
    preview_clicked = col1.form_submit_button("Voorbeeld bekijken")
    make_clicked = col2.form_submit_button("Brief maken", type="primary")

values = {k: v for k, v in values.items() if v is not None and v != ""}
state_key = f"letters_preview_{case_id}_{name}"
confirm_key = f"letters_confirm_{case_id}_{name}"

if preview_clicked:
    try:
        st.session_state[state_key] = service.preview_letter(unit_of_work(), user, case_id=case_id,
                                                             template_name=name, values=values, today=today)
    except NaarNulError as error:
        st.session_state.pop(state_key, None)
        show_error(error)

if make_clicked:
    try:
        st.session_state["letters_made"] = service.make_letter(
            unit_of_work(), user, case_id=case_id, template_name=name, values=values, today=today,
            confirm_wording=bool(st.session_state.get(confirm_key)))
        view = read_page()  # the new document is listed below
    except NaarNulError as error:
        show_error(error)
        if any("schrijfcheck" in p for p in getattr(error, "problems", [])):
            try:
                st.session_state[state_key] = service.preview_letter(unit_of_work(), user, case_id=case_id,
                                                                     template_name=name, values=values, today=today)
            except NaarNulError:
                pass

made = st.session_state.get("letters_made")
if made and made.case_id == case_id:
    st.success(f"{md(made.title)} is gemaakt en bewaard bij het dossier.")
    col1, col2 = st.columns(2)
    col1.download_button("Download als Word (.docx)", data=stored_bytes(made.id), file_name=made.filename,
                         mime=DOCX, on_click="ignore", type="primary", key="letters_download_new")
    if service.pdf_available():
        col2.download_button("Download als PDF", data=pdf_bytes(made.id),
                             file_name=made.filename.rsplit(".", 1)[0] + ".pdf", mime="application/pdf",
                             on_click="ignore", key="letters_download_pdf")

preview = st.session_state.get(state_key)
if preview:
    st.subheader("Voorbeeld")
    with st.container(border=True):
        st.text(preview.text)
    if preview.is_letter and preview.report is not None:
        st.subheader("Schrijfcheck")
        try:
            from ui.wording import render_wording_report
        except ImportError:
            render_wording_report = None
        if render_wording_report is not None:
            render_wording_report(preview.text, preview.report, key=f"letters_report_{name}")
        else:
            for finding in preview.report.findings:
                st.markdown(f"- {md(finding.message)}")
        if preview.errors:
            st.checkbox("Ik wil deze brief toch maken", key=confirm_key,
                        help="De schrijfcheck vond fouten. Als u de brief toch maakt, staat dat in het dossier.")

# --- stored documents of this case ----------------------------------------------------------------------------------------
st.header("Bewaarde documenten")
kept = view
if not kept.documents:
    st.caption("Voor dit dossier zijn nog geen documenten gemaakt.")
for item in kept.documents:
    col1, col2 = st.columns([3, 1])
    made_at = item.made_at.strftime("%d-%m-%Y %H:%M")
    note = " · gedeeld met de gemeente" if item.shared_with_municipality else ""
    note += " · toch gemaakt ondanks de schrijfcheck" if item.wording_override else ""
    col1.markdown(f"**{md(item.title)}** – {md(item.filename)}  \n{made_at}{note}")
    col2.download_button("Download", data=stored_bytes(item.id), file_name=item.filename, mime=DOCX,
                         on_click="ignore", key=f"letters_stored_{item.id}")

# --- by e-mail to the tenant (issue 12): queued here, sent by `naarnul notify` -------------------------------------------
if kept.documents:
    st.subheader("Per e-mail naar de huurder")
    mail_status = notify_service.mail_status(read_secrets())
    if not mail_status.enabled:
        st.caption(mail_status.line)
    else:
        mail_docs = {item.id: f"{item.title} – {item.filename}" for item in kept.documents}
        chosen = st.selectbox("Welk document?", options=list(mail_docs), format_func=lambda i: mail_docs[i],
                              key=f"letters_mail_doc_{case_id}")
        st.caption("De tekst van de brief staat in de e-mail; de brief zit erbij als Word-bestand"
                   + (" en als PDF" if service.pdf_available() else "") + ". Een herinnering geldt als verstuurd "
                   "op de dag dat de e-mail de deur uit gaat (meestal binnen enkele minuten).")
        if st.button("Verstuur per e-mail", key=f"letters_mail_send_{case_id}"):
            try:
                queued = notify_service.email_letter(unit_of_work(), user, document_id=chosen, today=today,
                                                     smtp=notify_service.smtp_settings(read_secrets()))
            except NaarNulError as error:
                show_error(error)
            else:
                st.success(f"De e-mail aan {md(', '.join(queued.recipients))} staat klaar en wordt zo verstuurd.")
                view = read_page()  # the queued e-mail is listed below
    for mail_line in view.mail:
        st.caption(md(mail_line.line))

if kept.has_signal:
    st.subheader("Melding als gegevens")
    st.caption("Dezelfde melding als CSV (voor Excel) of JSON, voor de systemen van de gemeente.")
    try:
        csv_file, json_file = service.notification_downloads(unit_of_work(), user, case_id=case_id, today=today)
    except NaarNulError as error:
        show_error(error)
    else:
        col1, col2 = st.columns(2)
        col1.download_button("Download CSV", data=lambda: csv_file.content, file_name=csv_file.filename,
                             mime=csv_file.mime, on_click="ignore", key="letters_csv")
        col2.download_button("Download JSON", data=lambda: json_file.content, file_name=json_file.filename,
                             mime=json_file.mime, on_click="ignore", key="letters_json")

# --- bulk reminders ----------------------------------------------------------------------------------------------------
st.header("Herinneringen voor alle dossiers zonder herinnering")
BULK_RESULT_KEY = "letters_bulk_result"  # (made, [(case label, Dutch problem)]): shown once, after the rerun
if bulk_result := st.session_state.pop(BULK_RESULT_KEY, None):
    made, problems = bulk_result
    st.success(f"{made} herinnering(en) gemaakt en bewaard.")
    if problems:
        st.warning("Bij deze dossiers lukte het niet:\n\n" + "\n".join(f"- {md(label)}: {md(text)}"
                                                                     for label, text in problems))
without = view.without_reminder
if not without:
    st.caption("Alle open dossiers hebben al een schriftelijke herinnering.")
else:
    st.write(f"{len(without)} open dossier(s) hebben nog geen schriftelijke herinnering. Het portaal maakt voor elk "
             "dossier de betalingsherinnering met de standaarddatums (betalen en weigeren binnen 14 dagen).")
    if st.button("Maak alle herinneringen", key="letters_bulk"):
        bar = st.progress(0.0, text="Bezig met de herinneringen …")

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=f"{done} van {total} herinneringen")

        try:
            result = service.make_reminders(unit_of_work(), user, case_ids=without, today=today, progress=progress)
        except NaarNulError as error:
            show_error(error)
        else:  # rerun: the count above and the letters of each case are read again, with the result on top
            st.session_state[BULK_RESULT_KEY] = (len(result.made), [(str(labels.get(cid, cid)), text)
                                                                    for cid, text in result.problems])
            st.rerun()
