"""The 五进 excerpt rules: data/outreach.yml (tuned by editors) read and validated.

Keywords with weights per audience, a minimum score, how many excerpts a page shows and how
many may come from one speech; every problem names the file and the key (RulesError).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from safety_month import tables
from safety_month.pages.contract import AUDIENCES



class RulesError(ValueError):
    """data/outreach.yml is not usable; str() names the file and key."""


@dataclass(frozen=True)
class AudienceRule:
    keywords: dict[str, float]


@dataclass(frozen=True)
class Rules:
    marker: str
    min_score: float
    max_per_page: int
    max_per_speech: int
    max_chars: int
    min_chars: int
    per_keyword_cap: int
    audience_bonus: float
    audiences: dict[str, AudienceRule]


def load_rules(text: str | None = None, src: str = "data/outreach.yml") -> Rules:
    """Rules from YAML text (default: the package's data/outreach.yml), validated."""
    if text is None:
        text = tables.text("outreach.yml")
    return _parse_rules(text, src)


@lru_cache(maxsize=16)   # the live preview loads the same rules again on every save
def _parse_rules(text: str, src: str) -> Rules:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行: " if mark is not None else ""
        raise RulesError(f"{src}: {where}不是有效的 YAML（{' '.join(str(exc).split())}）") from None
    if not isinstance(raw, dict):
        raise RulesError(f"{src}: 顶层应为键值对")

    def num(key, kind=float, minimum=0):
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            raise RulesError(f"{src}: {key} 应为{'整数' if kind is int else '数字'}，实际为 {value!r}")
        if value < minimum:
            raise RulesError(f"{src}: {key} 不能小于 {minimum}")
        return kind(value)

    marker = raw.get("marker")
    if not isinstance(marker, str) or not marker.strip():
        raise RulesError(f"{src}: marker 应为非空文字（编辑在页面中放置的标记行）")
    auds = raw.get("audiences")
    if not isinstance(auds, dict):
        raise RulesError(f"{src}: audiences 应为 受众 -> keywords 的键值对")
    audiences: dict[str, AudienceRule] = {}
    for name, body in auds.items():
        if name not in AUDIENCES:
            raise RulesError(f"{src}: audiences.{name}: 受众应为 {'、'.join(AUDIENCES)} 之一")
        kws = (body or {}).get("keywords") if isinstance(body, dict) else None
        if not isinstance(kws, dict) or not kws:
            raise RulesError(f"{src}: audiences.{name}.keywords 应为 关键词: 权重 的键值对")
        clean: dict[str, float] = {}
        for word, weight in kws.items():
            if not isinstance(word, str) or not word.strip():
                raise RulesError(f"{src}: audiences.{name}.keywords: 关键词 {word!r} 应为非空文字")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
                raise RulesError(f"{src}: audiences.{name}.keywords.{word}: 权重应为正数，实际为 {weight!r}")
            clean[word.strip()] = float(weight)
        audiences[name] = AudienceRule(keywords=clean)
    missing = [a for a in AUDIENCES if a not in audiences]
    if missing:
        raise RulesError(f"{src}: audiences 缺少 {'、'.join(missing)}")
    rules = Rules(
        marker=marker.strip(),
        min_score=num("min_score"),
        max_per_page=num("max_per_page", int, 1),
        max_per_speech=num("max_per_speech", int, 1),
        max_chars=num("max_chars", int, 20),
        min_chars=num("min_chars", int, 0),
        per_keyword_cap=num("per_keyword_cap", int, 1),
        audience_bonus=num("audience_bonus"),
        audiences=audiences,
    )
    return rules
