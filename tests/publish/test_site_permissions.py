"""Every file of the built site is readable by a web server that does not own it.

nginx on Debian runs its workers as www-data; the build runs as the deployer. A file written
with mode 0600 (tempfile.mkstemp renamed into place, as the search index once was) is
answered with 403 there, and search never starts. Built with the umask of a deployer's shell
(tests.conftest.BUILD_UMASK, 022), every file must be rw-r--r-- and every folder rwxr-xr-x,
exactly what plain open()/mkdir() give: no writer of the build may do otherwise.
"""

from __future__ import annotations

import stat

from tests.conftest import BUILD_UMASK


def modes(site):
    files, dirs = {}, {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        (dirs if path.is_dir() else files)[rel] = stat.S_IMODE(path.lstat().st_mode)
    return files, dirs


def test_every_built_file_is_world_readable_and_every_folder_world_traversable(built_site):
    files, dirs = modes(built_site)
    assert "search/search_index.json" in files and "_deploy/csp.nginx.conf" in files and len(files) > 50
    assert not [p for p in built_site.rglob("*") if p.is_symlink()]
    unreadable = {rel: oct(m) for rel, m in files.items() if not m & stat.S_IROTH}
    closed = {rel: oct(m) for rel, m in dirs.items() if (m & 0o005) != 0o005}
    assert unreadable == {} and closed == {}
    # ... and exactly the modes open() and mkdir() give under that umask: none stands out.
    assert {rel: oct(m) for rel, m in files.items() if m != 0o666 & ~BUILD_UMASK} == {}
    assert {rel: oct(m) for rel, m in dirs.items() if m != 0o777 & ~BUILD_UMASK} == {}
