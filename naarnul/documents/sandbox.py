"""Untrusted templates: a static check at upload, and every check and render in a separate process with limits.

A Word template uploaded by an admin is code: Jinja's sandbox stops it from reaching Python internals, but not from
looping for ever, allocating gigabytes (`'%999999999s'`, `{:>999999999}`, `lipsum(100000)`), exploding as a zip
(a 2 MB file that inflates to gigabytes), expanding XML entities, or making Word and LibreOffice fetch a URL
(linked images, an attached template, INCLUDEPICTURE fields). So:

- `inspect_template(docx)` refuses these at upload (Dutch problems; nothing is saved);
- `run_limited(function, *args)` runs the Jinja parsing of the upload check and every render in a worker process
  of a fork server, with a wall-clock limit, a CPU limit per task and an address-space limit above what the worker
  started with, and a bound on what it returns. A template that explodes only for some cases therefore fails that
  one letter with a calm Dutch message; it never hangs a landlord's page or the server.

The workers are forked from a small fork server (started once, with the document modules preloaded), never from the
Streamlit process itself, whose threads make a plain fork unsafe. A worker stays warm between tasks (so a template
version is compiled once per worker, naarnul.documents.render), one task at a time, and is recycled: killed on a
timeout, ended after any failed task, after MAX_TASKS tasks, or when its memory grew by half its allowance. The
limits hold for every task, also one that uses a template compiled by an earlier task.
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.spawn
import os
import re
import resource
import threading
from dataclasses import dataclass
from typing import Any, Callable

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes

from naarnul import untrusted_zip
from naarnul.documents import render  # render imports this module too: names are looked up at call time
from naarnul.errors import ValidationError
from naarnul.untrusted_zip import Bounds

# --- limits ---------------------------------------------------------------------------------------------------------

MAX_FILE_BYTES = 10 * 1024 * 1024  # the upload itself (a letter with a logo is well under 1 MB)
MAX_PARTS = 1_000
MAX_PART_BYTES = 20 * 1024 * 1024  # one inflated part
MAX_INFLATED_BYTES = 60 * 1024 * 1024  # all parts inflated
MAX_RATIO = 200  # inflated / compressed of one part above 1 MB; Word's XML compresses about 10:1
MAX_LOOP_DEPTH = 2  # {% for %} inside {% for %}: the shipped templates need one level
MAX_NUMBER = 1_000  # no integer constant in a template needs to be bigger
MAX_FORMAT_WIDTH = 3  # digits of a width or precision in a format string ('%10s' yes, '%9999s' no)

SECONDS = float(os.environ.get("NAARNUL_RENDER_SECONDS", "10"))
MEMORY_BYTES = int(os.environ.get("NAARNUL_RENDER_MEMORY_MB", "512")) * 1024 * 1024  # above the child's start
MAX_RESULT_BYTES = 10 * 1024 * 1024  # a generated letter; more is an exploding template

FORBIDDEN_NAMES = {"range", "lipsum", "cycler", "joiner", "namespace", "self", "caller"}
FORBIDDEN_TAGS = {"macro", "call", "include", "import", "from", "extends", "block", "filter"}
FORBIDDEN_FILTERS = {"center", "indent", "wordwrap", "format", "batch", "slice", "xmlattr", "pprint", "urlize"}
EXTERNAL_FIELDS = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b")

TOO_LARGE = ("Het Word-bestand is te groot of pakt uit tot te veel gegevens (meer dan 10 MB, of uitgepakt meer dan "
             "60 MB). Haal grote afbeeldingen weg en probeer het opnieuw.")
NOT_A_DOCX = "Het bestand is geen geldig Word-document (.docx). Sla het in Word op als .docx."
TOO_SLOW = ("Het sjabloon doet er te lang over ({seconds:g} seconden) of maakt een te groot document. Haal lussen in "
            "lussen en herhalingen weg; gebruik alleen velden zoals {{{{ landlord_name }}}}, {{% if … %}} en "
            "{{% for … %}}.")
TOO_MUCH_MEMORY = ("Het sjabloon vraagt te veel geheugen om in te vullen (meer dan {mb} MB). Haal herhalingen, "
                   "grote getallen en lussen in lussen weg.")
TOO_BIG_RESULT = "Het document wordt te groot (meer dan 10 MB). Het sjabloon herhaalt waarschijnlijk te veel tekst."
FAILED = "Het document kon niet worden gemaakt; het sjabloon liet het invulprogramma vastlopen."


# --- the static check at upload -------------------------------------------------------------------------------------

def read_parts(docx_bytes: bytes) -> dict[str, bytes]:
    """Every part of the .docx, inflated with hard bounds whatever the zip headers claim (ValidationError)."""
    bounds = Bounds(file_bytes=MAX_FILE_BYTES, parts=MAX_PARTS, part_bytes=MAX_PART_BYTES,
                    total_bytes=MAX_INFLATED_BYTES, too_large=TOO_LARGE, unreadable=NOT_A_DOCX, ratio=MAX_RATIO)
    return untrusted_zip.read_parts(docx_bytes, bounds, required="word/document.xml")


def inspect_template(docx_bytes: bytes) -> list[str]:
    """Problems (Dutch) that refuse an uploaded template before anything renders it; [] when none.

    Meant to run inside `run_limited` (it parses attacker-written Jinja); `check_upload` does that.
    """
    try:
        parts = read_parts(docx_bytes)
    except ValidationError as error:
        return list(error.problems)
    problems: list[str] = []
    xml_parts = {name: data for name, data in parts.items() if name.endswith((".xml", ".rels"))}
    if any(b"<!DOCTYPE" in data or b"<!ENTITY" in data for data in xml_parts.values()):
        problems.append("Het Word-bestand bevat een DOCTYPE of ENTITY-definitie. Word maakt die nooit; sla het "
                        "document opnieuw op in Word als .docx.")
    if any(b'TargetMode="External"' in data or b"TargetMode='External'" in data
           for name, data in xml_parts.items() if name.endswith(".rels")):
        problems.append("Het sjabloon verwijst naar iets buiten het bestand (een gekoppelde afbeelding, een "
                        "gekoppeld sjabloon of een link). Voeg afbeeldingen in als 'Invoegen' (niet 'Koppelen'), "
                        "haal links en het gekoppelde sjabloon (Ontwikkelaars > Documentsjabloon) weg, en schrijf "
                        "een webadres gewoon als tekst.")
    if any(b"attachedTemplate" in data for name, data in xml_parts.items() if name.startswith("word/settings")):
        problems.append("Het sjabloon is gekoppeld aan een ander Word-sjabloon (attachedTemplate). Haal die koppeling "
                        "weg via Ontwikkelaars > Documentsjabloon.")
    if any(EXTERNAL_FIELDS.search(_field_codes(data)) for name, data in xml_parts.items()
           if name.startswith("word/")):
        problems.append("Het sjabloon bevat een veldcode die een bestand of webadres ophaalt (zoals INCLUDEPICTURE "
                        "of LINK). Haal die veldcode weg.")
    if any(name.startswith("word/") and name.endswith((".bin", ".exe", ".dll")) or "vbaProject" in name
           for name in parts):
        problems.append("Het sjabloon bevat macro's of ingesloten programma's. Sla het op als gewoon .docx.")
    if problems:
        return problems
    return _jinja_problems(docx_bytes)


def _field_codes(xml: bytes) -> bytes:
    """The instruction text of Word fields (<w:instrText> and <w:fldSimple w:instr>)."""
    codes = re.findall(rb"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
    codes += re.findall(rb'w:instr="([^"]*)"', xml)
    return b" ".join(codes)


def _jinja_problems(docx_bytes: bytes) -> list[str]:
    """Walk the template's Jinja syntax tree: no generators, no macros/includes, no huge numbers or widths, loops
    nested at most MAX_LOOP_DEPTH deep."""
    try:
        template = DocxTemplate(io.BytesIO(docx_bytes))
        template.init_docx()
        sources = [template.patch_xml(template.get_xml())]
        for uri in (template.HEADER_URI, template.FOOTER_URI):
            for _key, part in template.get_headers_footers(uri):
                sources.append(template.patch_xml(template.get_part_xml(part)))
    except Exception:
        return [NOT_A_DOCX]
    environment = render.make_environment()
    problems: list[str] = []

    def add(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

    for source in sources:
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:
            add(render.explain_template_error(error))
            continue
        except RecursionError:
            add("Het sjabloon is te diep genest. Gebruik minder {% if %} en {% for %} in elkaar.")
            continue
        for tag in FORBIDDEN_TAGS:
            node_type = {"macro": nodes.Macro, "call": nodes.CallBlock, "include": nodes.Include,
                         "import": nodes.Import, "from": nodes.FromImport, "extends": nodes.Extends,
                         "block": nodes.Block, "filter": nodes.FilterBlock}[tag]
            if any(True for _ in tree.find_all(node_type)):
                add(f"Het sjabloon gebruikt {{% {tag} %}}. Dat kan niet in Naar Nul; gebruik alleen velden, "
                    "{% if %} en {% for %}.")
        for name in tree.find_all(nodes.Name):
            if name.name in FORBIDDEN_NAMES:
                add(f"Het sjabloon gebruikt '{name.name}'. Dat kan niet in Naar Nul: het maakt ongemerkt heel veel "
                    "tekst of herhalingen.")
        for filter_node in tree.find_all(nodes.Filter):
            if filter_node.name in FORBIDDEN_FILTERS:
                add(f"Het sjabloon gebruikt het filter '{filter_node.name}'. Dat kan niet in Naar Nul.")
        for getattr_node in tree.find_all(nodes.Getattr):
            if getattr_node.attr in ("format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs",
                                     "join", "replace"):
                add(f"Het sjabloon gebruikt '.{getattr_node.attr}(…)'. Dat kan niet in Naar Nul.")
        for const in tree.find_all(nodes.Const):
            value = const.value
            if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
                add(f"Het sjabloon bevat het getal {value:g}; getallen boven {MAX_NUMBER} zijn niet toegestaan.")
            if isinstance(value, str) and _huge_width(value):
                add("Het sjabloon bevat een opmaak met een enorme breedte (zoals '%999999s'). Haal die weg.")
        if any(isinstance(node, nodes.Mod) and isinstance(node.left, nodes.Const) for node in tree.find_all(nodes.Mod)):
            add("Het sjabloon gebruikt '%'-opmaak van tekst. Dat kan niet in Naar Nul; zet de velden gewoon in de "
                "tekst.")
        depth = _loop_depth(tree)
        if depth > MAX_LOOP_DEPTH:
            add(f"Het sjabloon heeft {depth} lussen ({{% for %}}) in elkaar; hoogstens {MAX_LOOP_DEPTH} mag.")
    return problems


def _huge_width(text: str) -> bool:
    digits = "{" + str(MAX_FORMAT_WIDTH + 1) + ",}"
    return bool(re.search(r"%[-+ #0]*(\d" + digits + r"|\*)", text)
                or re.search(r"\{[^{}]*:[^{}]*\d" + digits + r"[^{}]*\}", text))


def _loop_depth(node) -> int:
    best = 0
    for child in node.iter_child_nodes():
        inner = _loop_depth(child)
        best = max(best, inner + 1 if isinstance(child, nodes.For) else inner)
    return best


def check_upload(docx_bytes: bytes) -> list[str]:
    """`inspect_template` in a limited child process: the check of an upload can itself not hang or eat memory."""
    try:
        return run_limited(inspect_template, docx_bytes)
    except ValidationError as error:
        return list(error.problems)


# --- the limited child process --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What the child sends back: the result, or the Dutch problems / the kind of failure; its peak memory."""

    kind: str  # "ok" | "validation" | "memory" | "error"
    value: Any
    peak_kb: int


