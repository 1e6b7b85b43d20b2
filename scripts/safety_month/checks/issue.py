"""The one result type every check returns."""

from __future__ import annotations

from dataclasses import dataclass

# error and warning both fail `mkdocs build --strict` and `safety-month check`;
# info is printed only (for example: "the tag vocabulary file is missing").
SEVERITIES = ("error", "warning", "info")
FAILING = ("error", "warning")
_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, order=True)
class Issue:
    path: str          # as shown to the editor, e.g. docs/speeches/2021/x.md
    line: int          # 1-based line in that file (0: the file as a whole)
    col: int           # 1-based column (characters), 0 when not tied to one
    code: str          # stable id, e.g. "fm.value", "text.lookalike"
    message_zh: str    # what is wrong, Chinese, English key names kept as they are
    fix_zh: str        # what to do
    severity: str = "error"

    @property
    def fails(self) -> bool:
        return self.severity in FAILING

    def format(self) -> str:
        """`path:line:col: code message — fix` (the form editors and IDEs can click)."""
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        label = "" if self.severity == "error" else f"[{_LABEL.get(self.severity, self.severity)}] "
        return f"{where}: {self.code} {label}{self.message_zh} — {self.fix_zh}"


def sort_issues(issues):
    return sorted(issues, key=lambda i: (i.path, i.line, i.col, i.code, i.message_zh))
