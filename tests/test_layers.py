"""Apps import only apps to their left (STYLE.md "Apps in layers")."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["portal", "parks", "enterprises", "clusters", "projects", "policies", "reports"]


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield top, node.lineno


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_apps_to_its_left(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    offenders = []
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for imported, line in imported_apps(path):
            if imported not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert offenders == []
