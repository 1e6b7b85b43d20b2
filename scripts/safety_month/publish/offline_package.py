"""The offline edition: the site built to be opened from disk (file://) and shipped as a zip.

It is mkdocs.yml with four changes, applied in code so it can never drift from the online
configuration: Material's offline plugin on (links end in index.html, the search index is
also written as search/search_index.js), no site_url (no canonical links to a host the
reader may not reach), and the iframe-worker shim served from the build itself. Material's
plugin would otherwise add the shim from unpkg.com, which intranets cannot reach, and
without the shim a browser refuses to start the search worker from file://.
The shim comes from npm (package.json, iframe-worker) at build time; nothing is committed.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from safety_month.atomic import replacing
from .outside_refs import own_hosts_for, scan_tree

SHIM_PACKAGE = Path("node_modules") / "iframe-worker" / "shim" / "index.js"
# The offline plugin adds unpkg.com unless a polyfill URL contains "iframe-worker".
SHIM_DEST = "assets/javascripts/iframe-worker/shim.js"
OFFLINE_HOOK = "scripts/hooks/publish_offline_package.py"
ZIP_FOLDER = "anquan-offline"
# Fixed timestamp for zip entries, so the same build gives the same zip.
ZIP_DATE = (2002, 6, 1, 0, 0, 0)


class OfflineBuildError(RuntimeError):
    pass


def shim_path(root: Path) -> Path:
    path = root / SHIM_PACKAGE
    if not path.is_file():
        raise OfflineBuildError(
            f"{path} is missing: the offline build needs npm's iframe-worker shim "
            "(run `make npm`, or `npm ci`)."
        )
    return path


def config_overrides(raw: dict) -> dict:
    """load_config() keyword overrides turning mkdocs.yml (as parsed) into the offline build."""
    plugins = list(raw.get("plugins") or [])
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if "offline" not in names and "material/offline" not in names:
        plugins.append("offline")
    hooks = list(raw.get("hooks") or [])
    if OFFLINE_HOOK not in hooks:
        hooks.append(OFFLINE_HOOK)
    extra = dict(raw.get("extra") or {})
    extra["polyfills"] = [SHIM_DEST]
    return {
        "plugins": plugins,
        "hooks": hooks,
        "extra": extra,
        "use_directory_urls": False,
        "site_url": "",
    }


def build(root: Path, out_dir: Path, config_file: str = "mkdocs.yml") -> Path:
    """Build the offline edition of root/config_file into out_dir (strict); return out_dir."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    shim_path(root)
    path = root / config_file
    with open(path, "rb") as fd:
        raw = yaml_load(fd)
    cfg = load_config(str(path), site_dir=str(out_dir), **config_overrides(raw))
    from mkdocs.exceptions import MkDocsException

    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(cfg)
    except MkDocsException as exc:
        raise OfflineBuildError(f"the offline build failed ({exc}); the log above says why") from exc
    finally:
        cfg.plugins.on_shutdown()
    refs = scan_tree(out_dir, own_hosts_for(None))
    if refs:
        listed = "\n  ".join(str(r) for r in refs[:30])
        raise OfflineBuildError(f"the offline build references outside hosts:\n  {listed}")
    return out_dir


def write_zip(site_dir: Path, zip_path: Path, folder: str = ZIP_FOLDER) -> Path:
    """Zip site_dir as folder/… (sorted, fixed dates); written atomically."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(zip_path) as out, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(site_dir.rglob("*")):
            if not path.is_file() or path.name.endswith(".map"):
                continue
            rel = path.relative_to(site_dir).as_posix()
            if rel.startswith("_deploy/"):
                continue  # server configuration, meaningless on disk
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return zip_path


def copy_shim(root: Path, site_dir: Path) -> Path:
    dest = site_dir / SHIM_DEST
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim_path(root), dest)
    return dest