LAST_PEAK_KB = 0  # peak resident memory of the most recent child (for the measurements in the tests and bench)

_context: Any = None


_without_main = threading.local()
_original_preparation = multiprocessing.spawn.get_preparation_data


def _preparation_data(name):
    """The child needs no `__main__`: under Streamlit that is the app script, which a child must never run. Only for
    the processes this module starts (a thread-local flag); everything else gets Python's own data."""
    data = _original_preparation(name)
    if getattr(_without_main, "on", False):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


def _mp_context():
    global _context
    if _context is None:
        multiprocessing.spawn.get_preparation_data = _preparation_data
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["naarnul.documents.sandbox", "naarnul.documents.render", "naarnul.wording"])
        _context = context
    return _context


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_cpu(seconds: float) -> None:
    """At most `seconds` (rounded up) more CPU time for this process: the kernel stops it beyond that."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _old_soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _run_one(function: Callable, args: tuple) -> Outcome:
    try:
        result = function(*args)
        if isinstance(result, (bytes, bytearray)) and len(result) > MAX_RESULT_BYTES:
            return Outcome("validation", [TOO_BIG_RESULT], 0)
        return Outcome("ok", result, 0)
    except MemoryError:
        return Outcome("memory", None, 0)
    except ValidationError as error:
        return Outcome("validation", list(error.problems), 0)
    except BaseException as error:  # noqa: BLE001 - anything else is reported, never raised into the page
        return Outcome("error", f"{type(error).__name__}: {error}"[:500], 0)


def _serve(connection, memory_bytes: int, max_tasks: int) -> None:
    """A worker: its address space is limited once (above what it started with), each task gets its own CPU limit
    (the parent keeps the wall-clock limit). It stops after any failure, after `max_tasks` tasks, or when its memory
    grew by more than half its allowance (the parent then starts a fresh one)."""
    global _INSIDE
    _INSIDE = True
    start = _vm_size()
    limit = start + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        for _task in range(max_tasks):
            try:
                function, args, seconds = connection.recv()
            except (EOFError, OSError):
                return
            _limit_cpu(seconds)
            outcome = _run_one(function, args)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            # the last task says so too: a worker given back that then ends would fail the next letter sent to it
            worn_out = outcome.kind != "ok" or _task == max_tasks - 1 or _vm_size() - start > memory_bytes // 2
            try:
                connection.send((Outcome(outcome.kind, outcome.value, peak), worn_out))
            except MemoryError:
                connection.send((Outcome("memory", None, peak), True))
                return
            if worn_out:
                return
    finally:
        connection.close()


_INSIDE = False  # True in a worker: a render inside a limited task runs directly (it is already limited)
MAX_TASKS = 500  # tasks per worker before a fresh one takes over
MAX_IDLE = max(2, os.cpu_count() or 2)  # idle workers kept warm (bulk letters use up to one per core)


class _Worker:
    """A warm worker process and the parent's end of its pipe."""

    def __init__(self, memory_bytes: int) -> None:
        context = _mp_context()
        self.memory_bytes = memory_bytes
        self.connection, child_end = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child_end, memory_bytes, MAX_TASKS), daemon=True)
        _without_main.on = True
        try:
            self.process.start()
        finally:
            _without_main.on = False
        child_end.close()

    def stop(self) -> None:
        try:
            self.connection.close()
        finally:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)


