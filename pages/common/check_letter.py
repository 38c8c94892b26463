import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.users import Role
from ui.session import require_role, show_error
from ui.wording import read_letter_file, wording_editor

user = require_role(Role.LANDLORD, Role.LIAISON, Role.ADMIN)

TEXT_KEY = "check_letter_text"
UPLOAD_KEY = "check_letter_upload"
UPLOAD_ERROR_KEY = "check_letter_upload_error"
KINDS = {
    "letter": "Gewone brief",
    "first-reminder": "Eerste schriftelijke herinnering",
    "fourteen-day-letter": "Veertiendagenbrief",
}
KIND_HELP = {
    "letter": "Elke andere brief of mail over de huur.",
    "first-reminder": "De eerste brief over de achterstand. Daarin biedt u aan de gemeente te vragen om te helpen.",
    "fourteen-day-letter": "De brief die de huurder minstens 14 dagen geeft voordat er incassokosten bijkomen.",
}


def load_upload() -> None:
    """Callback: put an uploaded letter in the text area (before the text area is drawn)."""
    st.session_state.pop(UPLOAD_ERROR_KEY, None)
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    try:
        st.session_state[TEXT_KEY] = read_letter_file(uploaded.getvalue(), uploaded.name)
    except NaarNulError as error:
        st.session_state[UPLOAD_ERROR_KEY] = error


def clear_text() -> None:
    st.session_state[TEXT_KEY] = ""


st.title("Brief controleren")
st.markdown("Plak hier een brief over de huur, of upload een Word-bestand. U ziet meteen of de brief "
            "**stress-sensitief** is, en wat u kunt verbeteren.")
with st.expander("Waarom is dit belangrijk?", icon=":material/help:"):
    st.markdown(
        "Wie geldzorgen heeft, staat onder stress. Dan is lezen moeilijk, en denkt iemand minder goed na.\n\n"
        "- Een harde brief maakt mensen bang. Ze leggen de post weg en bellen niet.\n"
        "- Een brief met **een uitweg** helpt wel. Bijvoorbeeld: betalen in delen.\n"
        "- Zet er **een persoon om te bellen** in, met naam en telefoonnummer.\n"
        "- Noem **gratis hulp**, zoals de gemeente of geldfit.nl.\n"
        "- Schrijf in korte zinnen en gewone woorden.\n\n"
        "Zo nemen huurders eerder contact op. Dan is er sneller een oplossing, en krijgt u eerder uw huur."
    )

kind = st.radio("Wat voor brief is het?", list(KINDS), format_func=KINDS.get, key="check_letter_kind",
                captions=[KIND_HELP[k] for k in KINDS], horizontal=False)
st.file_uploader("Word-bestand uploaden (.docx) of tekstbestand (.txt)", type=["docx", "txt"], key=UPLOAD_KEY,
                 on_change=load_upload, help="De tekst komt in het tekstvak hieronder. Daar kunt u hem aanpassen.")
if UPLOAD_ERROR_KEY in st.session_state:
    show_error(st.session_state[UPLOAD_ERROR_KEY])

text, report = wording_editor("Uw brief", key=TEXT_KEY, kind=kind, height=320)

if text.strip():
    col1, col2 = st.columns(2)
    col1.download_button("Download de verbeterde tekst (.txt)", data=text.encode("utf-8"),
                         file_name="brief-gecontroleerd.txt", mime="text/plain", icon=":material/download:",
                         on_click="ignore", use_container_width=True)
    col2.button("Tekst leegmaken", on_click=clear_text, icon=":material/delete:", use_container_width=True)
    st.caption("Uw brief wordt niet bewaard. Download de tekst als u hem wilt houden.")
