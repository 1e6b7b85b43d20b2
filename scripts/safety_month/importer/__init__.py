"""The importer: sources/ -> docs/speeches/. One stage per sub-package or module, in order:
read (bytes -> text), clean (rules that report what they changed), structure (text -> Speech),
render (Speech -> Markdown page; all escaping happens there), store (atomic writes that never
overwrite an editor's edit), report (what the editor reads), evaluate (scores on known answers).

A document passes each stage once; no stage reaches back. pipeline.py runs the stages.
May import: pages, checks, text, tables, campaign, atomic, workers.
(checks: render proves that a page it writes passes the checks the build will run.)
"""
