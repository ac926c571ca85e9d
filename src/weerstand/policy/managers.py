"""The one way views and APIs ask for protected rows: `Model.objects.visible_to(user, action)`.

Reverse relations fail closed. `case.persons`, `person.cases`, `employer.employees`,
`organisation.limitative_entries` and every other related manager of a protected model hand
out a queryset that refuses to be read until `.visible_to(user)` has been applied, so neither a
template (`{% for cp in case.persons.all %}`) nor a prefetch can walk around the policy:
`case.persons.visible_to(user)` or `cases.rules.visible_case_persons(user, case)` work,
`case.persons.all()` raises `UnscopedRead`.
"""

from __future__ import annotations

from typing import Any, Self

from django.core.exceptions import ObjectDoesNotExist
from django.db import models


class UnscopedRead(Exception):
    """A protected related set was read without `visible_to(user)`: a bug, never data."""


class PolicyQuerySet[M: models.Model](models.QuerySet[M]):
    _policy_unscoped = False
    # (user, action) of `visible_to`, so `.get()` can audit a miss (`policy.probing`).
    _policy_probe: tuple[Any, str] | None = None

    def visible_to(self, user: Any, action: str = "view") -> Self:
        """Rows this user may see for `action`; fails closed; raises without a principal."""
        from weerstand.policy import engine

        qs = engine.scope(self, user, action)
        qs._policy_unscoped = False
        qs._policy_probe = (user, action)
        return qs

    def get(self, *args: Any, **kwargs: Any) -> M:
        """As Django's, but a miss after `visible_to` is audited as a refused read (hidden or
        absent, see `policy.probing`); the exception and so the answer stay the same."""
        try:
            return super().get(*args, **kwargs)
        except ObjectDoesNotExist:
            if self._policy_probe is not None and not args:
                from weerstand.policy import probing

                user, action = self._policy_probe
                probing.not_found(self.model, user, action, kwargs)
            raise

    # --- fail closed for unscoped related sets ---------------------------------------------

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # private QuerySet API, not in the stubs
        clone._policy_unscoped = self._policy_unscoped
        clone._policy_probe = self._policy_probe
        return clone

    def _refuse_unscoped(self) -> None:
        if self._policy_unscoped:
            raise UnscopedRead(
                f"{self.model.__name__} read through a relation without visible_to(user); "
                "use `.visible_to(user)` or a helper such as cases.rules.visible_case_persons."
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._refuse_unscoped()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_unscoped()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._refuse_unscoped()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._refuse_unscoped()
        return super().exists()

    def contains(self, obj: Any) -> bool:
        self._refuse_unscoped()
        return super().contains(obj)

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._refuse_unscoped()
        return super().aggregate(*args, **kwargs)

    def explain(self, *args: Any, **kwargs: Any) -> str:
        self._refuse_unscoped()
        return super().explain(*args, **kwargs)


# Module level, so mypy's Django plugin sees the generated class and types its methods.
_PolicyManagerBase = models.Manager.from_queryset(PolicyQuerySet)


class PolicyManager[M: models.Model](_PolicyManagerBase[M]):
    """Default manager of protected models; records which policy resource it belongs to.

    Django derives the related managers (`case.persons`) from this class and constructs them
    without arguments, hence the optional `resource`; their querysets are marked unscoped.
    """

    def __init__(self, resource: str | None = None) -> None:
        super().__init__()
        self.resource = resource

    def get_queryset(self) -> PolicyQuerySet[M]:
        qs = super().get_queryset()
        # from_queryset builds a PolicyQuerySet; the stubs only promise a QuerySet.
        if not isinstance(qs, PolicyQuerySet):
            raise TypeError(f"{type(self).__name__} must hand out a PolicyQuerySet")
        if getattr(self, "instance", None) is not None:  # a related manager: case.persons
            qs._policy_unscoped = True
        return qs

    def deconstruct(self) -> tuple[bool, str, None, tuple[Any, ...], dict[str, Any]]:
        return (False, "weerstand.policy.managers.PolicyManager", None, (self.resource,), {})
