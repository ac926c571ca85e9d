"""Row rules of the crown-witness trajectories.

A trajectory, its date history and its circle are visible only to the members of its own
restricting compartment who also hold a trajectory grant. There is no `all` scope: inspectors
and everyone else outside the compartment see nothing, and a removed member loses access at
once (the principal reads memberships per call).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, scopes_for

_NOTHING = Q(pk__in=[])


def _member_q(user: Any, action: str, prefix: str, resource: Resource = Resource.TRAJECTORY) -> Q:
    p = engine.principal(user)
    if not scopes_for(p.roles, resource, Action(action)):
        return _NOTHING
    return Q(**{f"{prefix}compartment_id__in": sorted(p.member_of)})


def _trajectory_q(user: Any, action: str) -> Q:
    return _member_q(user, action, "")


def _child_q(user: Any, action: str) -> Q:
    return _member_q(user, action, "trajectory__")


def _weighing_q(user: Any, action: str) -> Q:
    return _member_q(user, action, "trajectory__", Resource.TRAJECTORY_WEIGHING)


def _review_q(user: Any, action: str) -> Q:
    return _member_q(user, action, "trajectory__", Resource.TRAJECTORY_REVIEW)


RULES = (
    RowRule("trajectory", _trajectory_q, ("crownwitness.trajectory",)),
    RowRule("trajectory_person", _child_q, ("crownwitness.circleperson",)),
    RowRule("trajectory_date_change", _child_q, ("crownwitness.planneddatechange",)),
    RowRule("trajectory_disclosure", _child_q, ("crownwitness.statementdisclosure",)),
    RowRule(
        "trajectory_weighing",
        _weighing_q,
        ("crownwitness.weighing", "crownwitness.weighingcontribution"),
    ),
    RowRule("trajectory_review", _review_q, ("crownwitness.review",)),
)


def may_see_outline(p: Any, obj: Any, action: str) -> bool:
    """The outline of a trajectory (title, status, date, shape of the circle): a member of
    its compartment with an outline grant. Object check of `trajectory_outline`."""
    p = engine.principal(p)
    return (
        bool(scopes_for(p.roles, Resource.TRAJECTORY_OUTLINE, Action(action)))
        and getattr(obj, "compartment_id", None) in p.member_of
    )


def outline_trajectories(user: Any) -> Any:
    """The trajectories whose outline the user may see: the compartments they are in, when
    a role grants the outline at all; nothing otherwise."""
    from weerstand.crownwitness.models import Trajectory

    p = engine.principal(user)
    if not scopes_for(p.roles, Resource.TRAJECTORY_OUTLINE, Action.VIEW):
        return Trajectory.objects.none()
    return Trajectory.objects.filter(compartment_id__in=sorted(p.member_of)).defer("description")


CHECKS = {Resource.TRAJECTORY_OUTLINE.value: may_see_outline}


def may_open(user: Any) -> bool:
    """Open a trajectory: the OM (trajectory create)."""
    return bool(scopes_for(user.role_codes, Resource.TRAJECTORY, Action.CREATE))


def may_record_weighing(user: Any, trajectory: Any) -> bool:
    """Record a version of the weighing: an OM member with the weighing change grant."""
    return bool(
        scopes_for(user.role_codes, Resource.TRAJECTORY_WEIGHING, Action.CHANGE)
    ) and may_change(user, trajectory)


def contribution_kinds(user: Any) -> tuple[str, ...]:
    """The kinds of expertise a user may contribute, by role (see `grants.CONTRIBUTES`)."""
    from weerstand.crownwitness.grants import CONTRIBUTES

    kinds: list[str] = []
    for role in sorted(user.role_codes):
        for kind in CONTRIBUTES.get(role, ()):
            if kind not in kinds:
                kinds.append(kind)
    return tuple(kinds)


def may_change(user: Any, trajectory: Any) -> bool:
    """Change the date, status or circle: a member with the change grant (the OM)."""
    from weerstand.crownwitness.models import Trajectory

    return Trajectory.objects.visible_to(user, Action.CHANGE).filter(pk=trajectory.pk).exists()
