"""The project's own lint rules (scripts/lint_rules.py): each with a good and a bad example,
and the real tree must be clean."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "lint_rules.py"


def _load():
    spec = importlib.util.spec_from_file_location("weerstand_lint_rules", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


lint = _load()
PROTECTED = {"Case", "CasePerson", "Person", "Employer", "LimitativeEntry"}


def rules(rel: str, source: str) -> list[str]:
    found = lint.check_file(Path(rel), Path(rel), PROTECTED, source=textwrap.dedent(source))
    return [v.rule for v in found]


# --- the real tree ---------------------------------------------------------------------------


def test_the_real_tree_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(ROOT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, "Own lint rules violated:\n" + result.stdout


def test_protected_models_are_derived_from_policy_managers() -> None:
    """The static derivation must agree with Django's own view of the default managers."""
    from django.apps import apps

    from weerstand.policy.managers import PolicyManager

    runtime = {
        m.__name__ for m in apps.get_models() if isinstance(m._default_manager, PolicyManager)
    }
    static = lint.protected_models(ROOT / "src" / "weerstand")
    assert static == runtime
    assert static >= PROTECTED


def test_the_script_exits_non_zero_and_lists_violations(tmp_path: Path) -> None:
    pkg = tmp_path / "src" / "weerstand"
    (pkg / "cases").mkdir(parents=True)
    (pkg / "cases" / "models.py").write_text(
        "class Case(models.Model):\n    objects = PolicyManager('case')\n", encoding="utf-8"
    )
    (pkg / "cases" / "views.py").write_text(
        "def v(request):\n    return Case.objects.all()\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "src/weerstand/cases/views.py:2:" in result.stdout and "WST001" in result.stdout


# --- WST001: protected reads only through the policy ----------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        "cases/views.py",
        "cases/api/viewsets.py",
        "cases/forms.py",
        "cases/templatetags/case_tags.py",
    ],
)
def test_wst001_bad(rel: str) -> None:
    assert rules(
        rel,
        """
        from weerstand.cases.models import Case
        def view(request, pk):
            return Case.objects.get(pk=pk)
        """,
    ) == ["WST001"]


@pytest.mark.parametrize(
    "source",
    [
        "x = Case.objects.filter(state='triage').count()",
        "x = Person.objects.all()",
        "x = models.Employer.objects.first()",
        "x = CasePerson._default_manager.filter(case=1)",
        "x = Person._base_manager.get(pk=1)",
        "x = Person.objects.visible_to(u).filter(pk__in=Case.objects.values('protectee'))",
        "from weerstand.registry.models import LimitativeEntry as L\nx = L.objects.all()",
    ],
)
def test_wst001_bad_variants(source: str) -> None:
    assert "WST001" in rules("registry/views.py", source)


@pytest.mark.parametrize(
    "source",
    [
        "x = Case.objects.visible_to(request.user).filter(state='triage')",
        "x = Case.objects.select_related('protectee').visible_to(request.user, 'change')",
        "x = engine.get_for(Case.objects.select_related('protectee'), request.user, pk=pk)",
        "x = get_for(Person.objects.all(), request.user, pk=pk)",
        "x = engine.get_for(qs=Person.objects.all(), user=request.user, pk=pk)",
        "x = engine.scope(Employer.objects.all(), request.user)",
        "x = Person.objects.none()",
        "x = Organisation.objects.all()",  # not a protected model
    ],
)
def test_wst001_good(source: str) -> None:
    assert rules("cases/views.py", source) == []


def test_wst001_applies_only_at_the_boundary() -> None:
    source = "x = Case.objects.filter(pk=1)"
    assert rules("cases/services.py", source) == []
    assert rules("cases/tests/test_views.py", source) == []


# --- WST002: no superuser in the policy ------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "def ok(user):\n    return user.is_superuser",
        "def ok(user):\n    return getattr(user, 'is_superuser', False)",
        "qs = qs.filter(is_superuser=True)",
    ],
)
def test_wst002_bad(source: str) -> None:
    assert rules("policy/engine.py", source) == ["WST002"]


def test_wst002_good() -> None:
    good = '"""There is no superuser bypass here."""\ndef ok(user):\n    return user.is_active'
    assert rules("policy/engine.py", good) == []
    # Outside the policy package (and in the policy's own tests) the flag may be named.
    assert rules("accounts/admin.py", "x = user.is_superuser") == []
    assert rules("policy/tests/test_engine.py", "user.is_superuser = True") == []


