"""安全生产月 site tooling: speech importer, build-hook logic and command-line tools.

Data flows one way: sources/ --import--> docs/ --mkdocs build--> site/.
"""

__version__ = "0.1.0"
