"""text.han: the one definition of a Han character, used by the importer and the checks."""

from __future__ import annotations

import re

from safety_month.text import han
from tests import paths


def test_blocks():
    assert han.is_han("安") and han.is_han("\u3400") and han.is_han("\uf900")
    assert han.is_han("\U00020000")                         # extension B, beyond the BMP
    assert not han.is_han("a") and not han.is_han("，") and not han.is_han("")
    bmp = re.compile(f"[{han.HAN_BMP}]")
    assert bmp.match("安") and not bmp.match("\U00020000")   # the importer's scanning class
    assert re.fullmatch(f"[{han.HAN_COMMON}]+", "安全生产") and not re.match(f"[{han.HAN_COMMON}]", "\u3400")


def test_the_rooms_use_this_definition():
    from safety_month.checks import cjk
    from safety_month.importer.clean import base
    from safety_month.text import chinese

    assert cjk.HAN is han.HAN and chinese.CJK_CHARS is han.HAN and base.CJK is han.HAN_BMP


def test_no_module_writes_its_own_han_range():
    """No other module of the importer, the checks or text spells the Han ranges itself."""
    spelled = re.compile(r"4e00-\\u9fff|\u4e00-\u9fff|3400-\\u4dbf")
    package = paths.ROOT / "scripts" / "safety_month"
    found = [str(p.relative_to(package)) for room in ("importer", "checks", "text")
             for p in sorted((package / room).rglob("*.py"))
             if p.name != "han.py" and spelled.search(p.read_text(encoding="utf-8"))]
    assert found == []
