"""Four eyes on access: what widens someone's access or hands over their credentials waits for
a second person.

The insider this answers: one system administrator creates an account with clearance 4 and the
inspector role, signs in as it and reads home addresses; or resets someone's password and
authenticator and takes the account over. So granting a role, raising a clearance, creating an
account with a role or clearance, and resetting a password or authenticator are *requests*
(`AccessChangeRequest`) that take effect only when a second person approves them: another
system administrator, or a security officer of the account's own organisation. The requester
never approves their own request and nobody decides about their own account. A new
authenticator is enrolled only through a one-time link to the person's own mailbox
(`accounts.enrolment`), frozen at the request and shown to the approver.

Every way in goes through here: the admin site (`accounts.admin`), the pages and the API.
Lowering access (removing a role, lowering a clearance, locking) stays single-person: it
reduces access; the admin audits it. Every request, approval and refusal is audited; every
approved change alerts the account's organisation (its security officers and administrators)
and the account itself, and is visible to the inspectorate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts import enrolment
from weerstand.accounts.models import (
    AccessChangeKind,
    AccessChangeRequest,
    AccessChangeStatus,
    RoleAssignment,
    User,
)
from weerstand.accounts.roles import Clearance, Role
from weerstand.accounts.services import sync_staff_flag, totp_device
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.policy import engine
from weerstand.policy.models import Alert
from weerstand.policy.table import Action, Resource

MIN_REASON = 10
# A request nobody decided on within this time is stale: the situation it describes may no
# longer hold, and an old request must not wait for an inattentive approver.
REQUEST_DAYS = 14
GRANTS = (
    AccessChangeKind.CREATE_ACCOUNT,
    AccessChangeKind.GRANT_ROLE,
    AccessChangeKind.RAISE_CLEARANCE,
)
RESETS = (AccessChangeKind.RESET_PASSWORD, AccessChangeKind.RESET_AUTHENTICATOR)

SELF_REQUEST = "Niemand vraagt een toegangswijziging voor het eigen account aan."
SELF_APPROVAL = "Vier ogen: wie de wijziging aanvroeg, kan haar niet zelf goedkeuren."
OWN_ACCOUNT = "Niemand beslist over een wijziging van het eigen account."
NOT_SECOND_PERSON = (
    "Alleen een andere systeembeheerder of een beveiligingsfunctionaris van de organisatie "
    "van het account beslist over deze wijziging."
)


def _reason(reason: str, name: str = "reason") -> str:
    return require_reason(reason, name=name, minimum=MIN_REASON)


def _email(target: User) -> str:
    email = (target.email or "").strip()
    if not email:
        raise ValidationFailed(
            "Dit account heeft geen e-mailadres: de koppellink kan niet buiten de beheerder om "
            "bij de persoon komen.",
            invalid_params=[InvalidParam("email", "required", "Vul het e-mailadres in.")],
        )
    return email


def may_request(actor: Any) -> bool:
    return engine.can(actor, Resource.ACCESS_CHANGE, Action.CREATE)


def may_decide(actor: Any, change: AccessChangeRequest) -> bool:
    """Whether `actor` is a valid second person for this pending request (for the pages)."""
    return change.status == AccessChangeStatus.PENDING and refusal(actor, change) is None


def refusal(actor: Any, change: AccessChangeRequest) -> str | None:
    if change.requested_by_id == actor.pk:
        return SELF_APPROVAL
    if change.target_id == actor.pk:
        return OWN_ACCOUNT
    if not engine.can(actor, Resource.ACCESS_CHANGE, Action.CHANGE, change):
        return NOT_SECOND_PERSON
    return None


def second_persons(target: User, *, exclude: Iterable[int] = ()) -> QuerySet[User]:
    """Who may approve a request about `target`: administrators, the organisation's officers."""
    officers = Q(role_assignments__role=Role.SECURITY_OFFICER)
    if target.organisation_id is not None:
        officers &= Q(organisation=target.organisation_id)
    else:
        officers = Q(pk__in=[])
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role_assignments__role=Role.SYSTEM_ADMIN) | officers)
        .exclude(pk__in=[target.pk, *exclude])
        .distinct()
    )


