"""The site footer's facts from `extra` in mkdocs.yml (overrides/partials/copyright.html):
主办单位, 联系方式, ICP 备案号 and 公安备案号, each shown only when set, with the two 备案 links
Chinese sites carry (the MIIT register for the ICP number; the police register, which takes
the number's digits as recordcode, for the 公网安备 number).

    footer(extra) -> dict

Pure; values are stripped strings, anything else counts as not set.
"""

from __future__ import annotations

import re
from typing import Mapping

ICP_LINK = "https://beian.miit.gov.cn/"
POLICE_LINK = "https://beian.mps.gov.cn/#/query/webSearch?code="
# 京公网安备 11010502030143号 -> 11010502030143 (the register's record code)
_POLICE_CODE = re.compile(r"(\d{10,20})")
FIELDS = ("organizer", "contact", "icp", "police_beian")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def police_code(number: str) -> str | None:
    m = _POLICE_CODE.search(number)
    return m.group(1) if m else None


def footer(extra: Mapping) -> dict:
    values = {key: _text(extra.get(key)) for key in FIELDS}
    code = police_code(values["police_beian"]) if values["police_beian"] else None
    return {
        **values,
        "icp_link": ICP_LINK if values["icp"] else "",
        "police_link": POLICE_LINK + code if code else "",
        "any": any(values.values()),
    }
