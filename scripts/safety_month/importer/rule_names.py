"""The Chinese name of an importer rule id (data/rule_names.yml), for what editors read: the
import report and `safety-month review`. An id the table does not know is shown as it is
(tests/importer/test_rule_names.py keeps the table complete)."""

from __future__ import annotations

from functools import lru_cache

from safety_month import tables


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    data = tables.load("rule_names.yml") or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                             for k, v in data.items()):
        raise tables.TableError("scripts/safety_month/data/rule_names.yml: 每一行应为“规则代号: 中文名称”")
    return data


def name(rule: str) -> str:
    """The rule's Chinese name; for "x.y" not in the table, the name of "x"; else the id."""
    names = table()
    return names.get(rule) or names.get(rule.partition(".")[0]) or rule
