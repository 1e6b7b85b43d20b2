"""Import orchestration: source files -> read -> clean -> structure -> render -> store.

``plan_source`` is pure (a RawDocument in, page texts out). ``import_paths`` expands folders,
runs every input independently (one bad file never stops the others), and has placing.py put
each page: a page belongs to its source wherever it is under the output folder (identity.py),
retired speeches (sources/retired.yml, retired.py) are not written, a deleted page is retired
(the import record, ledger.py, tells deleted from never made), an edited page is left alone
and reported once; pages are written through store.write_page. It also finds stale pages:
pages on disk whose front matter names a source imported in this run that the run did not
produce any more (the source now yields fewer or other parts). Stale pages are reported,
never deleted: they may hold an editor's work.

The later stages are reached through a Pipeline so tests can substitute small fakes.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NamedTuple

from . import ledger, placing, retired, stages, store
from .errors import SourceError, display_name, name_text, shown
# A page's identity (its source) and the index of the pages on disk: identity.py, named here
# too because the importer's callers and tests know them from this module.
from .identity import PageOwner, index_pages  # noqa: F401
# How a page names its source (source_file_for): where.py, named here for fresh.py and tests.
from .where import inside as _inside, real_folders_forget, realpath as _realpath, source_file_for  # noqa: F401
from .model import CleanResult, RawDocument, ReviewItem, RuleReport, Speech
from .plan_memo import Known, PlanMemo
from .seen import Seen
from .read import MAX_SOURCE_BYTES, read_source_with_reports

if TYPE_CHECKING:
    from .render import RenderedPage


class Pipeline(NamedTuple):
    clean: Callable[[RawDocument], CleanResult]
    build_speeches: Callable[[CleanResult, RawDocument], list[Speech]]
    render_page: Callable[[Speech, RawDocument, CleanResult, str], RenderedPage]
    page_relpath: Callable[[Speech, RawDocument], str]
    is_hand_edited: Callable[[str], bool]


def default_pipeline() -> Pipeline:
    """The real stages (each imported at its first use: stages.py)."""
    return Pipeline(stages.clean, stages.build_speeches, stages.render_page, stages.page_relpath,
                    stages.is_hand_edited)


_REAL_PIPELINE = default_pipeline   # the stages plan_memo's plans are made with


@dataclass
class PagePlan:
    relpath: str          # POSIX path relative to the output folder
    text: str             # the whole .md file
    title: str
    part: int | None
    review: list[dict]    # [{line, rule, message}] as written in the page's front matter


@dataclass
class Plan:
    raw: RawDocument
    cleaned: CleanResult
    pages: list[PagePlan]


@dataclass
class PageOutcome:
    path: str
    title: str
    part: int | None
    status: str                 # one of store.STATUSES, or "skipped" (duplicate in this run)
    backup: str | None = None   # relative to the output folder
    review: list[dict] = field(default_factory=list)


@dataclass
class InputOutcome:
    source: str                 # the path as given / found
    source_file: str            # as recorded in the pages (sources/<name>)
    ok: bool = False
    error: str | None = None
    encoding: str | None = None
    kind: str | None = None
    sha256: str | None = None
    source_url: str | None = None
    pages: list[PageOutcome] = field(default_factory=list)
    rules: list[RuleReport] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportRun:
    out: str
    inputs: list[InputOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # not failures (an empty folder)

    @property
    def failed(self) -> list[InputOutcome]:
        return [item for item in self.inputs if not item.ok]

    def count(self, status: str) -> int:
        return sum(1 for item in self.inputs for page in item.pages if page.status == status)


# --- the pure part ------------------------------------------------------------------------

class RenderError(Exception):
    """A rendered page that breaks the page contract (a bug in render, not in the input)."""


def _check_relpath(relpath: str) -> str:
    parts = relpath.split("/")
    if (not relpath.endswith(".md") or relpath.startswith("/") or "\\" in relpath
            or any(part in ("", ".", "..") or part.startswith(".") for part in parts)):
        raise RenderError(f"页面路径不合规：{relpath!r}（bad page path）")
    return relpath


def plan_source(raw: RawDocument, read_reports: list[RuleReport], source_file: str,
                pipeline: Pipeline) -> Plan:
    """Clean, structure and render one document; nothing is written. Read-stage reports
    (control characters removed) are put in front of the cleaning reports so they appear in
    the page's import_changes and in the import report like any other rule."""
    cleaned = pipeline.clean(raw)
    if read_reports:
        cleaned = dataclasses.replace(cleaned, reports=list(read_reports) + list(cleaned.reports))
    speeches = pipeline.build_speeches(cleaned, raw)
    if not speeches:
        raise SourceError(raw.path, "没有识别出讲话正文（no speech found after cleaning）")
    pages: list[PagePlan] = []
    seen: set[str] = set()
    for speech in speeches:
        relpath = _check_relpath(pipeline.page_relpath(speech, raw))
        if relpath in seen:
            raise RenderError(f"两篇讲话得到同一页面路径 {relpath}（duplicate page path）")
        seen.add(relpath)
        page = pipeline.render_page(speech, raw, cleaned, source_file)
        pages.append(PagePlan(relpath, page.text, page.title, speech.part, page.review))
    return Plan(raw, cleaned, pages)


