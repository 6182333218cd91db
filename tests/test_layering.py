"""The layering rule, checked on the source: ``basics`` <- ``accounts`` <- ``courses`` <-
``trainings`` <- ``practice``, ``coaching`` <- ``certificates`` <- ``plans`` <-
``transcripts`` <- ``lms``. A module never imports one of a
higher layer, not even inside a function (a lower app tells a higher one through a signal or a
hook the higher one registered)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "basics",
    "accounts",
    "courses",
    "trainings",
    "practice",
    "coaching",
    "certificates",
    "plans",
    "transcripts",
    "lms",
]


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def sources(package: str):
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("package", LAYERS)
def test_no_module_imports_a_higher_layer(package):
    higher = set(LAYERS[LAYERS.index(package) + 1 :])
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & higher)
        for path in sources(package)
        if imported_packages(path) & higher
    }
    assert wrong == {}


def test_basics_imports_no_app_at_all():
    apps = set(LAYERS) - {"basics"}
    assert not any(imported_packages(path) & apps for path in sources("basics"))


def test_the_check_sees_a_breach(tmp_path):
    breach = tmp_path / "breach.py"
    breach.write_text("def f():\n    from certificates.models import Certificate\n")
    assert "certificates" in imported_packages(breach)
