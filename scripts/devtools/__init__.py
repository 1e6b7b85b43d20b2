"""What only development uses: benchmarks and their generated corpus, the local nginx runner,
screenshots, Lighthouse, the architecture figures. Never imported by the shipped package or a hook
(tests/test_architecture.py checks it); run from a checkout, e.g. `python -m devtools.architecture`.

May import: safety_month (any room).
"""