# --- inputs and the file system -------------------------------------------------------------

def find_project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: cwd) that holds mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return None


class Inputs(NamedTuple):
    files: list[str]                   # files to import, in order
    problems: list[tuple[str, str]]    # (path, message): given paths or folders that failed
    warnings: list[str]                # e.g. a folder with nothing to import


def scan_inputs(paths: list[str]) -> Inputs:
    """Files as given, and every non-hidden file under given folders (recursively, sorted),
    each once; a path that does not exist and a folder that cannot be read are problems
    (never skipped in silence), a folder with no file to import is a warning."""
    real_folders_forget()   # links may have changed since another scan in this process
    found: list[str] = []
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    warnings: list[str] = []

    def add(name: str) -> None:
        key = _realpath(name)
        if key not in seen:
            seen.add(key)
            found.append(name)

    for given in paths:
        if not os.path.lexists(given):
            problems.append((given, f"{display_name(given)}: 文件或文件夹不存在（not found）"))
        elif os.path.isdir(given):
            names: list[str] = []
            unreadable: list[str] = []

            def failed(exc: OSError) -> None:
                where = exc.filename if exc.filename is not None else given
                unreadable.append(where)
                problems.append((where, f"{display_name(where)}: 无法读取文件夹，其中的文件未导入"
                                        f"（{exc.strerror or exc}）"))

            for folder, dirs, files in os.walk(given, onerror=failed):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                names.extend(os.path.join(folder, f) for f in files if not f.startswith("."))
            for name in sorted(names, key=lambda n: Path(n).relative_to(given).parts):
                add(name)
            if not names and not unreadable:
                warnings.append(f"警告：文件夹 {display_name(given)} 中没有可导入的文件（空文件夹，或只有隐藏文件）")
        else:
            add(given)
    return Inputs(found, problems, warnings)


def expand_inputs(paths: list[str]) -> list[str]:
    """The files of scan_inputs (paths that do not exist are kept: importing them reports
    the error)."""
    files = scan_inputs(paths).files
    missing = [p for p in paths if not os.path.lexists(p)]
    return files + [p for p in missing if p not in files]


def name_review(path: str) -> list[ReviewItem]:
    """Review items saying how an unusual file name was recorded (source_file)."""
    name = Path(path).name
    text, how = name_text(name)
    items = []
    if how == "gb18030":
        items.append(ReviewItem("read.file_name", 0,
                                f"来源文件名不是 UTF-8 编码（解压 Windows 压缩包时常见），按 GB18030 读作“{shown(text)}”"
                                "记入 source_file；磁盘上的文件名仍是原来的字节，可改名为此名", ""))
    elif how == "bytes":
        items.append(ReviewItem("read.file_name", 0,
                                "来源文件名含有不是 UTF-8 的字节或页面中不能出现的控制字符（如 ESC）：source_file 中"
                                "这样的字节记为 \\xNN、字符记为 \\xNN 或 \\uNNNN，反斜杠记为 \\\\（可据此还原原名）；"
                                "建议把原件改为正常的中文文件名", ""))
    if "\n" in text or "\t" in text:
        items.append(ReviewItem("read.file_name", 0,
                                f"来源文件名含有换行或制表符（{shown(text)}），已原样记入 source_file；"
                                "建议把原件改名", ""))
    return items


