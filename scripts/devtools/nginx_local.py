"""deploy/README.md followed literally, with Debian's nginx, in a temporary prefix.

Used by the deploy tests and `make lighthouse` to prove the deployment instructions work as
written, on the server a deployer starts from:

- `DebianNginx` lays out a fresh Debian 12 nginx configuration (devtools/nginx_debian/: the
  package's own nginx.conf and default site, unmodified) under a temporary prefix and runs
  it: the master as the current user, and, when that is root, the workers as www-data
  (Debian's `user www-data;`; nobody/nogroup where www-data does not exist), exactly like
  the packaged service. A file of the site that www-data cannot read is then answered 403,
  as on a real server (the tests' nginx used to run its workers as root and missed that).
- `readme_blocks` reads the command blocks of deploy/README.md (each marked by a
  `<!-- deploy-test: name -->` comment), and `DebianNginx.run` runs one with bash, after
  moving the server's absolute paths (/etc/nginx, /srv, /run, /var/log/nginx, /var/lib/nginx,
  /var/www) into the prefix. `nginx` and `systemctl` in those blocks are small stand-ins
  on PATH that run /usr/sbin/nginx with the prefix's configuration (systemctl knows only
  `reload nginx`, and returns once the new workers run).
- `ReadmeDeploy` is one deployment, root of a host or /anquan/ under the default site,
  done by the README's blocks in its order: pack, unpack, install, (the edits the README
  asks for: the listen port here), reload, publish.

Nothing else changes: the only edits to the shipped files are the prefix and the ports.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
README = DEPLOY / "README.md"
DEBIAN = Path(__file__).resolve().parent / "nginx_debian"

# Absolute paths of the server that move into the prefix: at the start of a word (not
# inside a relative path such as deploy/nginx/, nor inside a path already moved, whose
# prefix ends in a letter or digit).
_SERVER_PATH = re.compile(r"(?<![\w./-])/(?=(?:etc/nginx|srv|run|var/log/nginx|var/lib/nginx|var/www)(?:/|\b))")
_BLOCK = re.compile(r"<!-- deploy-test: ([\w-]+) -->\s*\n```sh\n(.*?)\n```", re.S)
_LISTEN = re.compile(r"^(\s*)listen\s+80\b([^;]*);", re.M)
_LISTEN6 = re.compile(r"^\s*listen\s+\[::\]:80\b[^;]*;\n", re.M)
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class NginxError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def readme_blocks(text: str | None = None) -> dict[str, str]:
    """name -> shell text of every `<!-- deploy-test: name -->` block of deploy/README.md."""
    text = README.read_text(encoding="utf-8") if text is None else text
    blocks: dict[str, str] = {}
    for name, body in _BLOCK.findall(text):
        if name in blocks:
            raise NginxError(f"{README}: two command blocks named {name!r}")
        blocks[name] = body
    return blocks


def in_prefix(text: str, prefix: Path) -> str:
    """text with the server's absolute paths moved under prefix (idempotent)."""
    return _SERVER_PATH.sub(f"{prefix}/", text)


def with_port(text: str, port: int) -> str:
    """A server block listening on 127.0.0.1:port instead of port 80 (IPv6 line dropped)."""
    return _LISTEN.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{port}{m.group(2)};", _LISTEN6.sub("", text))


def worker_user() -> str:
    """Debian's worker user where it exists, else the traditional unprivileged one."""
    try:
        pwd.getpwnam("www-data")
        return "www-data"
    except KeyError:
        return "nobody nogroup"


