"""deploy/: what the shipped files promise, checked without a server.

(The files themselves are run by tests/browser/test_deploy_readme.py and
test_deploy_nginx.py on Debian's nginx.)
"""

from __future__ import annotations

import re
from pathlib import Path

from safety_month.publish import csp
from devtools.nginx_local import DEPLOY, README, in_prefix, readme_blocks, with_port

NGINX_DIR = DEPLOY / "nginx"
CJK = re.compile(r"[\u4e00-\u9fff]")


def conf_files() -> list[Path]:
    return sorted(NGINX_DIR.glob("*.conf"))


def test_placeholder_policy_is_the_builds_policy_without_hashes():
    text = (NGINX_DIR / "anquan-csp.conf").read_text(encoding="utf-8")
    directives = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert directives == [f'add_header Content-Security-Policy "{csp.build_policy(csp.Inventory())}" always;']
    # ... and the build's own snippet has the same one-line form, so installing it over the
    # placeholder (deploy/README.md, publish) swaps exactly that header.
    built = csp.nginx_snippet("default-src 'none'")
    assert [line for line in built.splitlines() if not line.startswith("#")] == \
        ["add_header Content-Security-Policy \"default-src 'none'\" always;"]


def test_configuration_includes_nothing_from_the_site_folder():
    """`nginx -t` must pass before the first site is copied (fresh server, README order)."""
    for path in conf_files():
        for include in re.findall(r"^\s*include\s+([^;]+);", path.read_text(encoding="utf-8"), re.M):
            assert include.startswith("/etc/nginx/"), f"{path.name}: include {include}"
    for name in ("anquan-root.conf", "anquan-subpath.conf"):
        assert "include /etc/nginx/snippets/anquan-csp.conf;" in (NGINX_DIR / name).read_text(encoding="utf-8")


def test_no_tool_a_base_debian_lacks():
    text = README.read_text(encoding="utf-8")
    commands = "\n".join(readme_blocks().values())
    assert "rsync" not in commands and "rsync -" not in text
    used = {line.split()[0] for block in readme_blocks().values() for line in block.splitlines()
            if line.strip() and not line.startswith((" ", "\t")) and "=" not in line.split()[0]}
    assert used <= {"tar", "mkdir", "cd", "install", "ln", "nginx", "cp", "mv", "ls", "readlink", "rm"}, used


def test_readme_is_chinese_first_with_a_short_english_section_last():
    text = README.read_text(encoding="utf-8")
    first_heading = next(line for line in text.splitlines() if line.startswith("# "))
    assert CJK.search(first_heading)
    sections = re.split(r"^## ", text, flags=re.M)
    assert sections[-1].startswith("English\n")
    english = sections[-1]
    assert len(english) < len(text) / 4 and not CJK.search(english.replace("安全生产月", ""))
    # every command block but the build (run by the tests through mkdocs with SITE_URL) is
    # marked for test_deploy_readme.py
    fences = re.findall(r"(<!-- deploy-test: [\w-]+ -->\s*\n)?```sh\n", text)
    assert fences.count("") == 1 and len(fences) == len(readme_blocks()) + 1


def test_prefix_and_port_edits_touch_only_server_paths_and_port_80():
    text = ("root /srv/anquan/site;\ninclude /etc/nginx/snippets/x.conf;\n"
            "install -m 644 deploy/nginx/a.conf /etc/nginx/conf.d/\nln -sfn releases/$s /srv/anquan/site.new\n")
    moved = in_prefix(text, Path("/tmp/p1"))
    assert moved == ("root /tmp/p1/srv/anquan/site;\ninclude /tmp/p1/etc/nginx/snippets/x.conf;\n"
                     "install -m 644 deploy/nginx/a.conf /tmp/p1/etc/nginx/conf.d/\n"
                     "ln -sfn releases/$s /tmp/p1/srv/anquan/site.new\n")
    assert in_prefix(moved, Path("/tmp/p1")) == moved
    server = "server {\n    listen 80;\n    listen [::]:80;\n    listen 8080;\n}\n"
    assert with_port(server, 4321) == "server {\n    listen 127.0.0.1:4321;\n    listen 8080;\n}\n"
    assert "listen 127.0.0.1:4321 default_server;" in with_port("\tlisten 80 default_server;\n", 4321)
