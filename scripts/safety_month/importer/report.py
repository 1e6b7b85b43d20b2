"""The import report: a readable Chinese summary for the terminal, and JSON for tools.

JSON schema (``safety-month import --report FILE``; version in "schema")::

    {
      "schema": 1,
      "out": "docs/speeches",                 # output folder as given
      "ok": true,                             # every input imported
      "warnings": ["…"],                      # not failures: a folder with nothing to import
      "totals": {
        "inputs": 5, "imported": 5, "failed": 0,
        "pages": {"created": 6, "updated": 0, "unchanged": 0, "refused": 0,
                  "kept": 0, "forced": 0, "retired": 0, "removed": 0, "skipped": 0},
        "stale": 0,                           # old pages left in place (never deleted)
        "review": 12                          # review items over all pages
      },
      "inputs": [
        {
          "source": "sources/000_x.txt",      # path as found (a name that is not UTF-8 as
                                              # errors.name_text writes it)
          "source_file": "sources/000_x.txt", # as recorded in the pages
          "ok": true,
          "error": null,                      # one line "path: reason" when ok is false
          "encoding": "utf-8", "kind": "txt", "sha256": "…", "source_url": null,
          "pages": [
            {"path": "2021/2021-7de4ea19-1.md",   # relative to "out"
             "title": "…", "part": 1,
             "status": "created",             # created|updated|unchanged|refused|kept|forced|
                                              # retired|removed|skipped (placing.py says when)
             "backup": null,                  # forced: backup written; refused: where --force would put it
             "review": [{"line": 31, "rule": "lost_char", "message": "…"}]}   # line in the page
          ],
          "rules": [{"rule": "chrome", "count": 12, "examples": ["… → …"]}],
          "stale": ["2020/2020-1a2b3c4d.md"],
          "notes": ["…"]
        }
      ]
    }

Everything is derived from the ImportRun; no timestamps, so the same run gives the same report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import placing, rule_names, store
from .errors import display_name, name_text, shown
from .pipeline import ImportRun, InputOutcome

SCHEMA_VERSION = 1
MAX_REVIEW_SHOWN = 10     # per page in the terminal summary (JSON has all)
MAX_EXAMPLE_CHARS = 40

STATUS_ZH = {
    store.CREATED: "新建",
    store.UPDATED: "更新",
    store.UNCHANGED: "未变",
    store.REFUSED: "手改保留",       # the editor's page, reported (once for each fresh page)
    placing.KEPT: "手改保留",        # the same, already reported: listed, never warned again
    store.FORCED: "强制覆盖",
    placing.RETIRED: "已撤下",
    placing.REMOVED: "删除即撤下",
    "skipped": "重复跳过",
}
_PAGE_STATUSES = (store.CREATED, store.UPDATED, store.UNCHANGED, store.REFUSED, placing.KEPT,
                  store.FORCED, placing.RETIRED, placing.REMOVED, "skipped")
# Statuses a build's brief import output does not list: nothing new for the editor.
_QUIET = (store.UNCHANGED, placing.KEPT, placing.RETIRED)


def to_json(run: ImportRun) -> dict:
    inputs = []
    for item in run.inputs:
        inputs.append({
            "source": item.source,
            "source_file": item.source_file,
            "ok": item.ok,
            "error": item.error,
            "encoding": item.encoding,
            "kind": item.kind,
            "sha256": item.sha256,
            "source_url": item.source_url,
            "pages": [
                {"path": p.path, "title": p.title, "part": p.part, "status": p.status,
                 "backup": p.backup, "review": p.review}
                for p in item.pages
            ],
            "rules": [{"rule": r.rule, "count": r.count, "examples": list(r.examples)}
                      for r in item.rules],
            "stale": list(item.stale),
            "notes": list(item.notes),
        })
    return {
        "schema": SCHEMA_VERSION,
        "out": name_text(run.out)[0],
        "ok": not run.failed,
        "warnings": list(run.warnings),
        "totals": {
            "inputs": len(run.inputs),
            "imported": len(run.inputs) - len(run.failed),
            "failed": len(run.failed),
            "pages": {status: run.count(status) for status in _PAGE_STATUSES},
            "stale": sum(len(item.stale) for item in run.inputs),
            "review": sum(len(p.review) for item in run.inputs for p in item.pages),
        },
        "inputs": inputs,
    }


def write_json(run: ImportRun, path: Path) -> None:
    text = json.dumps(to_json(run), ensure_ascii=False, indent=2) + "\n"
    store.atomic_write(Path(path), text.encode("utf-8"))


# Where an example may be cut: after punctuation or a space, never inside a run of text.
_BREAK_AFTER = set(" ，。；：、！？）》」』”’…,.;:!?)]")


def _short(text: str) -> str:
    """An example of a change ("before → after", or one text), short enough for one line:
    each side cut only after punctuation or a space (never in the middle of a word or a name)."""
    text = shown(" ".join(str(text).split()))
    if len(text) <= MAX_EXAMPLE_CHARS:
        return text
    before, arrow, after = text.partition(" → ")
    if arrow:
        return f"{_clip(before, MAX_EXAMPLE_CHARS // 2)} → {_clip(after, MAX_EXAMPLE_CHARS // 2)}"
    return _clip(text, MAX_EXAMPLE_CHARS)


def _clip(text: str, limit: int) -> str:
    """text cut after its last punctuation or space between limit/2 and limit, else after the
    first one before 2 * limit; shown whole when it has no such place that early."""
    if len(text) <= limit:
        return text
    early = [i for i in range(limit // 2, limit) if text[i] in _BREAK_AFTER]
    cut = early[-1] if early else next(
        (i for i in range(limit, min(len(text), 2 * limit)) if text[i] in _BREAK_AFTER), None)
    if cut is None or cut >= len(text) - 1:
        return text
    return text[:cut + 1].rstrip() + "…"


def page_argument(out: str, path: str) -> str:
    """A page as the editor types it in a command: relative to the current folder when the
    page is below it (docs/speeches/…), else the whole path."""
    full = os.path.join(out, path)
    try:
        relative = os.path.relpath(full)
    except ValueError:
        return display_name(full)
    return display_name(full if relative.startswith("..") else relative)


def warnings(item: InputOutcome, out: str = "") -> list[str]:
    """Lines the editor must act on (not errors: the input itself was fine). An edited page
    is reported once for each fresh page it does not take (then its status is "kept"), with
    the way to see what the import would change; --force is never offered as the fix."""
    lines = []
    for page in item.pages:
        if page.status == store.REFUSED:
            lines.append(f"提示：{page.path}《{_short(page.title)}》已手工修改，保留你的版本，导入不改动它；"
                         f"想看重新导入会带来哪些不同：safety-month diff {page_argument(out, page.path)}"
                         "（只显示，不改文件）。以后的导入不再提示，除非原稿或导入结果又有变化")
        elif page.status == store.FORCED:
            lines.append(f"警告：{page.path} 曾手工修改，已按 --force 覆盖；原文件备份为 {page.backup}")
    for stale in item.stale:
        lines.append(f"警告：旧页面 {stale} 仍来自 {shown(item.source_file)}，但本次导入不再生成它；"
                     "未删除，请核对后手动处理")
    return lines


def _input_lines(item: InputOutcome, out: str = "") -> list[str]:
    if not item.ok:
        return [f"✗ {shown(item.error or '')}"]
    lines = [f"✓ {shown(item.source)}（{item.kind}，{item.encoding}）"]
    for page in item.pages:
        part = f"（第 {page.part} 篇）" if page.part else ""
        lines.append(f"    {STATUS_ZH.get(page.status, page.status)}  {page.path}  《{_short(page.title)}》{part}")
    changed = [r for r in item.rules if r.count]
    if changed:
        lines.append("    清理：")
        for rule in changed:
            example = f"，例：{_short(rule.examples[0])}" if rule.examples else ""
            lines.append(f"      {rule_names.name(rule.rule)} {rule.count} 处{example}")
    for page in item.pages:
        if not page.review:
            continue
        lines.append(f"    待核对 {page.path}（{len(page.review)} 处）：")
        for entry in page.review[:MAX_REVIEW_SHOWN]:
            # In full: the message says what to check (the page's review list has the same text).
            lines.append(f"      第 {entry['line']} 行 [{rule_names.name(entry['rule'])}] "
                         f"{shown(' '.join(str(entry['message']).split()))}")
        if len(page.review) > MAX_REVIEW_SHOWN:
            lines.append(f"      … 另有 {len(page.review) - MAX_REVIEW_SHOWN} 处，见页面 front matter 的 review")
    lines.extend(f"    注意：{shown(note)}" for note in item.notes)
    lines.extend(f"    {line}" for line in warnings(item, out))
    return lines


def format_summary(run: ImportRun) -> str:
    data = to_json(run)
    totals = data["totals"]
    pages = totals["pages"]
    lines = [f"导入 {totals['inputs']} 个文件 → {display_name(run.out)}"]
    for item in run.inputs:
        lines.extend(_input_lines(item, run.out))
    lines.extend(run.warnings)
    page_counts = "，".join(f"{STATUS_ZH[s]} {pages[s]}" for s in _PAGE_STATUSES if pages[s] or s in (store.CREATED, store.UNCHANGED))
    lines.append(f"合计：文件 {totals['inputs']} 个（成功 {totals['imported']}，失败 {totals['failed']}）；"
                 f"页面 {page_counts}；待核对 {totals['review']} 处；旧页面 {totals['stale']} 个")
    return "\n".join(lines) + "\n"


def _changed(item: InputOutcome) -> bool:
    # A failed input is not listed: the command prints its error on stderr.
    return item.ok and (bool(item.stale) or any(p.status not in _QUIET for p in item.pages))


def _brief_page(page, out: str) -> str:
    text = f"{STATUS_ZH.get(page.status, page.status)} {page.path}"
    if page.status == store.REFUSED:      # once: the next builds list it no more
        text += f"《{_short(page.title)}》（已手工修改，未改动；看差异：safety-month diff {page_argument(out, page.path)}）"
    return text


def _brief_line(item: InputOutcome, out: str = "") -> str:
    pages = "，".join(_brief_page(p, out) for p in item.pages if p.status not in _QUIET)
    # Review items of the pages written now (a page left alone keeps the editor's own list).
    review = sum(len(p.review) for p in item.pages if p.status in (store.CREATED, store.UPDATED, store.FORCED))
    extra = [f"待核对 {review} 处"] if review else []
    extra += [f"旧页面 {len(item.stale)} 个未删除"] if item.stale else []
    return f"✓ {shown(item.source)} → {pages or '页面未变'}" + (f"（{'，'.join(extra)}）" if extra else "")


def format_brief(run: ImportRun, full_command: str = "safety-month import") -> str:
    """The import step of a build (``--brief``): one line per source whose pages changed (or
    that failed), then one summary line; the cleaning rules and review items stay in the full
    report, which the last line says how to get."""
    data = to_json(run)
    totals, pages = data["totals"], data["totals"]["pages"]
    lines = [_brief_line(item, run.out) for item in run.inputs if _changed(item)]
    lines.extend(run.warnings)
    changed = "，".join(f"{STATUS_ZH[s]} {pages[s]} 页" for s in _PAGE_STATUSES
                        if pages[s] and s not in _QUIET) or "没有页面变化"
    failed = f"，失败 {totals['failed']} 个" if totals["failed"] else ""
    lines.append(f"导入：原稿 {totals['inputs']} 个{failed}；{changed}（完整报告：{full_command}）")
    return "\n".join(lines) + "\n"