class DebianNginx:
    """A fresh Debian nginx configuration under `prefix`, the default site on default_port."""

    def __init__(self, prefix: Path, default_port: int):
        if not Path(NGINX).exists():
            raise NginxError(f"nginx not found at {NGINX} (apt-get install nginx-light)")
        if not MIME_TYPES.is_file():
            raise NginxError(f"{MIME_TYPES} missing (apt-get install nginx-common)")
        self.prefix = Path(prefix)
        self.default_port = default_port
        self.process: subprocess.Popen | None = None
        etc = self.etc
        for sub in ("conf.d", "snippets", "sites-available", "sites-enabled", "modules-enabled"):
            (etc / sub).mkdir(parents=True, exist_ok=True)
        for sub in ("run", "var/log/nginx", "var/lib/nginx", "var/www/html", "bin"):
            (self.prefix / sub).mkdir(parents=True, exist_ok=True)
        # The workers must reach the site through every folder above it, as on a server.
        os.chmod(self.prefix, 0o755)
        conf = in_prefix((DEBIAN / "nginx.conf").read_text(encoding="utf-8"), self.prefix)
        conf = conf.replace("user www-data;", f"user {worker_user()};", 1)
        # Debian's binary keeps request bodies etc. in /var/lib/nginx (compiled in): moved too.
        temps = "".join(f"\t{name}_temp_path {self.prefix}/var/lib/nginx/{name.split('_')[0]};\n"
                        for name in TEMP_PATHS)
        conf = conf.replace("http {\n", "http {\n" + temps, 1)
        (etc / "nginx.conf").write_text(conf, encoding="utf-8")
        shutil.copyfile(MIME_TYPES, etc / "mime.types")
        default = with_port(in_prefix((DEBIAN / "sites-available-default").read_text(encoding="utf-8"),
                                      self.prefix), default_port)
        (etc / "sites-available" / "default").write_text(default, encoding="utf-8")
        (etc / "sites-enabled" / "default").symlink_to(etc / "sites-available" / "default")
        self._write_stand_ins()

    @property
    def etc(self) -> Path:
        return self.prefix / "etc" / "nginx"

    @property
    def conf(self) -> Path:
        return self.etc / "nginx.conf"

    @property
    def error_log_path(self) -> Path:
        return self.prefix / "var" / "log" / "nginx" / "error.log"

    def server_path(self, path: str) -> Path:
        """Where the server's absolute path (/srv/anquan/site) is in the prefix."""
        return Path(in_prefix(path, self.prefix))

    def nginx_args(self) -> list[str]:
        return [NGINX, "-c", str(self.conf), "-e", str(self.error_log_path)]

    def _write_stand_ins(self) -> None:
        bin_dir = self.prefix / "bin"
        nginx = bin_dir / "nginx"
        nginx.write_text("#!/bin/sh\nexec " + " ".join(f"'{a}'" for a in self.nginx_args()) + ' "$@"\n',
                         encoding="utf-8")
        systemctl = bin_dir / "systemctl"
        systemctl.write_text(
            f"#!{sys.executable}\n"
            "# Stand-in for systemctl in the deploy tests (devtools.nginx_local).\n"
            "import sys\n"
            f"sys.path.insert(0, {str(ROOT / 'scripts')!r})\n"
            "from devtools.nginx_local import systemctl_main\n"
            f"sys.exit(systemctl_main({str(self.prefix)!r}, sys.argv[1:]))\n",
            encoding="utf-8")
        for path in (nginx, systemctl):
            path.chmod(0o755)

    # --- running ---------------------------------------------------------------------

    def run(self, script: str, cwd: Path, **subs: str) -> subprocess.CompletedProcess:
        """One README block, its server paths moved into the prefix, with bash -e in cwd.
        subs replace `name=value` assignments at the start of a line (the values a reader
        types in, such as the release to go back to)."""
        for name, value in subs.items():
            script, count = re.subn(rf"^{name}=\S*$", f"{name}={value}", script, flags=re.M)
            if count != 1:
                raise NginxError(f"README block has no single line '{name}=…' to fill in")
        env = dict(os.environ, PATH=f"{self.prefix / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}")
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", in_prefix(script, self.prefix)],
                                cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise NginxError(f"README block failed ({result.returncode}):\n{script}\n--- stdout\n"
                             f"{result.stdout}\n--- stderr\n{result.stderr}\n--- error.log\n{self.error_log()}")
        return result

    def localize(self, ports: dict[str, int]) -> None:
        """The edits a deployer makes after installing the files, here: every installed file
        pointed into the prefix, and the listen port of the named sites-available files."""
        for path in sorted(self.etc.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix in (".conf", "") and path.name != "mime.types":
                text = path.read_text(encoding="utf-8")
                new = in_prefix(text, self.prefix)
                if path.parent.name == "sites-available" and path.name in ports:
                    new = with_port(new, ports[path.name])
                if new != text:
                    path.write_text(new, encoding="utf-8")

    def check(self) -> str:
        """`nginx -t`; raises with nginx's own words."""
        result = subprocess.run([*self.nginx_args(), "-t"], capture_output=True, text=True)
        if result.returncode != 0:
            raise NginxError(f"nginx -t failed:\n{result.stderr}")
        return result.stderr

    def start(self, timeout: float = 10.0) -> "DebianNginx":
        """The master in the foreground (as the packaged service runs it, minus the daemon)."""
        self.check()
        self.process = subprocess.Popen([*self.nginx_args(), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NginxError(f"nginx exited: {self.process.stderr.read()}\n{self.error_log()}")
            if self.workers() and _listening(self.default_port):
                return self
            time.sleep(0.05)
        self.stop()
        raise NginxError(f"nginx did not start within {timeout} s:\n{self.error_log()}")

    def master_pid(self) -> int | None:
        if self.process and self.process.poll() is None:
            return self.process.pid
        try:
            return int((self.prefix / "run" / "nginx.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def workers(self) -> dict[int, str]:
        """pid -> user name of each worker process of the running master."""
        master = self.master_pid()
        out: dict[int, str] = {}
        if master is None:
            return out
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                status = (proc / "status").read_text()
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields.get("PPid", "0").strip() or 0) == master and b"worker process" in cmdline:
                uid = int(fields["Uid"].split()[1])   # effective uid
                out[int(proc.name)] = pwd.getpwuid(uid).pw_name
        return out

    def reload(self, timeout: float = 15.0) -> None:
        """`nginx -s reload`, returning once the old workers are gone and new ones run (so
        the next request is answered with the new configuration)."""
        old = set(self.workers())
        result = subprocess.run([*self.nginx_args(), "-s", "reload"], capture_output=True, text=True)
        if result.returncode != 0:
            raise NginxError(f"nginx -s reload failed:\n{result.stderr}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = set(self.workers())
            if now and not (now & old):
                return
            time.sleep(0.05)
        raise NginxError(f"nginx kept its old workers after reload (configuration refused?):\n{self.error_log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)   # graceful, as systemctl stop does
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def error_log(self) -> str:
        log = self.error_log_path
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def systemctl_main(prefix: str, argv: list[str]) -> int:
    """The systemctl stand-in on the README blocks' PATH: only `reload nginx`."""
    if argv != ["reload", "nginx"]:
        print(f"systemctl (deploy test stand-in): only 'reload nginx' is supported, got {argv}", file=sys.stderr)
        return 2
    server = DebianNginx.__new__(DebianNginx)
    server.prefix, server.process = Path(prefix), None
    try:
        server.reload()
    except NginxError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


# --- one deployment by the README ---------------------------------------------------------

@dataclass
class ReadmeDeploy:
    """deploy/README.md done step by step: `layout` "root" (a host of its own, on `port`)
    or "subpath" (/anquan/ inside Debian's default site, on `port`).

    Folders: workdir/build is the build machine's checkout (deploy/ and the built site/,
    build into `build_site`); workdir/server the administrator's folder on the server;
    the server itself (/etc/nginx, /srv …) is a world-readable temporary prefix, removed by
    stop(), since the workers (www-data) must be able to reach the site through it."""

    layout: str
    workdir: Path
    port: int
    server: DebianNginx | None = None
    prefix: Path | None = None
    releases: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.layout not in ("root", "subpath"):
            raise ValueError(f"layout must be root or subpath, not {self.layout!r}")
        self.workdir = Path(self.workdir)
        (self.workdir / "build").mkdir(parents=True, exist_ok=True)
        deploy = self.workdir / "build" / "deploy"
        if not deploy.exists():
            shutil.copytree(DEPLOY, deploy)

    @property
    def build_site(self) -> Path:
        return self.workdir / "build" / "site"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def home(self) -> str:
        return self.url + ("anquan/" if self.layout == "subpath" else "")

    @property
    def checkout(self) -> Path:
        """The unpacked anquan-site folder on the server, where the README's commands run."""
        return self.workdir / "server" / "anquan-site"

    @property
    def live(self) -> Path:
        """/srv/anquan/site in the prefix (the symbolic link to the current release)."""
        return self.server.server_path("/srv/anquan/site")

    def step(self, name: str, **subs: str) -> subprocess.CompletedProcess:
        cwd = self.checkout if self.checkout.is_dir() else self.workdir / "server"
        return self.server.run(readme_blocks()[name], cwd, **subs)

    def start(self) -> "ReadmeDeploy":
        """A fresh server, then every README step up to the first release being live."""
        self.install()
        self.publish()
        return self

    def install(self) -> "ReadmeDeploy":
        if not self.build_site.is_dir():
            raise NginxError(f"build the site into {self.build_site} first")
        self.prefix = Path(tempfile.mkdtemp(prefix="anquan-deploy-"))
        default_port = free_port() if self.layout == "root" else self.port
        self.server = DebianNginx(self.prefix, default_port).start()
        self.server.run(readme_blocks()["pack"], self.workdir / "build")
        (self.workdir / "server").mkdir(exist_ok=True)
        shutil.copy2(self.workdir / "build" / "anquan-site.tar.gz", self.workdir / "server")
        self.step("unpack")
        if self.layout == "root":
            self.step("install-root")
            self.server.localize({"anquan.conf": self.port})
        else:
            self.step("install-subpath")
            default = self.server.etc / "sites-available" / "default"
            text = default.read_text(encoding="utf-8")
            # The README's edit: one include line inside the existing server { }.
            default.write_text(text.replace("server {\n", "server {\n\tinclude /etc/nginx/snippets/anquan-subpath.conf;\n", 1),
                               encoding="utf-8")
            self.server.localize({})
        self.step("reload")
        return self

    def publish(self) -> str:
        """The README's publish block; returns the new release's name."""
        if self.releases:   # release names are the time to the second
            time.sleep(max(0.0, 1.05 - (time.time() % 1)))
        self.step("publish")
        name = os.readlink(self.live).rsplit("/", 1)[-1]
        self.releases.append(name)
        return name

    def stop(self) -> None:
        if self.server:
            self.server.stop()
        if self.prefix and self.prefix.exists():
            shutil.rmtree(self.prefix)

    def __enter__(self) -> "ReadmeDeploy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
