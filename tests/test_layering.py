"""The app layering of STYLE.md: a lower app never imports a higher one, not even in a function.

regions → accounts → common → households → monitoring → assistance → appeals → employment →
microcredit, relocation → clues, assets, indicators → grading → ledgers → api → config. Siblings
(microcredit and relocation; clues, assets and indicators) share a layer and do not import each other.
A lower app that must announce something sends a signal or fills a registry read at ``ready()``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    {"regions"},
    {"accounts"},
    {"common"},
    {"households"},
    {"monitoring"},
    {"assistance"},
    {"appeals"},
    {"employment"},
    {"microcredit", "relocation"},
    {"clues", "assets", "indicators"},
    {"grading"},
    {"ledgers"},
    {"api"},
    {"config"},
]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}

# Upward imports whose removal belongs to another branch of issue 14 (forms: a visit raises clues
# through its service; register: the household import stops importing ledger definitions). Empty
# this once those branches are merged.
PENDING: set[tuple[str, str]] = set()  # (file, module) edges allowed while a move is under way


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def upward_imports(root: Path = ROOT) -> list[str]:
    """Every import from an app of a higher (or, for siblings, the same) layer, as file:line."""
    found = []
    for app, rank in RANK.items():
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
                continue
            relative = "/".join(parts)
            for line, module in _imports(path):
                target = module.split(".")[0]
                if target == app or target not in RANK or (relative, module) in PENDING:
                    continue
                if RANK[target] >= rank:
                    found.append(f"{relative}:{line} {app} -> {module}")
    return found


def test_no_app_imports_a_higher_or_sibling_app():
    assert upward_imports() == []


def test_the_check_sees_a_function_level_upward_import(tmp_path):
    (tmp_path / "households").mkdir()
    (tmp_path / "households" / "views.py").write_text(
        "def page():\n    from monitoring.models import Case\n    return Case\n", encoding="utf-8"
    )
    assert upward_imports(tmp_path) == ["households/views.py:2 households -> monitoring.models"]