def organisation_watchers(target: User) -> QuerySet[User]:
    """Who is told of an approved grant: the organisation's security officers and admins."""
    if target.organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            organisation=target.organisation_id,
            role_assignments__role__in=[Role.SECURITY_OFFICER, Role.SYSTEM_ADMIN],
        )
        .exclude(pk=target.pk)
        .distinct()
    )


def _describe(change: AccessChangeRequest) -> str:
    text = str(change.get_kind_display())
    if change.roles:
        text += f" ({', '.join(change.role_labels)})"
    if change.clearance is not None and change.kind != AccessChangeKind.GRANT_ROLE:
        text += f", screening {Clearance(change.clearance).label}"
    return f"{text} voor {change.target.display_name} ({change.target.username})"


def _valid_roles(roles: Iterable[str]) -> list[str]:
    out = sorted(set(roles))
    unknown = [r for r in out if r not in Role.values]
    if unknown:
        raise ValidationFailed(
            "Onbekende rol.",
            invalid_params=[InvalidParam("role", "invalid-choice", "Onbekende rol.")],
        )
    return out


def _valid_clearance(clearance: Any) -> int:
    if clearance not in Clearance.values:
        raise ValidationFailed(
            "Kies een screeningsniveau.",
            invalid_params=[InvalidParam("clearance", "invalid-choice", "Onbekend niveau.")],
        )
    return int(clearance)


def _file(
    actor: User,
    target: User,
    kind: str,
    *,
    reason: str,
    roles: list[str] | None = None,
    clearance: int | None = None,
    email: str = "",
) -> AccessChangeRequest:
    if AccessChangeRequest.objects.filter(
        target=target, kind=kind, roles=roles or [], status=AccessChangeStatus.PENDING
    ).exists():
        raise InvalidTransition("Voor dit account wacht al zo'n wijziging op een tweede persoon.")
    change = AccessChangeRequest.objects.create(
        kind=kind,
        target=target,
        roles=roles or [],
        clearance=clearance,
        delivery_email=email,
        reason=reason,
        requested_by=actor,
    )
    audit.record(
        AuditAction.CREATE,
        change,
        changes={
            "kind": [None, kind],
            "target": [None, target.username],
            "roles": [None, change.roles],
            "clearance": [None, clearance],
            "delivery_email": [None, email],
        },
        reason=reason,
        actor=actor,
    )
    for person in second_persons(target, exclude=[actor.pk]):
        Alert.objects.create(
            recipient=person,
            message=(
                f"Toegangswijziging wacht op uw akkoord: {_describe(change)} "
                f"(aangevraagd door {actor.display_name})."
            ),
        )
    return change


def request_change(
    actor: User,
    target: User,
    kind: str,
    *,
    reason: str,
    role: str = "",
    clearance: int | None = None,
) -> AccessChangeRequest:
    """Ask for a role, a higher clearance or a credential reset for an existing account."""
    engine.require_principal(actor)
    if not may_request(actor):
        raise NotPermitted("Alleen een systeembeheerder vraagt toegangswijzigingen aan.")
    if target.pk == actor.pk:
        raise NotPermitted(SELF_REQUEST)
    if not target.is_active:
        raise ValidationFailed(
            "Dit account is niet actief.",
            invalid_params=[InvalidParam("target", "inactive", "Niet actief.")],
        )
    reason = _reason(reason)
    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        roles: list[str] = []
        email = ""
        if kind == AccessChangeKind.GRANT_ROLE:
            roles = _valid_roles([role] if role else [])
            if not roles:
                raise ValidationFailed(
                    "Kies de rol die het account krijgt.",
                    invalid_params=[InvalidParam("role", "required", "Kies een rol.")],
                )
            if RoleAssignment.objects.filter(user=target, role=roles[0]).exists():
                raise ValidationFailed(
                    "Het account heeft deze rol al.",
                    invalid_params=[InvalidParam("role", "already-granted", "Al toegekend.")],
                )
            clearance = None
        elif kind == AccessChangeKind.RAISE_CLEARANCE:
            clearance = _valid_clearance(clearance)
            if clearance <= target.clearance:
                raise ValidationFailed(
                    "Kies een hoger screeningsniveau dan het huidige; verlagen kan direct.",
                    invalid_params=[InvalidParam("clearance", "not-higher", "Niet hoger.")],
                )
        elif kind in RESETS:
            clearance = None
            email = _email(target)
        else:
            raise ValidationFailed(
                "Kies de soort wijziging.",
                invalid_params=[InvalidParam("kind", "invalid-choice", "Onbekende soort.")],
            )
        if kind in GRANTS and totp_device(target) is None:
            email = _email(target)  # approval will send the first-enrolment link
        return _file(
            actor, target, kind, reason=reason, roles=roles, clearance=clearance, email=email
        )


