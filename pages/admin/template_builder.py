import streamlit as st

from naarnul import calendar
from naarnul.documents.field_inference import name_from_filename
from naarnul.errors import NaarNulError
from naarnul.services import template_builder as service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.session import require_role, show_error, unit_of_work
from ui.wording import render_wording_report

admin = require_role(Role.ADMIN)

st.title("Nieuw sjabloon maken")
st.write("Maak een nieuwe brief met alleen een Word-bestand. Zet in de brief velden tussen dubbele accolades, zoals "
         "{{ greeting }} of {{ bezoek_datum }}. Het portaal laat zien welke velden het al kent uit het dossier en "
         "stelt voor elk nieuw veld een vraag voor. U past de vragen aan in de tabel, bekijkt het voorbeeld en kiest "
         "wanneer verhuurders de brief krijgen aangeboden. U hoeft geen YAML te schrijven.")

upload = st.file_uploader("Word-bestand (.docx)", type=["docx"], key="builder_docx")
if upload is None:
    st.caption("De velden die u kunt gebruiken staan in docs/templates.md en op de pagina Sjablonen.")
    st.stop()

docx = upload.getvalue()
file_key = upload.file_id
analysis_key = f"builder_analysis_{file_key}"
if analysis_key not in st.session_state:
    try:
        st.session_state[analysis_key] = service.analyse_template(admin, docx=docx)
    except NaarNulError as error:
        st.error("Dit Word-bestand kan niet worden gebruikt:\n\n" + "\n".join(
            f"- {md(p)}" for p in (getattr(error, "problems", None) or [str(error)])))
        st.stop()
analysis = st.session_state[analysis_key]

# --- 1. the fields --------------------------------------------------------------------------------------------------
st.header("Velden in de brief")
col1, col2 = st.columns(2)
with col1:
    st.subheader("Bekend uit het dossier")
    if analysis.known:
        st.dataframe([{"Veld": name, "Betekenis": meaning} for name, meaning in analysis.known], hide_index=True,
                     key=f"builder_known_{file_key}")
    else:
        st.caption("De brief gebruikt geen velden uit het dossier.")
with col2:
    st.subheader("Nieuw")
    if analysis.new:
        st.markdown("\n".join(f"- `{name}`" for name in analysis.new))  # Jinja names: letters, digits, _
    else:
        st.caption(service.NO_NEW_FIELDS)
for suggestion in analysis.suggestions:
    st.warning(f"Bij `{suggestion.name}`: {md(suggestion.text)} Pas dan de naam in het Word-bestand aan en "
               "upload het opnieuw.")

# --- 2. the questions -----------------------------------------------------------------------------------------------
st.header("Gegevens van de brief")
name = st.text_input("Naam (kleine letters, cijfers en _)", value=name_from_filename(upload.name),
                     max_chars=60, key=f"builder_name_{file_key}")
title = st.text_input("Titel (zo ziet de verhuurder de brief)", max_chars=200, key=f"builder_title_{file_key}")
description = st.text_area("Korte uitleg voor de verhuurder (niet verplicht)", max_chars=500,
                           key=f"builder_description_{file_key}")

rows: list[dict] = []
if analysis.rows:
    st.subheader("Vragen voor de nieuwe velden")
    st.caption("Deze vragen ziet de verhuurder als hij de brief maakt. Pas de vraag, de soort en de uitleg gerust "
               "aan. Keuzes zet u achter elkaar met een ; ertussen.")
    edited = st.data_editor(
        [dict(row) for row in analysis.rows], key=f"builder_table_{file_key}", num_rows="fixed", hide_index=True,
        column_config={
            "name": st.column_config.TextColumn("Veld", disabled=True),
            "label": st.column_config.TextColumn("Vraag", required=True, max_chars=200),
            "type": st.column_config.SelectboxColumn("Soort", options=list(service.TYPE_LABELS.values()),
                                                     required=True),
            "required": st.column_config.CheckboxColumn("Verplicht"),
            "help": st.column_config.TextColumn("Uitleg", max_chars=500),
            "choices": st.column_config.TextColumn("Keuzes", max_chars=2000),
            "default": st.column_config.TextColumn("Standaard", max_chars=500),
        },
        column_order=service.TABLE_COLUMNS)
    rows = edited.to_dict("records") if hasattr(edited, "to_dict") else [dict(row) for row in edited]

spec_yaml = None
if not title.strip():
    st.caption("Vul een titel in. Daarna kunt u de beschrijving downloaden en het voorbeeld bekijken.")
