"""Brief controleren: a landlord pastes or uploads a letter and sees, while typing, whether it is stress-sensitive.

Live check: Streamlit's text area only sends its text on blur or Ctrl+Enter, so a small inline component
(st.components.v2, plain JavaScript, no build step) listens to typing in that text area and, after a pause
(LIVE_DELAY_MS), sends the text the same way Ctrl+Enter does. The check then runs on the rerun; the text area is not
redrawn, so the cursor stays where it was. After "Vervang door …" the component puts the cursor right after the
replacement. Without JavaScript the page works as before (blur or Ctrl+Enter).
"""

import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.services.letters import delivery_days
from naarnul.text import markdown_escape
from naarnul.users import Role
from naarnul.wording import check
from naarnul.wording.summary import headline
from ui.display import UPLOAD_HELP
from ui.session import require_role, show_error, unit_of_work
from ui.wording import read_letter_file, render_wording_report

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


LETTER_LABEL = "Uw brief"
LIVE_DELAY_MS = 700
LIVE_JS = """
export default function (component) {
    const { data, parentElement } = component;
    const doc = parentElement.ownerDocument || document;
    const area = doc.querySelector('textarea[aria-label=' + JSON.stringify(data.label) + ']');
    if (!area) { return; }
    const caret = data.caret;
    if (caret && area.dataset.nnCaretToken !== String(caret[1])) {
        area.dataset.nnCaretToken = String(caret[1]);
        // wait until the text area shows the replaced text (the rerun may set its value after this runs)
        let frames = 0;
        const place = () => {
            frames += 1;
            if (area.value.length !== data.length && frames < 120) { requestAnimationFrame(place); return; }
            area.focus();
            area.setSelectionRange(caret[0], caret[0]);
        };
        requestAnimationFrame(place);
    }
    if (area.dataset.nnLive === "1") { return; }
    area.dataset.nnLive = "1";
    let timer = null;
    area.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            // what Ctrl+Enter does in a Streamlit text area: send the text now, keep the focus
            area.dispatchEvent(new KeyboardEvent("keydown", {
                key: "Enter", code: "Enter", keyCode: 13, which: 13, ctrlKey: true, bubbles: true, cancelable: true,
            }));
        }, data.delay);
    });
}
"""


@st.cache_resource
def live_check_component():
    """Registered once per server process (a second registration under the same name only logs a warning)."""
    return st.components.v2.component("naarnul_live_wording_check", js=LIVE_JS, isolate_styles=False)


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
                 on_change=load_upload,
                 help="De tekst komt in het tekstvak hieronder. Daar kunt u hem aanpassen. " + UPLOAD_HELP)
if UPLOAD_ERROR_KEY in st.session_state:
    show_error(st.session_state[UPLOAD_ERROR_KEY])

if TEXT_KEY not in st.session_state:
    st.session_state[TEXT_KEY] = ""
text = st.text_area(LETTER_LABEL, key=TEXT_KEY, height=320,
                    help="De controle loopt mee terwijl u typt. Typt u even niet, dan ziet u hieronder het resultaat.")
live_check_component()(data={"label": LETTER_LABEL, "delay": LIVE_DELAY_MS, "length": len(text),
                             "caret": st.session_state.get(f"{TEXT_KEY}_caret")},
                       key="check_letter_live")
report = check(text, kind=kind, delivery_days=delivery_days(unit_of_work()))
if not text.strip():
    st.info("Typ of plak hierboven een brief. Terwijl u typt, ziet u hier wat goed gaat en wat beter kan.")
else:
    # what matters most, in one line, before the verdict and the readability score
    st.markdown(f"**{markdown_escape(headline(report))}**")
    render_wording_report(text, report, key=f"{TEXT_KEY}_report", apply_to=TEXT_KEY)

if text.strip():
    col1, col2 = st.columns(2)
    col1.download_button("Download de verbeterde tekst (.txt)", data=text.encode("utf-8"),
                         file_name="brief-gecontroleerd.txt", mime="text/plain", icon=":material/download:",
                         on_click="ignore", width="stretch")
    col2.button("Tekst leegmaken", on_click=clear_text, icon=":material/delete:", width="stretch")
    st.caption("Uw brief wordt niet bewaard. Download de tekst als u hem wilt houden.")
