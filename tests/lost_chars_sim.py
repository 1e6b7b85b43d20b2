"""Synthetic damage of the kind seed 003 shows, made on known sentences, and a measurement of
how lost_chars restores it. Run as a script to print the figures:

    .venv/bin/python tests/lost_chars_sim.py [N]

The damage is simulated at the byte level, independently of the repair code:
  annotated  the lost character leaves "?" and its own pinyin: 進 → "?jìn)"
  shifted    the reader went one byte out of step over k characters: "?" + the pinyin of
             the pair (previous trail byte, first lead byte), then the remaining bytes read
             in pairs (full-width pairs normalized to ASCII, unreadable pairs dropped), the
             last odd byte as an ASCII letter (with the character's annotation) or "?"
  plain      k characters become a bare "?" (nothing left to restore from)
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

from safety_month.importer.clean import clean, lost_chars, script
from safety_month.importer.model import RawDocument

SOURCES = Path(__file__).resolve().parents[1] / "sources"
KINDS = ("annotated", "shifted", "plain")
VERDICTS = ("right", "wrong", "left", "missed")
_S2T = opencc.OpenCC("s2t")
_CJK = re.compile("[\u4e00-\u9fff]")


def reading(ch: str) -> str:
    return pinyin(ch, style=Style.TONE, heteronym=False)[0][0]


def gbk2(ch: str) -> bytes | None:
    try:
        data = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


def annotate(chars: list[str], simplified: list[str]) -> list[str]:
    """Each converted character followed by its pinyin, as the converter did."""
    return [c + (f"({reading(c)})" if c != s and _CJK.match(c) else "")
            for c, s in zip(chars, simplified)]


def damage(chars: list[str], simplified: list[str], i: int, k: int, kind: str) -> str | None:
    """The annotated text with characters i..i+k-1 damaged, or None if this place cannot
    carry that damage."""
    out = annotate(chars, simplified)
    span = chars[i:i + k]
    if not all(_CJK.match(c) and gbk2(c) for c in span + [chars[i - 1]]):
        return None
    if kind == "plain":
        piece = "?"
    elif kind == "annotated":
        if k != 1:
            return None
        piece = f"?{reading(span[0])})"
    else:
        data = b"".join(gbk2(c) for c in span)
        across = bytes((gbk2(chars[i - 1])[1], data[0]))
        try:
            across_ch = across.decode("gbk")
            piece = f"?{reading(across_ch)})" if _CJK.match(across_ch) else "?"
        except UnicodeDecodeError:
            piece = "?"
        rest = data[1:]
        for j in range(0, len(rest) - 1, 2):
            try:
                ch = rest[j:j + 2].decode("gbk")
            except UnicodeDecodeError:
                continue                       # an unreadable pair vanishes
            if "\uff01" <= ch <= "\uff5e":
                ch = unicodedata.normalize("NFKC", ch)
            piece += ch
        last = rest[-1]
        if last < 0x80:
            if not chr(last).isalpha():
                return None
            piece += chr(last) + (f"({reading(span[-1])})" if span[-1] != simplified[i + k - 1] else "")
        else:
            piece += "?"
    return "".join(out[:i]) + piece + "".join(out[i + k:])


def paragraphs() -> list[str]:
    """Clean simplified paragraphs of the four seeds that are not traditional."""
    out = []
    for path in sorted(SOURCES.glob("*.txt")):
        if path.name.startswith("003_"):
            continue
        text = clean(RawDocument(path=str(path), sha256="0", text=path.read_text(encoding="utf-8"),
                                 encoding="utf-8", kind="txt")).text
        out.extend(p for p in text.split("\n") if len(p) >= 40 and len(_CJK.findall(p)) >= 30)
    return out


def classify(result: str, truth: str, restored: bool) -> str:
    """right: the text is the original; left: the original with □ where characters are
    missing; wrong: the rule wrote a character the original does not have there; missed:
    damage the rule did not restore and did not mark (debris of the old kind remains)."""
    if result == truth:
        return "right"
    pattern = "".join(".{0,4}" if c == "□" else re.escape(c)
                      for c in re.sub("□+", "□", result))
    if "□" in result and re.fullmatch(pattern, truth):
        return "left"
    return "wrong" if restored else "missed"


def measure(n: int = 300, seed: int = 7) -> dict[str, dict[str, int]]:
    rng = random.Random(seed)
    paras = paragraphs()
    figures = {kind: dict.fromkeys(VERDICTS, 0) for kind in KINDS}
    wrong_examples: list[tuple] = []
    made = 0
    while made < n:
        simplified_text = rng.choice(paras)
        traditional = _S2T.convert(simplified_text)
        if len(traditional) != len(simplified_text):
            continue
        chars, simplified = list(traditional), list(simplified_text)
        kind = KINDS[made % len(KINDS)]
        k = 1 if kind == "annotated" else rng.choice((1, 1, 2, 3))
        i = rng.randrange(1, len(chars) - k - 1)
        damaged = damage(chars, simplified, i, k, kind)
        if damaged is None or not script.is_pinyin_annotated(damaged):
            continue
        made += 1
        truth = script.apply("".join(annotate(chars, simplified)))
        got = script.apply(damaged)
        _, repairs = lost_chars.repair(damaged)
        verdict = classify(got.text, truth.text, any(r.restored for r in repairs))
        figures[kind][verdict] += 1
        if verdict == "wrong" and len(wrong_examples) < 10:
            j = damaged.index("?")
            wrong_examples.append((kind, "".join(simplified[max(0, i - 4):i + k + 4]),
                                   got.text[max(0, i - 4):i + k + 4], damaged[j - 3:j + 16],
                                   [(r.before, r.after) for r in repairs]))
    figures["_wrong_examples"] = wrong_examples
    return figures


if __name__ == "__main__":
    figures = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    for kind in KINDS:
        f = figures[kind]
        print(f"{kind:10s} " + "  ".join(f"{v} {f[v]:4d}" for v in VERDICTS))
    total = {v: sum(figures[k][v] for k in KINDS) for v in VERDICTS}
    print(f"{'total':10s} " + "  ".join(f"{v} {total[v]:4d}" for v in VERDICTS))
    for example in figures["_wrong_examples"]:
        print("wrong:", example)
