"""Run the shipped nginx configuration (deploy/nginx/) on 127.0.0.1, unchanged but for paths.

Used by the test suite to prove the deploy files work: the same server block deployers
install, with the install paths pointed at a temporary folder and `listen` at a free local
port. Nothing here is a second configuration to keep in sync: only the paths below change.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"

# The install paths written in deploy/nginx/*.conf (see deploy/README.md).
SNIPPETS_DIR = "/etc/nginx/snippets/"
ROOT_SITE = "/srv/anquan/site"
SUBPATH_PARENT = "/srv/www"
SUBPATH = "anquan"


class NginxError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(text: str, *, snippets: Path, site: Path | None = None, www: Path | None = None,
           port: int | None = None) -> str:
    """A deploy file with its install paths (and listen port) replaced."""
    out = text.replace(SNIPPETS_DIR, f"{snippets}/")
    if site is not None:
        out = out.replace(ROOT_SITE, str(site))
    if www is not None:
        out = out.replace(SUBPATH_PARENT, str(www))
    if port is not None:
        out = out.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;\n", "")
    return out


@dataclass
class LocalNginx:
    """nginx serving a built site with deploy/nginx/, root or subpath variant."""

    workdir: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @classmethod
    def root(cls, site: Path, workdir: Path, port: int) -> "LocalNginx":
        """Serve site at http://127.0.0.1:port/ with anquan-root.conf."""
        return cls._setup(workdir, port, server=lambda snippets: render(
            (DEPLOY / "anquan-root.conf").read_text(encoding="utf-8"), snippets=snippets, site=site, port=port))

    @classmethod
    def subpath(cls, www: Path, workdir: Path, port: int) -> "LocalNginx":
        """Serve www/anquan at http://127.0.0.1:port/anquan/ with anquan-subpath.conf."""
        def server(snippets: Path) -> str:
            (snippets / "anquan-subpath.conf").write_text(render(
                (DEPLOY / "anquan-subpath.conf").read_text(encoding="utf-8"), snippets=snippets, www=www),
                encoding="utf-8")
            return (
                "server {\n"
                f"    listen 127.0.0.1:{port};\n"
                "    server_name example.org;\n"
                "    location = / { return 200 'host root\\n'; }\n"
                f"    include {snippets}/anquan-subpath.conf;\n"
                "}\n"
            )
        return cls._setup(workdir, port, server=server)

    @classmethod
    def _setup(cls, workdir: Path, port: int, server) -> "LocalNginx":
        if not Path(NGINX).exists():
            raise NginxError(f"nginx not found at {NGINX} (apt-get install nginx-light)")
        snippets = workdir / "snippets"
        snippets.mkdir(parents=True, exist_ok=True)
        for name in ("anquan-headers.conf", "anquan-gzip.conf"):
            shutil.copy(DEPLOY / name, snippets / name)
        for sub in ("logs", "tmp"):
            (workdir / sub).mkdir(exist_ok=True)
        # Workers run as the user nginx starts as (root may read the pytest temp folders).
        user = ""
        if os.geteuid() == 0:
            user = "user root root;\n"
        conf = (
            f"{user}worker_processes 1;\n"
            "daemon off;\n"
            f"pid {workdir}/nginx.pid;\n"
            f"error_log {workdir}/logs/error.log warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            f"    include {MIME_TYPES};\n"
            "    default_type application/octet-stream;\n"
            f"    access_log {workdir}/logs/access.log;\n"
            f"    client_body_temp_path {workdir}/tmp/body;\n"
            f"    proxy_temp_path {workdir}/tmp/proxy;\n"
            f"    fastcgi_temp_path {workdir}/tmp/fastcgi;\n"
            f"    uwsgi_temp_path {workdir}/tmp/uwsgi;\n"
            f"    scgi_temp_path {workdir}/tmp/scgi;\n"
            f"    include {DEPLOY / 'anquan-http.conf'};\n"
            + "\n".join("    " + line if line else "" for line in server(snippets).splitlines())
            + "\n}\n"
        )
        (workdir / "nginx.conf").write_text(conf, encoding="utf-8")
        return cls(workdir=workdir, port=port)

    def check(self) -> str:
        """`nginx -t` on the rendered configuration; raises with nginx's own words."""
        result = subprocess.run([NGINX, "-t", "-p", str(self.workdir), "-c", str(self.workdir / "nginx.conf")],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise NginxError(f"nginx -t failed:\n{result.stderr}")
        return result.stderr

    def start(self, timeout: float = 10.0) -> "LocalNginx":
        self.check()
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.workdir), "-c", str(self.workdir / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NginxError(f"nginx exited: {self.process.stderr.read()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise NginxError(f"nginx did not listen on 127.0.0.1:{self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def error_log(self) -> str:
        log = self.workdir / "logs" / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def __enter__(self) -> "LocalNginx":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
