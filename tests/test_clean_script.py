from pathlib import Path

from safety_month.clean import script

SEED = Path(__file__).resolve().parents[1] / "sources" / "003_76533f23ec9cc237.txt"


def test_pinyin_annotations_removed_and_converted():
    out, traditional = script.apply("踐行安全發(fā)展理念,堅(jiān)守安全生產(chǎn)底線(xiàn)。綠(lǜ)色")
    assert traditional
    assert out.text == "践行安全发展理念,坚守安全生产底线。绿色"
    assert out.report.count > 0


def test_simplified_text_is_not_touched():
    text = "保障一方平安，推动经济发展。会议于10:30开始(a)。"
    out, traditional = script.apply(text)
    assert not traditional
    assert out.text == text


def test_few_annotations_are_not_a_pinyin_document():
    text = "“安全”的拼音是ān(ān)，请注意(a)项。"
    out, _ = script.apply(text)
    assert out.text == text


def test_double_comma_collapsed():
    out, _ = script.apply("第一,,第二，，第三")
    assert out.text == "第一,第二，第三"


def test_seed_003_lost_characters_are_removed_and_listed():
    out, traditional = script.apply(SEED.read_text(encoding="utf-8"))
    assert traditional
    assert "?" not in out.text and "(" not in out.text
    assert "槠" not in out.text and "獍" not in out.text
    lost = [r for r in out.review if r.rule == "script.lost_char"]
    assert len(lost) == 5
    lines = out.text.split("\n")
    # each item points at the damaged paragraph
    assert "转变日常" in lines[lost[0].line - 1]
    assert any("领域整治" in lines[r.line - 1] for r in lost)   # 专项
    assert any("梳理、消防" in lines[r.line - 1] for r in lost)  # 危化品
    assert any("瓶装燃、" in lines[r.line - 1] for r in lost)    # 燃气
    assert all("请对照原件" in r.message for r in lost)


def test_placeholder_x_survives_in_a_pinyin_document():
    text = "X同志強(qiáng)調(diào)," * 3 + "發(fā)展(zhǎn)" + "，這是關於會議的說明。" * 3
    out, _ = script.apply(text)
    assert out.text.startswith("X同志强调,")
