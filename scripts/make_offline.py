"""Build the offline edition and zip it: python scripts/make_offline.py [--out dist/anquan-offline.zip].

Readers unzip it and open anquan-offline/index.html; navigation and search work from disk
with no request to any host. See safety_month.publish.offline_package.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from safety_month.publish import offline_package

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "anquan-offline.zip")
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, help="keep the unzipped build here (default: a temp dir)")
    args = parser.parse_args(argv)
    # MkDocs reports build problems through logging, as its command line does.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    try:
        with tempfile.TemporaryDirectory(prefix="anquan-offline-") as tmp:
            site = args.site_dir or Path(tmp) / "site"
            offline_package.build(args.config_file.parent, site, args.config_file.name)
            offline_package.write_zip(site, args.out)
    except offline_package.OfflineBuildError as exc:
        print(f"make offline: {exc}", file=sys.stderr)
        return 1
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.1f} MB): unzip it and open {offline_package.ZIP_FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
