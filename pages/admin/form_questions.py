import pandas as pd
import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.form_questions import MAX_CHOICES, MAX_HELP, MAX_LABEL, MAX_QUESTIONS, TYPE_BY_LABEL
from naarnul.services import form_questions as service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.session import require_role, show_flash, unit_of_work

admin = require_role(Role.ADMIN)
FLASH_KEY = "form_questions_flash"
COLUMNS = ["key", "label", "type", "required", "help", "choices"]

st.title("Extra vragen op formulieren")
st.write("Wil de gemeente of de pilot iets extra weten? Zet hier een vraag bij een formulier van de verhuurder. De "
         "verhuurder beantwoordt die vraag als hij het formulier invult. Het antwoord wordt bij de zaak bewaard en "
         "elk sjabloon kan het gebruiken als `{{ extra.sleutel }}`. De melding aan de gemeente laat alle antwoorden "
         "zien onder 'Aanvullende gegevens'.")
show_flash(FLASH_KEY)

form = st.selectbox("Formulier", list(service.FORMS), format_func=lambda f: service.FORMS[f],
                    key="form_questions_form")
questions = service.list_form_questions(unit_of_work(), admin, form=form)
st.caption(f"Hoogstens {MAX_QUESTIONS} vragen per formulier. Sleutel: kleine letters, cijfers en _ (bijvoorbeeld "
           f"contact_tijd), niet de naam van een veld uit de zaak. Bij een keuzevraag: de keuzes gescheiden door een "
           f"puntkomma, hoogstens {MAX_CHOICES}. Een rij weghalen: selecteer de rij en kies het prullenbakje.")

table = pd.DataFrame([{"key": q.key, "label": q.label, "type": service.TYPES[q.type], "required": q.required,
                       "help": q.help, "choices": "; ".join(q.choices)} for q in questions], columns=COLUMNS)
table["required"] = table["required"].astype(bool)
version = st.session_state.get(f"form_questions_version_{form}", 0)
edited = st.data_editor(
    table, num_rows="dynamic", hide_index=True, width="stretch", key=f"form_questions_editor_{form}_{version}",
    column_config={
        "key": st.column_config.TextColumn("Sleutel", max_chars=60),
        "label": st.column_config.TextColumn("Vraag", max_chars=MAX_LABEL),
        "type": st.column_config.SelectboxColumn("Soort", options=list(TYPE_BY_LABEL), required=True,
                                                 default="tekst"),
        "required": st.column_config.CheckboxColumn("Verplicht", default=False),
        "help": st.column_config.TextColumn("Uitleg", max_chars=MAX_HELP),
        "choices": st.column_config.TextColumn("Keuzes (met ;)", max_chars=MAX_CHOICES * 101),
    })

if st.button("Vragen opslaan", type="primary", key="form_questions_save"):
    try:
        saved = service.save_form_questions(unit_of_work(), admin, form=form,
                                            rows=edited.to_dict(orient="records"))
    except NaarNulError as error:
        st.error("De vragen zijn niet opgeslagen. Dit moet nog worden aangepast:\n\n" + "\n".join(
            f"- {md(problem)}" for problem in (getattr(error, "problems", None) or [str(error)])))
    else:
        st.session_state[f"form_questions_version_{form}"] = version + 1
        st.session_state[FLASH_KEY] = (f"De vragen van '{service.FORMS[form]}' zijn opgeslagen ({len(saved)} "
                                       "vraag/vragen).")
        st.rerun()

if questions:
    st.subheader("Zo ziet de verhuurder de vragen")
    for question in questions:
        line = f"- **{md(question.label)}** ({service.TYPES[question.type]}"
        line += ", verplicht)" if question.required else ")"
        line += f" · in een sjabloon: `{{{{ extra.{question.key} }}}}`"
        st.markdown(line)
        if question.help:
            st.caption(md(question.help))