else:
    try:
        spec_yaml = service.spec_yaml(admin, analysis=analysis, name=name, title=title, description=description,
                                      rows=rows)
    except NaarNulError as error:
        show_error(error)
if spec_yaml is not None:
    st.download_button("Download beschrijving (.yaml)", data=spec_yaml.encode("utf-8"), file_name=f"{name}.yaml",
                       mime="text/yaml", on_click="ignore", key=f"builder_yaml_{file_key}")

# --- 3. the preview -------------------------------------------------------------------------------------------------
st.header("Voorbeeld")
st.caption("Het portaal maakt de brief met een voorbeelddossier of met een echte zaak en controleert de tekst met de "
           "schrijfcheck.")
SAMPLE, REAL = "sample", "real"
source = st.radio("Maak het voorbeeld met", options=[SAMPLE, REAL], horizontal=True,
                  format_func=lambda key: {SAMPLE: "het voorbeelddossier", REAL: "een echte zaak"}[key],
                  key=f"builder_source_{file_key}")
case_id = None
if source == REAL:
    try:
        choices = service.preview_cases(unit_of_work(), admin)
    except NaarNulError as error:
        choices = ()
        show_error(error)
    if not choices:
        st.caption("Er zijn nog geen open zaken. Gebruik het voorbeelddossier.")
    else:
        labels = {choice.case_id: choice.label for choice in choices}
        case_id = st.selectbox("Zaak", options=list(labels), format_func=lambda key: labels[key],  # options are plain text
                               key=f"builder_case_{file_key}",
                               help="U ziet de bedragen, data en stappen van de zaak. Namen, adressen en andere "
                                    "persoonsgegevens komen uit het voorbeelddossier. Het portaal legt vast dat u "
                                    "deze zaak gebruikte.")
preview_key = f"builder_preview_{file_key}"
if st.button("Voorbeeld bekijken", key=f"builder_preview_button_{file_key}",
             disabled=spec_yaml is None or (source == REAL and case_id is None)):
    try:
        with st.spinner("Het voorbeeld wordt gemaakt …"):
            if source == REAL and case_id is not None:
                st.session_state[preview_key] = service.preview_template_with_case(
                    unit_of_work(), admin, docx=docx, name=name, title=title, description=description, rows=rows,
                    case_id=case_id, today=calendar.today())
            else:
                st.session_state[preview_key] = service.preview_template(
                    admin, docx=docx, name=name, title=title, description=description, rows=rows)
    except NaarNulError as error:
        st.session_state.pop(preview_key, None)
        show_error(error)

preview = st.session_state.get(preview_key)
confirmed = False
if preview is not None:
    if preview.note:
        st.info(md(preview.note))
    if preview.images:
        st.image(list(preview.images), caption=[f"Pagina {i}" for i in range(1, len(preview.images) + 1)],
                 width=420)
    else:
        st.caption("LibreOffice is hier niet geïnstalleerd; daarom ziet u de tekst van de brief.")
        with st.container(border=True):
            st.text(preview.text)
    st.subheader("Schrijfcheck")
    render_wording_report(preview.text, preview.report, key=f"builder_report_{file_key}")
    if preview.errors:
        confirmed = st.checkbox("Ik heb de fouten van de schrijfcheck gelezen en wil de brief toch gebruiken",
                                key=f"builder_confirm_{file_key}",
                                help="Het portaal bewaart wie dit bevestigde en wanneer, bij deze versie.")

# --- 4. where it is offered -----------------------------------------------------------------------------------------
st.header("Waar de brief wordt aangeboden")
step = st.selectbox("Bij welke stap van het dossier", options=list(service.STEPS),
                    format_func=lambda key: service.STEPS[key], key=f"builder_step_{file_key}")
role = st.selectbox("Voor wie", options=list(service.ROLES), format_func=lambda key: service.ROLES[key],
                    key=f"builder_role_{file_key}")
if st.button("Publiceren", type="primary", key=f"builder_publish_{file_key}", disabled=preview is None):
    try:
        published = service.publish_template(unit_of_work(), admin, docx=docx, name=name, title=title,
                                             description=description, rows=rows, step=step, role=role,
                                             confirm_wording=confirmed)
    except NaarNulError as error:
        show_error(error)
    else:
        st.success(f"'{md(published.title)}' is gepubliceerd (versie {published.version[:12]}). Verhuurders zien "
                   f"de brief op Brieven: {md(service.STEPS[published.step].lower())}.")
if preview is None:
    st.caption("Bekijk eerst het voorbeeld; daarna kunt u publiceren.")
