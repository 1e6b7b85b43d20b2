"""Small stand-ins for the clean/structure/render stages, used by the importer's tests so
they exercise orchestration and storage on their own (the real stages have their own tests).

The fake page follows the speech page contract closely enough for the importer: YAML front
matter with title, source_file, review (line = line in the page) and generated_hash, where
the hash is the sha256 of the page with the hash value blanked.
"""

from __future__ import annotations

import hashlib
import re

import yaml

from safety_month.importer.pipeline import Pipeline
from safety_month.importer.render import RenderedPage
from safety_month.importer.model import Block, CleanResult, ReviewItem, RuleReport, Speech

PART_MARK = "【篇】"


def fake_clean(raw):
    reports = [RuleReport("fake.strip", 0)]
    text = raw.text
    if "广告" in text:
        report = RuleReport("fake.ads")
        for _ in range(text.count("广告")):
            report.add("广告", "")
        reports.append(report)
        text = text.replace("广告", "")
    review = [ReviewItem("fake.check", 1, "请核对第一行")]
    return CleanResult(text=text, reports=reports, review=review, source_url=raw.source_url)


def fake_build(cleaned, raw):
    chunks = [c for c in cleaned.text.split(PART_MARK) if c.strip()] or [cleaned.text]
    speeches = []
    for number, chunk in enumerate(chunks, 1):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()] or ["（空）"]
        speeches.append(Speech(
            title=lines[0][:30], blocks=[Block("p", line) for line in lines[1:]],
            part=number if len(chunks) > 1 else None,
            review=[ReviewItem("fake.check", 1, "请核对标题")],
        ))
    return speeches


def fake_relpath(speech, raw):
    suffix = f"-{speech.part}" if speech.part else ""
    return f"undated/undated-{raw.sha256[:8]}{suffix}.md"


def _hash(text: str) -> str:
    blanked = re.sub(r"^generated_hash: .*$", "generated_hash: ", text, flags=re.MULTILINE)
    return hashlib.sha256(blanked.encode("utf-8")).hexdigest()


def fake_render(speech, raw, cleaned, source_file):
    body = [f"{block.text}\n{{: #p-{n} }}\n" for n, block in enumerate(speech.blocks, 1)]
    meta = {"title": speech.title, "kind": "speech"}
    if speech.part:
        meta["part"] = speech.part
    meta["source_file"] = source_file
    meta["source_sha256"] = raw.sha256
    meta["import_changes"] = {r.rule: r.count for r in cleaned.reports if r.count}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    n_head = head.count("\n") + 6  # ---, review: lines, review_count, hash, ---, blank
    meta_review = [{"line": n_head + 1, "rule": item.rule, "message": item.message}
                   for item in speech.review]
    head += yaml.safe_dump({"review": meta_review, "review_count": len(meta_review)},
                           allow_unicode=True, sort_keys=False)
    text = "---\n" + head + "generated_hash: \n---\n\n" + "\n".join(body)
    return RenderedPage(text.replace("generated_hash: \n", f"generated_hash: {_hash(text)}\n", 1),
                        speech.title, meta_review)


def fake_is_hand_edited(text):
    match = re.search(r"^generated_hash: (\w+)$", text, flags=re.MULTILINE)
    return not match or match.group(1) != _hash(text)


FAKE = Pipeline(fake_clean, fake_build, fake_render, fake_relpath, fake_is_hand_edited)