def create_account(
    actor: User,
    user: User,
    *,
    roles: Iterable[str] = (),
    clearance: int = Clearance.UNCLASSIFIED,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> AccessChangeRequest | None:
    """Save a new account WITHOUT roles or clearance; what it should get becomes a request.

    `user` is the unsaved account (from the admin's add form, password already set). It can
    sign in to nothing: it has no authenticator, and only an approved request sends the
    enrolment link to its own mailbox. Returns the request, or None when nothing was asked.
    """
    engine.require_principal(actor)
    if not may_request(actor):
        raise NotPermitted("Alleen een systeembeheerder maakt accounts aan.")
    wanted = _valid_roles(roles)
    clearance = _valid_clearance(clearance)
    needs_approval = bool(wanted) or clearance > Clearance.UNCLASSIFIED
    if needs_approval:
        reason = _reason(reason)
        email = _email(user)
    with transaction.atomic():
        user.clearance = Clearance.UNCLASSIFIED
        user.is_staff = user.is_superuser = False
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        TOTPDevice.objects.filter(user=user).delete()
        sync_staff_flag(user)
        audit.record(
            AuditAction.ADMIN,
            user,
            changes=changes or {"username": [None, user.username]},
            reason="aangemaakt (zonder rollen of screening tot een tweede persoon akkoord geeft)",
            actor=actor,
        )
        if not needs_approval:
            return None
        return _file(
            actor,
            user,
            AccessChangeKind.CREATE_ACCOUNT,
            reason=reason,
            roles=wanted,
            clearance=clearance,
            email=email,
        )


def decide(actor: User, change_id: Any, *, approve: bool, reason: str = "") -> AccessChangeRequest:
    """The second person approves (the change takes effect) or refuses (with a reason)."""
    engine.require_principal(actor)
    change = get(actor, change_id)
    why = refusal(actor, change)
    if why is not None:
        # Recorded outside the refused transaction, so the attempt stays in the trail.
        audit.record(AuditAction.DENIED, change, result="denied", reason=why, actor=actor)
        raise NotPermitted(why)
    with transaction.atomic():
        change = engine.get_for(
            AccessChangeRequest.objects.select_for_update(), actor, Action.CHANGE, pk=change.pk
        )
        if change.status != AccessChangeStatus.PENDING:
            raise InvalidTransition("Over deze wijziging is al beslist.")
        if approve and change.requested_at < timezone.now() - timedelta(days=REQUEST_DAYS):
            raise InvalidTransition("Deze aanvraag is verlopen; vraag de wijziging opnieuw aan.")
        if approve:
            reason = (reason or "").strip()
            _apply(change, actor)
        else:
            reason = _reason(reason)
        now = timezone.now()
        status = AccessChangeStatus.APPROVED if approve else AccessChangeStatus.REFUSED
        AccessChangeRequest.objects.filter(pk=change.pk).update(
            status=status, decided_by=actor, decided_at=now, decision_reason=reason
        )
        change.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            change,
            changes={"status": [AccessChangeStatus.PENDING, status]},
            reason=reason or "akkoord (vier ogen)",
            actor=actor,
        )
        _tell(change, actor)
    return change


