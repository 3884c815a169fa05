"""The tree draws the answer's flow: imports run one way, down the rooms, and never in a circle.

Every import statement of ``bot/`` and ``index/`` is read with ``ast`` (those inside functions too),
so a lazy import cannot hide an upward arrow. The rooms and their order are bot/__init__.py's.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Top to bottom: a module may import its own room and the rooms below it, nothing above.
LAYERS = (
    ("bot",),  # the package itself (its __init__ only: every other module of bot/ is in a room below)
    ("bot.cli",),  # the historical entry point, over the CLI
    ("bot.adapters",),
    ("bot.evaluation",),
    ("bot.service",),
    ("bot.answering",),
    ("bot.state", "bot.answer", "bot.settings"),  # the spine's types
    ("bot.reading",),
    ("bot.question",),
    ("bot.ops",),
    ("index",),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules() -> dict[str, Path]:
    return {module_name(p): p for room in ("bot", "index") for p in (REPO / room).rglob("*.py")}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ours that ``path`` imports (``from bot.reading import reader_weights`` is the
    module ``bot.reading.reader_weights``; ``from bot.reading.reader import Reader`` is ``bot.reading.reader``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def layer(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") and p != "bot" for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no room of LAYERS: add it to one")


def graph() -> dict[str, set[str]]:
    modules = our_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def test_every_module_is_in_a_room():
    for module in our_modules():
        layer(module)


def test_no_module_imports_a_room_above_its_own():
    upward = [f"{a} → {b}" for a, targets in graph().items() for b in targets if layer(b) < layer(a)]
    assert not upward, "imports against the flow:\n" + "\n".join(sorted(upward))


def test_no_modules_import_each_other_in_a_circle():
    edges = graph()
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append(" → ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not cycles, "circular imports:\n" + "\n".join(cycles)


def test_the_layout_check_sees_a_lazy_upward_import(tmp_path):
    """The walk finds imports inside functions (the kind that used to tie cli.py and repl.py)."""
    source = tmp_path / "probe.py"
    source.write_text("def later():\n    from bot.adapters.cli import main\n    return main\n")
    assert imports_of(source, our_modules()) == {"bot.adapters.cli"}
