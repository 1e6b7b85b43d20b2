"""Open the search box the way a reader does, and make sure it really opened.

Why a helper: on a loaded CI machine the first click can land while Material is still
binding its focus handler, so the input is focused but the search overlay never opens;
the results then render into a hidden list and a wait for a visible result times out
(seen once in CI on the offline package). A reader would click again; so does this.
"""

OPEN = "() => document.getElementById('__search') && document.getElementById('__search').checked"


def open_search(page, attempts: int = 3) -> None:
    """Click the search input until Material's search toggle is on (or fail with a reason)."""
    box = page.locator("input.md-search__input")
    for _ in range(attempts):
        box.click()
        try:
            page.wait_for_function(OPEN, timeout=3000)
            return
        except Exception:  # playwright TimeoutError: blur and click again, as a reader would
            page.evaluate("document.activeElement && document.activeElement.blur()")
    raise AssertionError(f"the search overlay did not open after {attempts} clicks on {page.url}")
