"""Figures of the package's shape, and the rooms' import rules: `python -m devtools.architecture`.

Prints the numbers the restructuring issue asks for (top-level modules, modules over 400
lines, functions over 60 lines, import cycles) and every import that breaks a room's rule.
A room's rule is the line "May import: a, b" of its __init__ docstring ("nothing" for none);
tests/test_architecture.py asserts the rules and the absence of cycles.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "safety_month"
MODULE_LINES, FUNCTION_LINES = 400, 60


@dataclass(frozen=True)
class Module:
    name: str          # dotted, e.g. safety_month.importer.clean.spin
    path: Path
    is_package: bool

    @property
    def room(self) -> str:
        """The first name below the package (a top-level module is a room of its own)."""
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else ""


def modules(package: Path = PACKAGE) -> list[Module]:
    out = []
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out.append(Module(".".join(parts), path, is_package))
    return out


def imports(module: Module, known: set[str]) -> set[str]:
    """Modules of the package that `module` imports anywhere (lazy imports included)."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                name = f"{target}.{alias.name}"
                found.add(name if name in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known and name != module.name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def long_functions(module: Module, limit: int = FUNCTION_LINES) -> list[tuple[str, int]]:
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > limit:
                out.append((f"{module.name}.{node.name}", length))
    return out


_RULE = re.compile(r"^May import:\s*(.+?)\.?\s*$", re.M)


def room_rules(mods: list[Module]) -> dict[str, set[str] | None]:
    """room -> rooms it may import (None: the room states no rule)."""
    rules: dict[str, set[str] | None] = {}
    for module in mods:
        if module.is_package and module.name.count(".") == 1:
            doc = ast.get_docstring(ast.parse(module.path.read_text(encoding="utf-8"))) or ""
            match = _RULE.search(doc)
            if match is None:
                rules[module.room] = None
            else:
                names = [n.strip() for n in match.group(1).split(",")]
                rules[module.room] = {n for n in names if n and n != "nothing"}
    return rules


def broken_rules(mods: list[Module], graph: dict[str, set[str]]) -> list[str]:
    by_name = {m.name: m for m in mods}
    rules = room_rules(mods)
    out = []
    for module in mods:
        allowed = rules.get(module.room)
        if allowed is None:
            continue
        for target in sorted(graph[module.name]):
            room = by_name[target].room
            if room != module.room and room not in allowed:
                out.append(f"{module.name} imports {target} (room {room!r} is not in {module.room}'s rule)")
    return out


def report(package: Path = PACKAGE) -> dict:
    mods = modules(package)
    known = {m.name for m in mods}
    graph = {m.name: imports(m, known) for m in mods}
    lines = {m.name: len(m.path.read_text(encoding="utf-8").splitlines()) for m in mods}
    return {
        "top_level_modules": sorted(m.name for m in mods if m.name.count(".") == 1 and not m.is_package),
        "rooms": sorted(m.name for m in mods if m.name.count(".") == 1 and m.is_package),
        "long_modules": sorted((n, k) for n, k in lines.items() if k > MODULE_LINES),
        "long_functions": sorted(f for m in mods for f in long_functions(m)),
        "cycles": cycles(graph),
        "rooms_without_rule": sorted(r for r, rule in room_rules(mods).items() if rule is None),
        "broken_rules": broken_rules(mods, graph),
    }


def main() -> int:
    r = report()
    print(f"top-level modules ({len(r['top_level_modules'])}): {', '.join(r['top_level_modules'])}")
    print(f"rooms ({len(r['rooms'])}): {', '.join(r['rooms'])}")
    print(f"modules over {MODULE_LINES} lines: {len(r['long_modules'])}")
    for name, n in r["long_modules"]:
        print(f"  {name}: {n}")
    print(f"functions over {FUNCTION_LINES} lines: {len(r['long_functions'])}")
    for name, n in r["long_functions"]:
        print(f"  {name}: {n}")
    print(f"import cycles: {len(r['cycles'])}")
    for cycle in r["cycles"]:
        print("  " + " <-> ".join(cycle))
    print(f"rooms without an import rule: {r['rooms_without_rule'] or 'none'}")
    print(f"imports against a room's rule: {len(r['broken_rules'])}")
    for line in r["broken_rules"]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
