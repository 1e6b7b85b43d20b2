"""safety_month.checks.site.check_pages without workers (the live preview): a page whose bytes
are the very same object as at its last check is answered from that check; equal bytes read
again, changed bytes, or another src_uri are checked again (issues reported every time)."""

from __future__ import annotations

from safety_month import checks
from safety_month.checks import site


def test_the_same_bytes_object_is_not_checked_again(monkeypatch):
    calls = []
    real = checks.check_bytes
    monkeypatch.setattr(checks, "check_bytes", lambda *a: calls.append(a[0]) or real(*a))
    site._last.clear()
    data = "---\ntitle: 通知\n---\n\n全角，半角,混用。\n".encode()
    first = site.check_pages([("docs/a.md", "a.md", data)])
    again = site.check_pages([("docs/a.md", "a.md", data)])
    assert calls == ["docs/a.md"]
    assert [i.code for i in again.issues] == [i.code for i in first.issues] and again.issues
    assert again.pages["a.md"] is first.pages["a.md"]
    site.check_pages([("docs/a.md", "a.md", bytes(bytearray(data)))])          # equal, read again
    site.check_pages([("docs/a.md", "b.md", data)])                            # another page
    changed = site.check_pages([("docs/a.md", "a.md", data.replace("混用".encode(), "混合".encode()))])
    assert calls == ["docs/a.md"] * 4 and changed.issues
    unreadable = OSError(13, "Permission denied")
    site.check_pages([("docs/c.md", "c.md", unreadable)])
    site.check_pages([("docs/c.md", "c.md", unreadable)])
    assert calls[-2:] == ["docs/c.md", "docs/c.md"]                             # errors never kept