_idle: list[_Worker] = []
_idle_lock = threading.Lock()


def _take_worker(memory_bytes: int) -> _Worker:
    with _idle_lock:
        for index, worker in enumerate(_idle):
            if worker.memory_bytes == memory_bytes:
                del _idle[index]
                if worker.process.is_alive():
                    return worker
                worker.stop()
                break
    return _Worker(memory_bytes)


def _give_back(worker: _Worker) -> None:
    with _idle_lock:
        if len(_idle) < MAX_IDLE:
            _idle.append(worker)
            return
    worker.stop()


def stop_workers() -> None:
    """Stop the idle workers (tests; a server never needs to: they are daemons and end with it)."""
    with _idle_lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.stop()


def run_limited(function: Callable, *args: Any, seconds: float | None = None,
                memory_bytes: int | None = None) -> Any:
    """`function(*args)` in a worker process with a time and memory limit; its result, or ValidationError (Dutch).

    `function` and its arguments must be picklable (a module-level function, plain values). The worker stays warm
    for the next task (one task at a time; a thread that finds none idle starts another) unless this one failed:
    a timeout or a dead worker is killed, any other failure ends the worker, so no task ever runs in a worker that
    failed. Called inside a worker (a render inside a limited letter job), it runs `function` directly.
    """
    global LAST_PEAK_KB
    if _INSIDE:
        result = function(*args)
        if isinstance(result, (bytes, bytearray)) and len(result) > MAX_RESULT_BYTES:
            raise ValidationError(TOO_BIG_RESULT)
        return result
    seconds = SECONDS if seconds is None else seconds
    memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
    worker = _take_worker(memory_bytes)
    keep = False
    try:
        try:
            worker.connection.send((function, args, seconds))
        except (EOFError, OSError):  # a warm worker that died while idle: one fresh try, never a retried render
            worker.stop()
            worker = _Worker(memory_bytes)
            worker.connection.send((function, args, seconds))
        if not worker.connection.poll(seconds):
            raise ValidationError(TOO_SLOW.format(seconds=seconds))
        try:
            outcome, worn_out = worker.connection.recv()
        except (EOFError, OSError):  # the worker died (CPU limit, out of memory in the interpreter itself)
            raise ValidationError(FAILED) from None
        keep = not worn_out
    finally:
        if keep:
            _give_back(worker)
        else:
            worker.stop()
    LAST_PEAK_KB = outcome.peak_kb
    if outcome.kind == "ok":
        return outcome.value
    if outcome.kind == "validation":
        raise ValidationError(outcome.value)
    if outcome.kind == "memory":
        raise ValidationError(TOO_MUCH_MEMORY.format(mb=memory_bytes // (1024 * 1024)))
    raise ValidationError(f"{FAILED} ({outcome.value})")