def _read_and_plan(source: str, outcome: InputOutcome, pipeline: Pipeline, plans: PlanMemo | None = None):
    """(raw source, its plan of pages), the source's facts noted in outcome; None after
    putting the editor's message for a failed read or stage into outcome.error. plans: the
    plans of earlier imports (plan_memo), by the source's bytes and name."""
    shown_source = display_name(source)

    def replan():
        """The source planned afresh (a page text the table no longer holds: plan_memo)."""
        raw, read_reports = read_source_with_reports(source)
        raw.review.extend(name_review(source))
        return source, plan_source(raw, read_reports, outcome.source_file, pipeline)

    try:
        known = plans.get(source, outcome.source_file, MAX_SOURCE_BYTES, replan) if plans is not None else None
        if known is not None:
            (outcome.encoding, outcome.kind, outcome.sha256, outcome.source_url), reports, rows = known
            return Known(outcome.sha256), Plan(None, CleanResult("", reports), [PagePlan(*row) for row in rows])
        raw, read_reports = read_source_with_reports(source)
        outcome.encoding, outcome.kind, outcome.sha256 = raw.encoding, raw.kind, raw.sha256
        outcome.source_url = raw.source_url
        raw.review.extend(name_review(source))
        plan = plan_source(raw, read_reports, outcome.source_file, pipeline)
        if plans is not None:
            plans.put(source, outcome.source_file, MAX_SOURCE_BYTES, raw, plan)
        return raw, plan
    except SourceError as exc:
        outcome.error = str(exc)
    except RenderError as exc:
        outcome.error = f"{shown_source}: 导入程序错误，未写入（{shown(str(exc))}）"
    except RecursionError:
        outcome.error = (f"{shown_source}: 导入程序内部错误，未写入（结构嵌套过深；internal error: "
                         "RecursionError），请告知维护者")
    except Exception as exc:  # noqa: BLE001 - a bug in a stage must not stop the other inputs
        outcome.error = (f"{shown_source}: 导入程序内部错误，未写入（internal error: {type(exc).__name__}: "
                         f"{shown(str(exc))[:300]}）")
    return None


def import_one(source: str, out_dir: Path, *, root: Path | None, force: bool,
               pipeline: Pipeline, claimed: dict[str, tuple[str, str]] | None = None,
               existing: dict[str, PageOwner] | None = None,
               places: placing.Places | None = None, plans: PlanMemo | None = None) -> InputOutcome:
    """Import one file; never raises for a bad input (the outcome carries the error).

    ``places`` holds what the run knows (the pages on disk by identity, the import record,
    the retired list, the pages written earlier in this run); placing.py decides where each
    page goes. A page path that belongs to a source with other content (the 8-hex slug
    prefix collided) is never overwritten: the input fails."""
    if places is None:
        places = _places(out_dir, root, force, pipeline, existing)
    if claimed is not None:
        places.claimed = claimed
    outcome = InputOutcome(source=name_text(source)[0], source_file=source_file_for(source, root))
    planned = _read_and_plan(source, outcome, pipeline, plans)
    if planned is None:
        return outcome
    raw, plan = planned
    outcome.rules = list(plan.cleaned.reports)
    if root is not None and not _inside(source, root / "sources"):
        outcome.notes.append(f"来源文件不在项目的 sources/ 文件夹中：页面记为 {shown(outcome.source_file)}，"
                             "请把原件放进 sources/ 以便追溯")
    for page in plan.pages:
        try:
            placed = placing.place(places, page.relpath, page.text, page.title, page.part,
                                   source=source, source_file=outcome.source_file, sha256=raw.sha256)
        except (placing.Collision, SourceError) as exc:
            outcome.error = str(exc)
            return outcome
        except OSError as exc:
            outcome.error = f"{display_name(out_dir / page.relpath)}: 写入失败（{exc.strerror or exc}）"
            return outcome
        # Review items point at lines of the fresh page: listed only when the page on disk is it.
        review = page.review if placed.status in _FRESH_ON_DISK else []
        outcome.pages.append(PageOutcome(placed.path, placed.title, page.part, placed.status,
                                         placed.backup, review))
        outcome.notes.extend(placed.notes)
    outcome.ok = True
    return outcome


