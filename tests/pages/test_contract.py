"""The page contract (pages/contract.py) is the only place its names are spelled, and render
hands back what it wrote without anyone parsing the page again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safety_month.importer.pipeline import default_pipeline, plan_source
from safety_month.importer.read import read_source_with_reports
from safety_month.pages import contract, reader
from tests import paths

PACKAGE = Path(contract.__file__).resolve().parents[1]
HOOKS = PACKAGE.parent / "hooks"
CONTRACT = Path(contract.__file__).resolve()

# Spellings of the contract outside contract.py: the five names in a row (any quoting and
# separators), the redaction span's class/title markup, the speech folder as a src_uri prefix
# or path part, and the hash line's pattern.
COPIES = {
    "five audiences": re.compile(r"企业\W{0,4}农村\W{0,4}社区\W{0,4}学校\W{0,4}家庭"),
    "redaction span": re.compile(r"class=\\?[\"']sm-redact|title=\\?[\"']原文隐去或待填写"),
    "speech folder": re.compile(r"[\"']speeches/[\"']|[=/]\s*[\"']speeches[\"']"),
    "hash rule": re.compile(r"generated_hash:\(\?|generated_hash:\\s\*"),
}


def _code_lines(path: Path):
    """Lines of code outside docstrings and comments (prose may name the contract)."""
    in_doc = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        stripped = line.strip()
        quotes = stripped.count('"""')
        if in_doc or stripped.startswith('"""'):
            if quotes == 1:
                in_doc = not in_doc
            continue
        if stripped.startswith("#"):
            continue
        yield number, line.split("  # ")[0]


def test_contract_names_are_spelled_only_in_contract_py():
    found = []
    for path in sorted([*PACKAGE.rglob("*.py"), *HOOKS.rglob("*.py")]):
        if path.resolve() == CONTRACT:
            continue
        for number, line in _code_lines(path):
            for what, pattern in COPIES.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {what}: {line.strip()}")
    assert found == []


def test_the_copy_finder_finds_copies(tmp_path):
    """The patterns above catch the spellings that existed before the contract."""
    old = ['AUDIENCES = ("企业", "农村", "社区", "学校", "家庭")',
           """return f'<span class="sm-redact" title="{REDACT_TITLE}">{x}</span>'""",
           'SPEECH_FOLDER = "speeches/"',
           r'''_HASH_VALUE_RE = re.compile(r"^generated_hash:\s*[\"']?([0-9a-f]{64})")''']
    assert [what for line in old for what, p in COPIES.items() if p.search(line)] == list(COPIES)


def test_contract_values():
    assert contract.AUDIENCES == ("企业", "农村", "社区", "学校", "家庭")
    assert contract.REDACT_TEMPLATE.format("XX") == '<span class="sm-redact" title="原文隐去或待填写">XX</span>'
    assert contract.SPEECH_PREFIX == "speeches/"


def test_stamp_equals_set_hash_and_detects_edits():
    page = '---\ntitle: "甲"\ngenerated_hash: ""\n---\n\n正文\n'
    stamped = contract.stamp(page)
    assert stamped == contract.set_hash(page) != page
    assert contract.is_hand_edited(stamped) is False
    assert contract.is_hand_edited(stamped + "编辑补充\n") is True
    assert contract.is_hand_edited(page) is True          # no hash at all


# (every seed: the files of sources/ but its list of retired speeches, retired.yml)
@pytest.mark.parametrize("seed", sorted(p.name for p in paths.SOURCES.iterdir() if p.is_file() and p.name != "retired.yml"))
def test_rendered_page_says_what_its_text_says(seed):
    """title and review of RenderedPage equal what the one reader reads from the text."""
    raw, reports = read_source_with_reports(str(paths.SOURCES / seed))
    plan = plan_source(raw, reports, f"sources/{seed}", default_pipeline())
    assert plan.pages
    for page in plan.pages:
        data = reader.parse(page.text).data
        assert page.title == data["title"]
        assert page.review == [{k: item[k] for k in ("line", "rule", "message")} for item in data["review"]]
        assert all(type(item["rule"]) is str and type(item["message"]) is str for item in page.review)
