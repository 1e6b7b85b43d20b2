"""site_pages.page_url: templates link pages by source path, right in both URL modes."""

import pytest
from mkdocs.structure.files import File, Files

from safety_month.site import facts


def _files(use_directory_urls: bool) -> Files:
    return Files([File(src, "docs", "site", use_directory_urls)
                  for src in ("index.md", "library/index.md", "themes.md", "wujin/qiye.md", "assets/a.css")])


@pytest.mark.parametrize("directory_urls, expected", [
    (True, {"library/index.md": "library/", "themes.md": "themes/", "wujin/qiye.md": "wujin/qiye/"}),
    (False, {"library/index.md": "library/index.html", "themes.md": "themes.html",
             "wujin/qiye.md": "wujin/qiye.html"}),
])
def test_page_url_follows_use_directory_urls(directory_urls, expected):
    files = _files(directory_urls)
    assert {src: facts.page_url(files, src) for src in expected} == expected


@pytest.mark.parametrize("src", ["wujin/index.md", "assets/a.css"])
def test_missing_page_or_non_page_is_an_error_naming_it(src):
    with pytest.raises(ValueError, match=f"docs/{src}"):
        facts.page_url(_files(True), src)