# --- WST003: no saves on protected models in views/API ---------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        """
        def view(request, pk):
            case = engine.get_for(Case.objects.all(), request.user, pk=pk)
            case.summary = request.POST['summary']
            case.save()
        """,
        """
        def view(request):
            Person(first_name='a', last_name='b').save()
        """,
        """
        def view(request):
            for p in Person.objects.visible_to(request.user):
                p.save(update_fields=['first_name'])
        """,
        """
        def view(request):
            Case.objects.visible_to(request.user, 'change').update(state='ended')
        """,
    ],
)
def test_wst003_bad(source: str) -> None:
    assert "WST003" in rules("cases/views.py", source)
    assert "WST003" in rules("cases/api/viewsets.py", source)


def test_wst003_good() -> None:
    good = """
    def view(request, pk):
        case = engine.get_for(Case.objects.all(), request.user, pk=pk)
        services.update_case(request.user, case.pk, {'summary': 's'}, expected_version=1)
        request.session.save()
        token.save()
    """
    assert rules("cases/views.py", good) == []
    # Services are where saves belong.
    assert rules("cases/services.py", "def s(case):\n    case = Case()\n    case.save()") == []


# --- WST004: no naive datetimes --------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import datetime\nx = datetime.now()",
        "from datetime import datetime\nx = datetime.utcnow()",
        "import datetime\nx = datetime.datetime.now()",
        "import datetime as dt\nx = dt.datetime.today()",
        "from datetime import datetime as D\nx = D.fromtimestamp(0)",
        "from datetime import datetime, UTC\nx = datetime.utcfromtimestamp(0)",
    ],
)
def test_wst004_bad(source: str) -> None:
    assert rules("core/anything.py", source) == ["WST004"]
    assert rules("core/tests/test_anything.py", source) == ["WST004"]


@pytest.mark.parametrize(
    "source",
    [
        "from django.utils import timezone\nx = timezone.now()",
        "from datetime import datetime, UTC\nx = datetime.now(UTC)",
        "from datetime import datetime, UTC\nx = datetime.now(tz=UTC)",
        "from datetime import datetime, UTC\nx = datetime.fromtimestamp(0, UTC)",
        "from datetime import date\nx = date(2024, 1, 1)",
        "import datetime\nx = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)",
    ],
)
def test_wst004_good(source: str) -> None:
    assert rules("core/anything.py", source) == []


# --- WST005: the kernel imports no domain app ------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "source"),
    [
        ("core/demo/seed.py", "from weerstand.cases.models import Case"),
        ("core/demo/seed.py", "def seed():\n    from weerstand.search import index"),
        ("policy/engine.py", "import weerstand.registry.models"),
        ("policy/panels.py", "from weerstand.decisions import services as decisions"),
        ("audit/services.py", "from weerstand import cases"),
    ],
)
def test_wst005_bad(rel: str, source: str) -> None:
    assert rules(rel, source) == ["WST005"]


@pytest.mark.parametrize(
    "source",
    [
        "from weerstand.accounts.models import User",
        "from weerstand.organisations.models import Organisation",
        "from weerstand.conf import env",
        "from weerstand.core import extensions as ext",
        "from weerstand.policy import engine",
        "from weerstand.audit import services as audit",
        "from weerstand import core",
        "from . import context",
        "import django.apps",
    ],
)
def test_wst005_good(source: str) -> None:
    assert rules("core/demo/seed.py", source) == []
    assert rules("policy/services.py", source) == []
    assert rules("audit/verify.py", source) == []


def test_wst005_applies_only_to_the_kernels_code() -> None:
    source = "from weerstand.cases.models import Case"
    # Domain apps import each other and the kernel; kernel tests may build a domain world.
    assert rules("decisions/services.py", source) == []
    assert rules("core/tests/test_demo_seed.py", source) == []
    assert rules("policy/tests/test_engine.py", source) == []


# --- WST006: the engine's private helpers stay in the policy ---------------------------------


@pytest.mark.parametrize(
    ("rel", "source"),
    [
        ("decisions/services.py", "q = engine._reach_q(user, 'decision', 'view')"),
        ("cases/rules.py", "from weerstand.policy.engine import _reach_q"),
        ("registry/rules.py", "from weerstand.policy.engine import reach_q, _case_q"),
        ("core/extensions.py", "x = engine._RULES"),
        ("cases/tests/test_rules.py", "q = engine._case_q(user)"),
    ],
)
def test_wst006_bad(rel: str, source: str) -> None:
    assert rules(rel, source) == ["WST006"]


@pytest.mark.parametrize(
    "source",
    [
        "q = engine.reach_q(user, 'decision', 'view')",
        "from weerstand.policy.engine import case_rows_q, reach_q",
        "ok = engine.reaches(user, case, 'decision', 'view')",
        "name = engine.__name__",
        "x = other._reach_q(user)",  # not the engine
    ],
)
def test_wst006_good(source: str) -> None:
    assert rules("decisions/services.py", source) == []


def test_wst006_allows_the_policy_its_own_helpers() -> None:
    assert rules("policy/managers.py", "q = engine._reach_q(user, 'case', 'view')") == []
    assert rules("policy/tests/test_engine.py", "q = engine._case_q(user)") == []
