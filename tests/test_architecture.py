"""The house plan held by tests: one write path per state field, module sizes, the import
contracts, one Markdown sanitiser, and recruiting's rooms (no `hiring_*` modules, no star
imports, no import cycles between its model modules)."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import check_module_size  # noqa: E402
import check_write_paths  # noqa: E402

PRODUCT = ("backoffice", "recruiting", "onboarding", "performance")


def _product_modules():
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


# --- One write path ----------------------------------------------------------------------------


def test_state_fields_change_only_in_their_service_modules():
    assert [str(offence) for offence in check_write_paths.check(ROOT)] == []


@pytest.mark.parametrize(
    "source",
    [
        "application.stage = 'hired'",
        "offer.status = Offer.Status.ACCEPTED",
        "a.status, b = 'x', 1",
        "Application.objects.filter(pk=1).update(stage='hired')",
        "Employee.objects.filter(pk=1).update(status='left', job_title='x')",
        "Review.objects.bulk_update(rows, ['status'])",
        "Review.objects.bulk_update(rows, fields=('status', 'note'))",
        "setattr(employee, 'status', 'left')",
    ],
)
def test_the_write_path_check_sees_each_kind_of_state_write(source):
    assert check_write_paths.offences_in(source, "recruiting/views/applications.py")


@pytest.mark.parametrize(
    "source",
    [
        "application.stage_changed_at = now",
        "context['status'] = 'x'",
        "queryset.filter(status='sent')",
        "Offer.objects.update(expires_on=today)",
        "status = 'draft'",
    ],
)
def test_the_write_path_check_leaves_other_writes_alone(source):
    assert check_write_paths.offences_in(source, "recruiting/views/applications.py") == []


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("recruiting/services/applications.py", True),
        ("recruiting/migrations/0003_audit_history_and_retention.py", True),
        ("recruiting/demo.py", True),
        ("performance/scale.py", True),
        ("tests/recruiting/test_views.py", True),
        ("recruiting/views/applications.py", False),
        ("recruiting/forms/candidates.py", False),
        ("backoffice/people/admin.py", False),
        ("onboarding/receivers.py", False),
    ],
)
def test_the_write_path_allow_list_is_explicit(path, allowed):
    assert check_write_paths.is_allowed(path) is allowed


def test_the_write_path_check_fails_on_an_offender(tmp_path):
    views = tmp_path / "recruiting" / "views"
    views.mkdir(parents=True)
    (views / "pipeline.py").write_text("def move(application):\n    application.stage = 'x'\n")
    (tmp_path / "recruiting" / "demo.py").write_text("application.stage = 'x'\n")
    assert [str(o) for o in check_write_paths.check(tmp_path)] == [
        "recruiting/views/pipeline.py:2: assigns .stage outside its service module"
    ]
    script = ROOT / "tools" / "check_write_paths.py"
    run = subprocess.run([sys.executable, script, tmp_path], capture_output=True, text=True)
    assert run.returncode == 1
    assert "recruiting/views/pipeline.py:2" in run.stdout


# --- Module size -------------------------------------------------------------------------------


def test_no_product_module_is_over_the_limit():
    assert check_module_size.too_long(ROOT) == []


def test_the_size_check_skips_tests_and_migrations_and_fails_on_a_long_module(tmp_path):
    long = "x = 1\n" * (check_module_size.LIMIT + 1)
    (tmp_path / "recruiting" / "migrations").mkdir(parents=True)
    (tmp_path / "recruiting" / "migrations" / "0001_initial.py").write_text(long)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_long.py").write_text(long)
    (tmp_path / "recruiting" / "models.py").write_text("x = 1\n" * check_module_size.LIMIT)
    assert check_module_size.too_long(tmp_path) == []
    (tmp_path / "recruiting" / "selectors.py").write_text(long)
    assert check_module_size.too_long(tmp_path) == [("recruiting/selectors.py", 501)]


# --- Import contracts --------------------------------------------------------------------------


def test_the_import_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a dev dependency"
    run = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


# --- One Markdown sanitiser --------------------------------------------------------------------


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_core_turns_markdown_into_html():
    users = {
        path.relative_to(ROOT).as_posix()
        for path in _product_modules()
        if {"markdown", "nh3"} & _imported_modules(path)
    }
    assert users == {"backoffice/core/markdown.py"}


# --- Recruiting's rooms ------------------------------------------------------------------------


def test_no_module_is_named_after_a_side_project():
    names = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/**/hiring_*.py")]
    names += [p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/**/work.py")]
    assert [n for n in names if not n.startswith(".venv")] == []
    assert not (ROOT / "recruiting" / "views" / "hiring.py").exists()


def test_no_star_imports_in_product_code():
    starred = [
        path.relative_to(ROOT).as_posix()
        for path in _product_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
    ]
    assert starred == []


@pytest.mark.parametrize("app", ["recruiting", "onboarding", "performance"])
def test_model_modules_import_each_other_without_cycles(app):
    package = ROOT / app / "models"
    graph = {}
    for path in package.glob("*.py"):
        if path.name == "__init__.py":
            continue
        prefix = f"{app}.models."
        graph[path.stem] = {
            node.module.removeprefix(prefix).split(".")[0]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefix)
        } | {
            alias.name
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module == f"{app}.models"
            for alias in node.names
            if (package / f"{alias.name}.py").exists()
        }
    done, visiting = set(), []

    def visit(module):
        assert module not in visiting, " -> ".join([*visiting, module])
        if module in done:
            return
        visiting.append(module)
        for imported in graph.get(module, ()):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in graph:
        visit(module)
