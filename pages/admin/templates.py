import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.services import templates as service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.display import UPLOAD_HELP
from ui.session import require_role, show_error, unit_of_work

admin = require_role(Role.ADMIN)
FLASH_KEY = "templates_flash"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

st.title("Sjablonen")
st.write("Hier staan de brieven en formulieren die verhuurders maken. Wilt u een tekst aanpassen? Download het "
         "sjabloon, pas het aan in Word en upload het hier. Het portaal controleert het eerst. Oude versies blijven "
         "bewaard en elk document onthoudt met welke versie het is gemaakt. Uitleg over de velden staat in "
         "docs/templates.md.")
if st.session_state.get(FLASH_KEY):
    st.success(st.session_state.pop(FLASH_KEY))

templates = service.list_templates(unit_of_work(), admin)

KINDS = {"letter": "brief", "form": "formulier", "agreement": "overeenkomst"}


def template_bytes(name: str, version_id: int | None = None):
    def read() -> bytes:
        return service.template_file(unit_of_work(), admin, name=name, version_id=version_id).docx
    return read


def spec_text(name: str) -> str:
    return service.template_file(unit_of_work(), admin, name=name).spec_yaml


def version_label(version) -> str:
    when = f" {version.uploaded_at:%d-%m-%Y %H:%M}" if version.uploaded_at else ""
    state = " (in gebruik)" if version.active else ""
    return f"{version.source}{when} · {version.version[:12]}{state}"


def compare_versions(template) -> None:
    """Two versions side by side before switching back: the differences marked, and the text of both."""
    name = template.name
    st.markdown("**Twee versies vergelijken**")
    ids = [v.id for v in template.versions]
    labels = {v.id: version_label(v) for v in template.versions}
    active = next((i for i, v in enumerate(template.versions) if v.active), len(ids) - 1)
    col1, col2 = st.columns(2)
    old = col1.selectbox("Oudere versie", ids, index=len(ids) - 2 if active == len(ids) - 1 else active,
                         format_func=lambda i: labels[i], key=f"templates_diff_old_{name}")
    new = col2.selectbox("Nieuwere versie", ids, index=active if active == len(ids) - 1 else len(ids) - 1,
                         format_func=lambda i: labels[i], key=f"templates_diff_new_{name}")
    if not st.toggle("Verschillen tonen", key=f"templates_diff_show_{name}"):
        return
    if old == new:
        st.info("Kies twee verschillende versies om ze te vergelijken.")
        return
    try:
        comparison = service.compare_versions(unit_of_work(), admin, name=name, old_version_id=old,
                                              new_version_id=new)
    except NaarNulError as error:
        show_error(error)
        return
    diff = comparison.diff
    if diff.identical:
        st.info("De tekst van deze twee versies is gelijk (alleen de opmaak kan verschillen).")
    else:
        st.caption(f"Regels met **+** staan alleen in de nieuwere versie ({diff.added}), regels met **-** alleen "
                   f"in de oudere versie ({diff.removed}).")
    if diff.truncated:
        st.caption("De tekst is erg lang: alleen het begin is vergeleken.")
    changes, old_tab, new_tab = st.tabs(["Verschillen", "Tekst oudere versie", "Tekst nieuwere versie"])
    # st.code shows text literally: no Markdown or HTML from a template reaches the page
    changes.code(diff.as_unified(), language="diff", wrap_lines=True)
    old_tab.code(diff.old_text, language=None, wrap_lines=True)
    new_tab.code(diff.new_text, language=None, wrap_lines=True)


for template in templates:
    name = template.name
    with st.expander(f"{md(template.title)} ({name}, {KINDS.get(template.kind, template.kind)})"):
        if template.description:
            st.caption(md(template.description))
        if template.extra_fields:
            st.markdown("Extra vragen: " + ", ".join(f"`{f}`" for f in template.extra_fields))
        col1, col2 = st.columns(2)
        col1.download_button("Download huidig sjabloon (.docx)", data=template_bytes(name), file_name=f"{name}.docx",
                             mime=DOCX, on_click="ignore", key=f"templates_docx_{name}")
        col2.download_button("Download beschrijving (.yaml)", data=lambda n=name: spec_text(n).encode("utf-8"),
                             file_name=f"{name}.yaml", mime="text/yaml", on_click="ignore",
                             key=f"templates_yaml_{name}")

        if len(template.versions) >= 2:
            compare_versions(template)

        st.markdown("**Versies**")
        for version in template.versions:
            col1, col2 = st.columns([3, 1])
            when = version.uploaded_at.strftime("%d-%m-%Y %H:%M") if version.uploaded_at else ""
            state = " · **in gebruik**" if version.active else ""
            col1.markdown(f"{version.source} {when} · versie `{version.version[:12]}`{state}")
            if not version.active:
                if col2.button("Weer gebruiken", key=f"templates_activate_{name}_{version.id}"):
                    try:
                        service.activate_version(unit_of_work(), admin, name=name, version_id=version.id)
                    except NaarNulError as error:
                        show_error(error)
                    else:
                        st.session_state[FLASH_KEY] = f"Deze versie van '{md(template.title)}' is weer in gebruik."
                        st.rerun()

st.header("Nieuw sjabloon of nieuwe versie uploaden")
st.write("Kies het Word-bestand. Bij een nieuwe soort brief hoort ook een beschrijving (.yaml) met de titel, de "
         "extra vragen en een voorbeeldzaak. Bij een nieuwe versie van een bestaand sjabloon mag u die weglaten.")
names = [t.name for t in templates]
with st.form("templates_upload", clear_on_submit=False):
    choice = st.selectbox("Sjabloon", options=[*names, "(nieuw sjabloon)"], key="templates_upload_name")
    new_name = st.text_input("Naam van het nieuwe sjabloon", help="Alleen bij een nieuw sjabloon: kleine letters, "
                             "cijfers en _, gelijk aan name in de beschrijving.", key="templates_new_name")
    docx_file = st.file_uploader("Word-bestand (.docx)", type=["docx"], key="templates_docx_file", help=UPLOAD_HELP)
    spec_file = st.file_uploader("Beschrijving (.yaml, niet verplicht bij een nieuwe versie)", type=["yaml", "yml"],
                                 key="templates_spec_file", help=UPLOAD_HELP)
    submitted = st.form_submit_button("Controleren en in gebruik nemen", type="primary")

if submitted:
    name = new_name.strip() if choice == "(nieuw sjabloon)" else choice
    try:
        row = service.upload_template(unit_of_work(), admin, name=name,
                                      docx=docx_file.getvalue() if docx_file else b"",
                                      spec_yaml=spec_file.getvalue() if spec_file else None)
        accepted = f"Goedgekeurd: versie {row.version[:12]} van '{md(row.name)}' is nu in gebruik."
    except NaarNulError as error:
        st.error("Het sjabloon is niet in gebruik genomen. Dit moet nog worden aangepast:\n\n" + "\n".join(
            f"- {md(p)}" for p in (getattr(error, "problems", None) or [str(error)])))
    else:
        st.session_state[FLASH_KEY] = accepted
        st.rerun()
