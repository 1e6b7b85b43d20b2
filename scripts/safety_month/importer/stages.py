"""The importer's real stages, each imported at its first call (pipeline.default_pipeline).

Importing the cleaning rules and compiling their patterns is about 0.3 s of CPU, which an
import whose sources are all unchanged (every `make build`) never needs; and reading works
even while a stage is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import CleanResult, RawDocument, Speech

if TYPE_CHECKING:
    from .render import RenderedPage


def clean(raw: RawDocument) -> CleanResult:
    from .clean import clean as stage
    return stage(raw)


def build_speeches(cleaned: CleanResult, raw: RawDocument) -> list[Speech]:
    from .structure import build_speeches as stage
    return stage(cleaned, raw)


def render_page(speech: Speech, raw: RawDocument, cleaned: CleanResult, source_file: str) -> RenderedPage:
    from .render import render_page as stage
    return stage(speech, raw, cleaned, source_file)


def page_relpath(speech: Speech, raw: RawDocument) -> str:
    from .render import page_relpath as stage
    return stage(speech, raw)


def is_hand_edited(text: str) -> bool:
    from safety_month.pages.contract import is_hand_edited as stage
    return stage(text)