def _tell(change: AccessChangeRequest, actor: User) -> None:
    what = _describe(change)
    if change.status == AccessChangeStatus.REFUSED:
        Alert.objects.create(
            recipient=change.requested_by,
            message=f"Toegangswijziging afgewezen door {actor.display_name}: {what}.",
        )
        return
    told = {change.requested_by_id}
    Alert.objects.create(
        recipient=change.requested_by,
        message=f"Toegangswijziging goedgekeurd door {actor.display_name}: {what}.",
    )
    message = (
        f"Toegangswijziging doorgevoerd: {what}. Aangevraagd door "
        f"{change.requested_by.display_name}, goedgekeurd door {actor.display_name}."
    )
    for person in organisation_watchers(change.target).exclude(pk__in=told):
        Alert.objects.create(recipient=person, message=message)
    Alert.objects.create(
        recipient=change.target,
        message=(
            f"Aan uw account is gewijzigd: {change.get_kind_display()}. Herkent u dit niet? "
            "Meld het bij de beveiligingsfunctionaris van uw organisatie."
        ),
    )


def _apply(change: AccessChangeRequest, actor: User) -> None:
    target = User.objects.select_for_update().get(pk=change.target_id)
    if not target.is_active:
        raise InvalidTransition("Dit account is niet meer actief.")
    if change.delivery_email and (target.email or "").strip() != change.delivery_email:
        raise InvalidTransition(
            "Het e-mailadres van het account is gewijzigd sinds de aanvraag; vraag opnieuw aan."
        )
    before_roles = sorted(target.role_codes)
    before_clearance = target.clearance
    if change.kind in (AccessChangeKind.CREATE_ACCOUNT, AccessChangeKind.GRANT_ROLE):
        for role in change.roles:
            RoleAssignment.objects.get_or_create(user=target, role=role)
    if change.kind in (AccessChangeKind.CREATE_ACCOUNT, AccessChangeKind.RAISE_CLEARANCE):
        assert change.clearance is not None  # set by the request
        if change.kind == AccessChangeKind.RAISE_CLEARANCE and change.clearance <= target.clearance:
            raise InvalidTransition("Het account heeft dit screeningsniveau al.")
        User.objects.filter(pk=target.pk).update(clearance=change.clearance)
        target.clearance = change.clearance
    sync_staff_flag(target)
    send_link = False
    if change.kind == AccessChangeKind.RESET_PASSWORD:
        target.set_unusable_password()  # also ends the account's open sessions
        target.save(update_fields=["password"])
        send_link = True
    elif change.kind == AccessChangeKind.RESET_AUTHENTICATOR:
        TOTPDevice.objects.filter(user=target).delete()
        send_link = True
    elif totp_device(target) is None:
        send_link = True  # a first sign-in: enrol through the person's own mailbox
    after_roles = sorted(RoleAssignment.objects.filter(user=target).values_list("role", flat=True))
    changes: dict[str, Any] = {}
    if before_roles != after_roles:
        changes["roles"] = [before_roles, after_roles]
    if before_clearance != target.clearance:
        changes["clearance"] = [before_clearance, target.clearance]
    if change.kind == AccessChangeKind.RESET_PASSWORD:
        changes["password"] = audit.SECRET_MARK
    if change.kind == AccessChangeKind.RESET_AUTHENTICATOR:
        changes["totp_devices"] = ["gereset", 0]
    audit.record(
        AuditAction.ADMIN,
        target,
        changes=changes,
        reason=f"toegangswijziging {change.pk} doorgevoerd (vier ogen)",
        actor=actor,
    )
    if send_link:
        enrolment.issue_link(target, email=change.delivery_email or _email(target), request=change)


def visible(actor: Any) -> QuerySet[AccessChangeRequest]:
    """Every request the actor may see (inspectors, administrators; officers: their org)."""
    return AccessChangeRequest.objects.visible_to(actor).select_related(
        "target", "target__organisation", "requested_by", "decided_by"
    )


def queue(actor: Any) -> list[AccessChangeRequest]:
    """Pending requests this actor may decide: the queue of the second persons."""
    pending = (
        AccessChangeRequest.objects.visible_to(actor, Action.CHANGE)
        .filter(status=AccessChangeStatus.PENDING)
        .exclude(requested_by=actor.pk)
        .exclude(target=actor.pk)
        .select_related("target", "target__organisation", "requested_by")
        .order_by("requested_at", "pk")
    )
    return list(pending)


