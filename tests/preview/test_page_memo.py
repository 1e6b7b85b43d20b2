from safety_month.preview.memo import PageMemo


def test_same_input_is_filtered_once_and_old_entries_go():
    calls = []

    def upper(text):
        calls.append(text)
        return text.upper()

    memo = PageMemo(upper, max_entries=2)
    assert memo("<p>a</p>") == "<P>A</P>" and memo("<p>a</p>") == "<P>A</P>"
    assert calls == ["<p>a</p>"] and memo.hits == 1
    memo("b"), memo("c")            # "<p>a</p>" is now the oldest and is dropped
    assert memo("<p>a</p>") == "<P>A</P>" and calls == ["<p>a</p>", "b", "c", "<p>a</p>"]