_FRESH_ON_DISK = (store.CREATED, store.UPDATED, store.UNCHANGED, store.FORCED)


def _places(out_dir: Path, root: Path | None, force: bool, pipeline: Pipeline,
            existing: dict[str, PageOwner] | None = None, seen: Seen | None = None) -> placing.Places:
    """What one run's placing needs; RetiredError when the retired list cannot be read.
    seen: what the last import saw of each page (seen.py), or None to read every page."""
    retired_path = retired.path_for(root, out_dir)
    shown_retired = (retired_path.relative_to(root).as_posix() if root is not None
                     else display_name(retired_path))
    if existing is None:
        existing = index_pages(out_dir, seen, pipeline.is_hand_edited)
    return placing.Places(
        out_dir, existing, ledger.load(out_dir, seen),
        retired.load(retired_path, shown_retired), retired_path, shown_retired,
        pipeline.is_hand_edited, force, seen=seen)


def import_paths(paths: list[str], out_dir: Path, *, root: Path | None = None,
                 force: bool = False, pipeline: Pipeline | None = None,
                 plans: PlanMemo | None = None) -> ImportRun:
    """Import every input under ``paths`` into ``out_dir``; see the module docstring.
    Raises retired.RetiredError (before writing anything) when sources/retired.yml cannot be
    read: importing then could bring back a speech the editor retired."""
    out_dir = Path(out_dir)
    real_folders_forget()
    pipeline = pipeline or default_pipeline()
    if plans is not None and pipeline != _REAL_PIPELINE():
        plans = None   # kept plans are the real stages' (a test's stand-in stages plan afresh)
    # An import killed while writing leaves a hidden temporary file (never a partial page):
    # this import's own leftovers, removed before it writes anything.
    store.remove_stale_temporaries(out_dir, time.time())
    places = _places(out_dir, root, force, pipeline, seen=plans.begin(out_dir) if plans is not None else None)
    existing = places.existing
    run = ImportRun(out=str(out_dir))
    inputs = scan_inputs(paths)
    run.warnings.extend(inputs.warnings)
    for path, message in inputs.problems:
        run.inputs.append(InputOutcome(source=name_text(path)[0], source_file="", error=message))
    for source in inputs.files:
        # (Asked for each source: the run may create the list, or replace it, when it appends.)
        if _same_file(source, places.retired_path):
            continue        # the retired list lives in sources/: it is not a speech
        run.inputs.append(import_one(source, out_dir, root=root, force=force,
                                     pipeline=pipeline, places=places, plans=plans))
    # Pages were written without a folder fsync each; make the renames durable once per folder.
    written = (store.CREATED, store.UPDATED, store.FORCED)
    for folder in sorted({(out_dir / page.path).parent for item in run.inputs
                          for page in item.pages if page.status in written}):
        store.fsync_dir(folder)
    places.ledger.save()
    if plans is not None:
        plans.finish()
    produced = {page.path for item in run.inputs for page in item.pages}
    stale = stale_pages({path: owner for path, owner in existing.items() if (out_dir / path).exists()}, produced)
    for item in run.inputs:
        if item.ok:
            item.stale = list(stale.get(item.source_file, ()))
    return run


def _same_file(path: str, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def stale_pages(existing: dict[str, PageOwner], produced: set[str]) -> dict[str, list[str]]:
    """Source file -> the existing pages naming it that were not produced (in index order):
    one pass over the pages, not one per input."""
    out: dict[str, list[str]] = {}
    for path, owner in existing.items():
        if path not in produced:
            out.setdefault(owner.source_file, []).append(path)
    return out