def get(actor: Any, change_id: Any) -> AccessChangeRequest:
    try:
        pk = int(change_id)
    except (TypeError, ValueError) as exc:
        raise Http404("Niet gevonden") from exc
    return engine.get_for(visible(actor), actor, Action.VIEW, pk=pk)


# --- portal accounts for persons concerned --------------------------------------------------

# The portal roles: the protectee, a relative, the employer contact.
PORTAL_ROLES = (Role.PROTECTEE, Role.RELATIVE, Role.EMPLOYER)


def _portal_username(person: Any) -> str:
    base = (
        "".join(
            ch
            for ch in f"{person.first_name}.{person.last_name}".lower()
            if ch.isalnum() or ch == "."
        )[:120]
        or "portaal"
    )
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def request_portal_account(
    actor: User, person: Any, *, role: str, email: str, reason: str
) -> AccessChangeRequest:
    """Ask for a portal account tied to a registry person (protectee, relative, employer).

    The caller (the case team, `cases.persons.request_portal_account`) has checked that the
    actor may do this for this person in this case. The account is saved tied to the person
    but without roles, password or authenticator, so it opens nothing; the roles wait for a
    second person (a system administrator, or a security officer of the account's
    organisation) as a `create_account` request. Only the approval mails the one-time link to
    the person's own address, where they choose a password and set up the authenticator. So
    one insider alone can neither tie an account to someone else's person nor read their
    letters: the requester never approves, and the link never passes through their hands.
    """
    from weerstand.organisations.models import Organisation

    engine.require_principal(actor)
    if role not in PORTAL_ROLES:
        raise ValidationFailed(
            "Deze persoon kan geen portaalaccount krijgen in deze rol.",
            invalid_params=[InvalidParam("role", "not-portal", "Geen portaalrol.")],
        )
    reason = _reason(reason)
    email = (email or "").strip()
    if "@" not in email or len(email) > 254:
        raise ValidationFailed(
            "Vul het eigen e-mailadres van de persoon in: daar komt de koppellink.",
            invalid_params=[InvalidParam("email", "invalid", "Geen geldig e-mailadres.")],
        )
    civilian = Organisation.objects.filter(kind="civilian").order_by("pk").first()
    if civilian is None:
        raise InvalidTransition("Er is geen organisatie voor burgers ingericht.")
    with transaction.atomic():
        account = User.objects.select_for_update().filter(person=person.pk).first()
        if account is not None:
            if RoleAssignment.objects.filter(user=account).exists() or not account.is_active:
                raise InvalidTransition("Deze persoon heeft al een portaalaccount.")
            if AccessChangeRequest.objects.filter(
                target=account, status=AccessChangeStatus.PENDING
            ).exists():
                raise InvalidTransition(
                    "Voor deze persoon wacht al een aanvraag op een tweede persoon."
                )
            # An earlier request was refused or expired: ask again for the same account.
            if account.email != email:
                before = account.email
                User.objects.filter(pk=account.pk).update(email=email)
                account.email = email
                audit.record(
                    AuditAction.ADMIN,
                    account,
                    changes={"email": [before, email]},
                    reason="e-mailadres voor de koppellink (nieuwe aanvraag portaalaccount)",
                    actor=actor,
                )
        else:
            account = User(
                username=_portal_username(person),
                first_name=person.first_name,
                last_name=person.last_name,
                email=email,
                organisation=civilian,
                person=person,
                clearance=Clearance.UNCLASSIFIED,
            )
            account.set_unusable_password()  # the person chooses it behind the link
            account.save()
            audit.record(
                AuditAction.ADMIN,
                account,
                changes={"username": [None, account.username], "person": [None, person.pk]},
                reason="portaalaccount aangemaakt (zonder rollen tot een tweede persoon akkoord "
                "geeft)",
                actor=actor,
            )
        return _file(
            actor,
            account,
            AccessChangeKind.CREATE_ACCOUNT,
            reason=reason,
            roles=[role],
            clearance=Clearance.UNCLASSIFIED,
            email=email,
        )
