"""The package's rooms keep their import rules and import no cycle (devtools.architecture)."""

from devtools import architecture


def test_every_room_states_its_import_rule_and_keeps_it():
    report = architecture.report()
    assert report["rooms"], "no room found: wrong package path"
    assert report["rooms_without_rule"] == []
    assert report["broken_rules"] == []


def test_no_import_cycle():
    assert architecture.report()["cycles"] == []


def test_few_top_level_modules():
    assert len(architecture.report()["top_level_modules"]) <= 8


def test_rule_checker_sees_a_broken_rule(tmp_path):
    pkg = tmp_path / "safety_month"
    for room, doc in (("a", "May import: nothing."), ("b", "May import: a.")):
        (pkg / room).mkdir(parents=True)
        (pkg / room / "__init__.py").write_text(f'"""Room {room}.\n{doc}\n"""\n')
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "x.py").write_text("from safety_month.b import y\n")
    (pkg / "b" / "y.py").write_text("from ..a import x\n")
    report = architecture.report(pkg)
    assert report["broken_rules"] == ["safety_month.a.x imports safety_month.b.y (room 'b' is not in a's rule)"]
    assert report["cycles"] == [["safety_month.a.x", "safety_month.b.y"]]


def test_build_path_never_imports_devtools():
    """Hooks and the package's rooms never import devtools (dev-only code is not shipped into a
    build). The one exception is the `safety-month bench` command, which imports it lazily."""
    import ast

    from tests import paths

    scripts = paths.ROOT / "scripts"
    offenders = []
    for file in [*(scripts / "hooks").glob("*.py"), *(scripts / "safety_month").rglob("*.py")]:
        if file.name == "bench_cmd.py":
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{file.relative_to(scripts)}: {n}" for n in names if n.split(".")[0] == "devtools"]
    assert offenders == []
