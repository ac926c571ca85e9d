#!/usr/bin/env python3
"""Weerstand's own lint rules (run by `make lint` and by tests/test_lint_rules.py).

Rules (each has a good and a bad example in tests/test_lint_rules.py):

WST001  In views, API modules, forms and template tags, a protected model is read only
        through `Model.objects.visible_to(user, ...)` or a queryset handed to
        `engine.get_for(...)` / `engine.scope(...)` (`.none()` is fine: it reads nothing).
        Protected models are derived from the source: every model whose default manager is
        a `PolicyManager`.
WST002  No `is_superuser` in the policy package: the policy has no superuser bypass.
WST003  No `.save()` (nor queryset `.update()`/`.delete()`/`.create()`) on protected models
        in views and API modules: state changes go through domain services.
WST004  No naive datetimes anywhere in src: `datetime.now()` / `datetime.today()` /
        `datetime.fromtimestamp()` without a tz, and `datetime.utcnow()` /
        `datetime.utcfromtimestamp()` at all. Use `django.utils.timezone.now()`.
WST005  The kernel (`core`, `policy`, `audit`) imports no domain app: only the kernel itself,
        `conf`, and the identity spine (`accounts`, `organisations`). Domain apps plug into
        it through their AppConfig (`core.extensions`). Kernel tests are integration tests
        that may build a world with domain apps; the rule is about the kernel's code.
WST006  No underscore-prefixed helper of the policy engine outside `policy/`: apps build
        their rules from its public building blocks (`reach_q`, `case_rows_q`, `reaches`...).

Usage: python scripts/lint_rules.py [ROOT]   (exit status 1 when there are violations)
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANAGER_ATTRS = ("objects", "_default_manager", "_base_manager")
SCOPING_CALLS = ("get_for", "scope")
WRITE_METHODS = (
    "update",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
)


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    col: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}"


# --- which models are protected ------------------------------------------------------------


def protected_models(src: Path) -> set[str]:
    """Class names of models whose default (first) manager is a PolicyManager."""
    names: set[str] = set()
    for path in _model_files(src):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                manager = _first_manager(node)
                # PolicyManager, or a subclass named so (learning's ServicesOnlyPolicyManager)
                if manager is not None and manager.endswith("PolicyManager"):
                    names.add(node.name)
    return names


def _model_files(src: Path) -> Iterator[Path]:
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).parts
        if "migrations" in parts or "tests" in parts:
            continue
        if path.name == "models.py" or "models" in parts[:-1]:
            yield path


def _first_manager(cls: ast.ClassDef) -> str | None:
    """Name of the class of the first manager-like assignment in the class body."""
    for stmt in cls.body:
        value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Call):
            func = value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name and "Manager" in name:
                return name
            if isinstance(func, ast.Attribute) and func.attr == "as_manager":
                return "as_manager"
    return None


# --- helpers -------------------------------------------------------------------------------


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    out: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            out[child] = node
    return out


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def _aliases(tree: ast.AST, protected: set[str]) -> set[str]:
    """Local names that refer to a protected model (`from x import Case as C` → C)."""
    names = set(protected)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in protected and alias.asname:
                    names.add(alias.asname)
    return names


def _model_name(node: ast.AST, names: set[str]) -> str | None:
    if isinstance(node, ast.Name) and node.id in names:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in names:  # models.Case
        return node.attr
    return None


def _chain(start: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[ast.AST]:
    """The method chain growing out of `start`: X.objects -> .filter -> (...) -> .get -> (...)."""
    chain = [start]
    node = start
    while True:
        parent = parents.get(node)
        grows = (isinstance(parent, ast.Attribute) and parent.value is node) or (
            isinstance(parent, ast.Call) and parent.func is node
        )
        if not grows:
            return chain
        chain.append(parent)
        node = parent


def _passed_to_scoping_call(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """`engine.get_for(<node>, ...)`, `scope(<node>, ...)` or `get_for(qs=<node>, ...)`."""
    parent = parents.get(node)
    if isinstance(parent, ast.keyword) and parent.arg == "qs":
        call = parents.get(parent)
        return isinstance(call, ast.Call) and _call_name(call) in SCOPING_CALLS
    return (
        isinstance(parent, ast.Call)
        and _call_name(parent) in SCOPING_CALLS
        and bool(parent.args)
        and parent.args[0] is node
    )


# --- the rules -----------------------------------------------------------------------------


def is_boundary_file(rel: Path) -> bool:
    """Views, API modules, forms and template tags: where requests meet the data."""
    parts = rel.parts
    if "tests" in parts or "migrations" in parts:
        return False
    return (
        rel.name in ("views.py", "forms.py")
        or "api" in parts[:-1]
        or "views" in parts[:-1]
        or "templatetags" in parts[:-1]
    )


def is_view_or_api_file(rel: Path) -> bool:
    parts = rel.parts
    if "tests" in parts or "migrations" in parts:
        return False
    return rel.name == "views.py" or "api" in parts[:-1] or "views" in parts[:-1]


def check_protected_reads(label: str, tree: ast.AST, protected: set[str]) -> list[Violation]:
    names = _aliases(tree, protected)
    parents = _parents(tree)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRS):
            continue
        model = _model_name(node.value, names)
        if model is None:
            continue
        chain = _chain(node, parents)
        methods = [n.attr for n in chain if isinstance(n, ast.Attribute)][1:]
        if "visible_to" in methods or methods[:1] == ["none"]:  # .none() reads nothing
            continue
        if any(_passed_to_scoping_call(link, parents) for link in chain):
            continue
        used = f".{methods[0]}" if methods else ""
        out.append(
            Violation(
                label,
                node.lineno,
                node.col_offset,
                "WST001",
                f"{model}.{node.attr}{used} reads a protected model around the policy; use "
                f"{model}.objects.visible_to(user, action) or engine.get_for(...)",
            )
        )
    return out


def check_superuser(label: str, tree: ast.AST) -> list[Violation]:
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    out = []
    for node in ast.walk(tree):
        hit = (
            (isinstance(node, ast.Attribute) and node.attr == "is_superuser")
            or (isinstance(node, ast.Name) and node.id == "is_superuser")
            or (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "is_superuser" in node.value
                and id(node) not in docstrings
            )
            or (isinstance(node, ast.keyword) and node.arg == "is_superuser")
        )
        if hit:
            line = getattr(node, "lineno", 0)
            col = getattr(node, "col_offset", 0)
            out.append(
                Violation(label, line, col, "WST002", "is_superuser in the policy: no bypass")
            )
    return out


def check_saves(label: str, tree: ast.AST, protected: set[str]) -> list[Violation]:
    """Over-approximates on purpose: a name assigned from a protected-model expression anywhere
    in the module counts as protected everywhere in it."""
    names = _aliases(tree, protected)
    tainted = _tainted_names(tree, names)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method == "save":
            protected_receiver = (isinstance(receiver, ast.Name) and receiver.id in tainted) or (
                isinstance(receiver, ast.Call) and _model_name(receiver.func, names)
            )
            if protected_receiver:
                out.append(
                    Violation(
                        label,
                        node.lineno,
                        node.col_offset,
                        "WST003",
                        ".save() on a protected model in a view/API module; call a domain service",
                    )
                )
        elif method in WRITE_METHODS and _rooted_in_manager(receiver, names):
            out.append(
                Violation(
                    label,
                    node.lineno,
                    node.col_offset,
                    "WST003",
                    f".{method}() on a protected queryset in a view/API module; call a "
                    "domain service",
                )
            )
    return out


def _rooted_in_manager(node: ast.AST, names: set[str]) -> bool:
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in MANAGER_ATTRS and _model_name(node.value, names):
                return True
            node = node.value
        else:
            return False


def _tainted_names(scope: ast.AST, names: set[str]) -> set[str]:
    """Variables assigned from an expression that mentions a protected model."""
    tainted: set[str] = set()

    def mentions(expr: ast.AST | None) -> bool:
        return expr is not None and any(_model_name(n, names) for n in ast.walk(expr))

    for node in ast.walk(scope):
        targets: Iterable[ast.AST] = ()
        value = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.For | ast.AsyncFor):
            targets, value = [node.target], node.iter
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets, value = [node.optional_vars], node.context_expr
        if mentions(value):
            for target in targets:
                for n in ast.walk(target):
                    if isinstance(n, ast.Name):
                        tainted.add(n.id)
        if isinstance(node, ast.arg) and node.annotation is not None and mentions(node.annotation):
            tainted.add(node.arg)
    return tainted


def check_naive_datetimes(label: str, tree: ast.AST) -> list[Violation]:
    module_names: set[str] = set()  # `import datetime [as dt]`
    class_names: set[str] = set()  # `from datetime import datetime [as dt]`
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "datetime":
                    module_names.add(alias.asname or "datetime")
        elif isinstance(node, ast.ImportFrom) and node.module == "datetime":
            for alias in node.names:
                if alias.name == "datetime":
                    class_names.add(alias.asname or "datetime")
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        recv, method = node.func.value, node.func.attr
        is_dt_class = (isinstance(recv, ast.Name) and recv.id in class_names) or (
            isinstance(recv, ast.Attribute)
            and recv.attr == "datetime"
            and isinstance(recv.value, ast.Name)
            and recv.value.id in module_names
        )
        if not is_dt_class:
            continue
        has_tz = any(kw.arg == "tz" for kw in node.keywords)
        naive = (
            method in ("utcnow", "utcfromtimestamp")
            or (method == "now" and not node.args and not has_tz)
            or (method == "fromtimestamp" and len(node.args) < 2 and not has_tz)
            or method == "today"
        )
        if naive:
            out.append(
                Violation(
                    label,
                    node.lineno,
                    node.col_offset,
                    "WST004",
                    f"naive datetime.{method}(); use django.utils.timezone.now() or pass tz=UTC",
                )
            )
    return out


KERNEL = ("core", "policy", "audit")
KERNEL_IMPORTABLE = frozenset({*KERNEL, "conf", "accounts", "organisations"})


def _imported_weerstand_packages(tree: ast.AST) -> Iterator[tuple[ast.stmt, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "weerstand" and len(parts) > 1:
                    yield node, parts[1]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "weerstand":
                continue
            if len(parts) > 1:
                yield node, parts[1]
            else:
                for alias in node.names:
                    yield node, alias.name


def check_kernel_imports(label: str, tree: ast.AST) -> list[Violation]:
    return [
        Violation(
            label,
            node.lineno,
            node.col_offset,
            "WST005",
            f"the kernel imports the domain app '{package}'; let the app contribute "
            "through its AppConfig (core.extensions)",
        )
        for node, package in _imported_weerstand_packages(tree)
        if package not in KERNEL_IMPORTABLE
    ]


def check_private_engine(label: str, tree: ast.AST) -> list[Violation]:
    out: list[Violation] = []
    for node in ast.walk(tree):
        name = None
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "engine"
        ):
            name = node.attr
        elif isinstance(node, ast.ImportFrom) and node.module == "weerstand.policy.engine":
            name = next((a.name for a in node.names if a.name.startswith("_")), None)
        if name and name.startswith("_") and not name.startswith("__"):
            out.append(
                Violation(
                    label,
                    node.lineno,
                    node.col_offset,
                    "WST006",
                    f"engine.{name} is private to the policy kernel; use its public building "
                    "blocks",
                )
            )
    return out


# --- driver --------------------------------------------------------------------------------


def check_file(
    path: Path, rel: Path, protected: set[str], source: str | None = None
) -> list[Violation]:
    """All rules that apply to one file; `rel` is relative to src/weerstand."""
    source = path.read_text(encoding="utf-8") if source is None else source
    label = str(Path("src/weerstand") / rel)
    try:
        tree = ast.parse(source, label)
    except SyntaxError as exc:
        return [Violation(label, exc.lineno or 0, 0, "WST000", f"syntax error: {exc.msg}")]
    out: list[Violation] = []
    if is_boundary_file(rel):
        out += check_protected_reads(label, tree, protected)
    if is_view_or_api_file(rel):
        out += check_saves(label, tree, protected)
    if rel.parts and rel.parts[0] == "policy" and "tests" not in rel.parts:
        out += check_superuser(label, tree)
    if len(rel.parts) > 1 and rel.parts[0] in KERNEL and "tests" not in rel.parts:
        out += check_kernel_imports(label, tree)
    if not (rel.parts and rel.parts[0] == "policy"):
        out += check_private_engine(label, tree)
    out += check_naive_datetimes(label, tree)
    return out


def check_tree(root: Path = ROOT) -> list[Violation]:
    src = root / "src" / "weerstand"
    protected = protected_models(src)
    out: list[Violation] = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if "migrations" in rel.parts:
            continue
        out += check_file(path, rel, protected)
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else ROOT
    violations = check_tree(root)
    for v in violations:
        print(v)
    if violations:
        print(f"{len(violations)} overtreding(en) van de eigen lintregels.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
