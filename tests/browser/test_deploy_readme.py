"""deploy/README.md works in the order written, on the server a deployer starts from.

Every command block of the README is run verbatim (devtools.nginx_local: only the
server's paths move into a temporary prefix, and port 80 becomes a free port) against
Debian's own nginx configuration, for a host of its own and for /anquan/ inside Debian's
default site. When the tests run as root (as `make test` does), nginx's master is root and
its workers www-data, like the packaged service, so a file www-data cannot read is a 403.
"""

from __future__ import annotations

import os
import shutil
import stat
import urllib.error
import urllib.request

import pytest

from safety_month.publish import csp
from devtools.nginx_local import ReadmeDeploy, free_port, readme_blocks

pytestmark = pytest.mark.browser

LAYOUTS = ["root_deploy", "subpath_deploy"]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def header(url: str, name: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.headers[name]
    except urllib.error.HTTPError as e:
        return e.headers[name]


def _need_root() -> None:
    """Only a root master can run its workers as another user (nginx ignores `user` else)."""
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs the deploy tests as root (workers as www-data); this run is not root")
        pytest.skip("not root: nginx cannot run its workers as www-data, so file permissions go untested")


def _policy(site) -> str:
    return (site / csp.OUTPUT_DIR / csp.POLICY_TEXT).read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("layout", ["root", "subpath"])
def test_steps_in_order_on_a_fresh_server_nginx_t_before_any_site(layout, root_deploy, tmp_path):
    """install → `nginx -t && systemctl reload nginx` with no site copied yet (the
    configuration once included a file from inside the site, so nginx -t failed here),
    then the old layout's upgrade step, then publish."""
    fresh = ReadmeDeploy(layout, tmp_path / layout, free_port())
    shutil.copytree(root_deploy.site, fresh.build_site)   # any built site will do here
    # The site's pages have no inline script, so its policy equals the placeholder: give this
    # copy a policy of its own (one more script hash), to see that publishing installs it.
    own = "script-src 'self' " + csp.hash_source("var build = 1;")
    for name in (csp.NGINX_SNIPPET, csp.POLICY_TEXT):
        path = fresh.build_site / csp.OUTPUT_DIR / name
        path.write_text(path.read_text(encoding="utf-8").replace("script-src 'self'", own, 1), encoding="utf-8")
    try:
        fresh.install()              # ran the README's reload block, `nginx -t` first
        assert not fresh.live.exists() and not fresh.live.is_symlink()
        assert "syntax is ok" in fresh.server.check()
        assert status(fresh.home) in (403, 404)    # nginx runs; nothing published yet
        placeholder = header(fresh.home, "Content-Security-Policy")
        assert placeholder == csp.build_policy(csp.Inventory())   # deploy/nginx/anquan-csp.conf

        # A server deployed by the old instructions: /srv/anquan/site is a plain folder.
        fresh.live.mkdir(parents=True)
        (fresh.live / "index.html").write_text("old")
        fresh.step("upgrade")
        assert (fresh.server.server_path("/srv/anquan/releases/old/index.html")).read_text() == "old"

        release = fresh.publish()
        assert os.readlink(fresh.live) == f"releases/{release}"
        assert status(fresh.home) == 200
        assert header(fresh.home, "Content-Security-Policy") == _policy(fresh.build_site) != placeholder
    finally:
        fresh.stop()


@pytest.mark.parametrize("deploy", LAYOUTS)
def test_workers_run_as_www_data(deploy, request):
    _need_root()
    server = request.getfixturevalue(deploy).server
    users = set(server.workers().values())
    assert users and users <= {"www-data", "nobody"}, users


@pytest.mark.parametrize("deploy", LAYOUTS)
def test_every_deployed_file_is_served(deploy, request):
    """Each file the build wrote, fetched through nginx's unprivileged workers."""
    server = request.getfixturevalue(deploy)
    live = server.live.resolve()
    files = [p.relative_to(live).as_posix() for p in sorted(live.rglob("*"))
             if p.is_file() and not p.relative_to(live).as_posix().startswith("_deploy/")]
    assert "search/search_index.json" in files and len(files) > 50
    refused = {rel: status(server.home + rel) for rel in files}
    assert {rel: code for rel, code in refused.items() if code != 200} == {}
    # cp -a kept the modes the build gave: readable by others, folders traversable
    assert not [p for p in live.rglob("*") if p.is_file() and not p.stat().st_mode & stat.S_IROTH]


@pytest.mark.parametrize("deploy", LAYOUTS)
def test_a_file_www_data_cannot_read_is_a_403(deploy, request):
    """The regression the deploy tests once missed: the search index with mode 0600."""
    _need_root()
    server = request.getfixturevalue(deploy)
    index = server.live / "search" / "search_index.json"
    url = server.home + "search/search_index.json"
    assert status(url) == 200
    mode = stat.S_IMODE(index.stat().st_mode)
    os.chmod(index, 0o600)
    try:
        assert status(url) == 403
    finally:
        os.chmod(index, mode)
    assert status(url) == 200


def test_second_release_rollback_and_prune(root_deploy):
    """publish again (atomic switch), go back with the rollback block, delete the newer
    release with the prune block: the deployment ends as it began."""
    first = root_deploy.releases[-1]
    second = root_deploy.publish()
    assert second != first and os.readlink(root_deploy.live) == f"releases/{second}"
    assert status(root_deploy.home) == 200

    out = root_deploy.step("rollback", stamp=first).stdout
    assert first in out and second in out          # the `ls` of the releases
    assert os.readlink(root_deploy.live) == f"releases/{first}"
    assert status(root_deploy.home) == 200
    assert header(root_deploy.home, "Content-Security-Policy") == _policy(root_deploy.site)

    out = root_deploy.step("prune", old=second).stdout
    assert out.strip() == f"releases/{first}"       # readlink shows the current release
    assert sorted(os.listdir(root_deploy.server.server_path("/srv/anquan/releases"))) == [first]
    root_deploy.releases.remove(second)
    assert not (root_deploy.live.parent / "site.new").exists()


def test_every_readme_block_is_run_by_these_tests():
    assert set(readme_blocks()) == {"pack", "unpack", "install-root", "install-subpath", "reload",
                                    "publish", "upgrade", "rollback", "prune"}
