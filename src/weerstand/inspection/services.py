"""The inspectorate's export of one case: verify the audit trail, assemble, sign, audit.

`export_case(inspector, case_id)` is the one way in (page, API and tests call it). Every row
comes through the policy as the inspector: the case by `engine.get_for` (hidden or absent:
404), decisions and assessments by `visible_to`, the team by `cases.team.members`, the audit
records only when the inspector may read this case's audit trail (`case_audit`). Before
anything is assembled the audit chain is verified up to the newest signed checkpoint (from the
newest checkpoint an earlier export verified, see `verified_checkpoint`);
when it does not verify the export is refused (409 `audit-chain-unverified`) and the system
administrators and inspectors are alerted, because an export that vouches for a broken
trail is worse than none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from weerstand.accounts.models import User
from weerstand.accounts.roles import Role
from weerstand.assessments.models import Assessment
from weerstand.audit import chain
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditRecord
from weerstand.audit.verify import verify_chain
from weerstand.cases import team as case_team
from weerstand.cases.models import Case, CaseState
from weerstand.core.errors import DomainError
from weerstand.decisions.models import Decision
from weerstand.inspection import package, pdf
from weerstand.inspection.models import VerifiedCheckpoint
from weerstand.policy import engine
from weerstand.policy.models import Alert
from weerstand.policy.table import Action, Resource


class AuditChainUnverified(DomainError):
    status = 409
    code = "audit-chain-unverified"
    title = "Het audittrail kon niet worden geverifieerd"


@dataclass(frozen=True)
class Export:
    filename: str
    data: bytes
    manifest_sha256: str


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _name(u: Any) -> str:
    return f"{u.display_name} ({u.username})" if u is not None else ""


def _alert_broken_chain(actor: Any, case_id: int, detail: str) -> None:
    told = (
        User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.SYSTEM_ADMIN, Role.INSPECTOR]
        )
        .distinct()
        .order_by("pk")
    )
    message = (
        "Inspectie-export geweigerd: het audittrail verifieert niet tot het laatste "
        f"ondertekende checkpoint ({detail}). Voer 'weerstand audit-verify' uit."
    )
    with transaction.atomic():
        Alert.objects.bulk_create([Alert(recipient=u, case=None, message=message) for u in told])
        audit.record(
            AuditAction.EXPORT,
            object_type="inspection.export",
            object_id=case_id,
            object_repr="inspectie-export geweigerd",
            result="refused",
            reason=detail,
            actor=actor,
        )


def verified_checkpoint(actor: Any, case_id: int) -> AuditCheckpoint:
    """Sign the current head, verify the chain from the newest checkpoint an earlier export
    verified (or from the start, the first time) up to it, and return the newest checkpoint.

    The records before the remembered checkpoint are not read again: that keeps an export fast
    on a long trail. A rewrite there is caught by the full walk of `weerstand audit-verify`
    (and by any later checkpoint that no longer matches); the signatures of all checkpoints
    and the anchor file are still checked on every export.
    """
    audit.checkpoint_now()
    base = VerifiedCheckpoint.objects.order_by("-seq").first()
    report = verify_chain(after=(base.seq, base.record_hash) if base is not None else None)
    newest = AuditCheckpoint.objects.order_by("-seq").first()
    if report.problem is not None or newest is None or report.last_seq < newest.seq:
        detail = report.problem.describe() if report.problem else "geen ondertekend checkpoint"
        _alert_broken_chain(actor, case_id, detail)
        raise AuditChainUnverified(
            "Het audittrail verifieert niet; de export is geweigerd en de beheerders en "
            "inspecteurs zijn gewaarschuwd."
        )
    if base is None or newest.seq > base.seq:
        VerifiedCheckpoint.objects.bulk_create(
            [VerifiedCheckpoint(seq=newest.seq, record_hash=newest.record_hash, full=base is None)],
            ignore_conflicts=True,
        )
    return newest


def _audit_records(user: Any, case: Case, up_to: int) -> list[dict[str, Any]]:
    if not engine.can(user, Resource.CASE_AUDIT, Action.VIEW, case):
        return []
    rows = AuditRecord.objects.filter(case_id=case.pk, seq__lte=up_to).order_by("seq")
    out = []
    payload = ("payload__salt", *(f"payload__{n}" for n in chain.ERASABLE_FIELDS))
    for rec in rows.values(
        "prev_hash",
        "hash",
        *chain.CHAINED_FIELDS,
        "format",
        "payload_digest",
        "shard",
        "shard_seq",
        *payload,
    ):
        rec["created_at"] = rec["created_at"].isoformat()
        # Format 2: the erasable fields live in the payload (gone once erased); the package
        # carries them with their salt, so a verifier can check them against the digest.
        salt = rec.pop("payload__salt")
        stored = {n: rec.pop(f"payload__{n}") for n in chain.ERASABLE_FIELDS}
        if rec["format"] >= 2:
            rec.update(stored)
            rec["payload_salt"] = salt
        out.append(rec)
    return out


def case_content(user: Any, case: Case, checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """Everything within the inspectorate's mandate about one case, read as `user`."""
    states = dict(CaseState.choices)
    decisions = (
        Decision.objects.visible_to(user)
        .filter(case=case)
        .select_related("decided_by", "approved_by")
        .order_by("decided_at", "pk")
    )
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(case=case)
        .select_related("author", "finalised_by")
        .order_by("number")
    )
    return {
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "codename": case.codename,
            "state": case.state,
            "stateLabel": str(states.get(case.state, case.state)),
            "phenomenon": case.phenomenon,
            "referredAt": _when(case.referred_at),
            "endedAt": _when(case.ended_at),
        },
        "timeline": [
            {
                "at": _when(e.at),
                "actor": e.actor_name,
                "kind": e.kind,
                "fromState": e.from_state,
                "toState": e.to_state,
                "reason": e.reason,
            }
            for e in case.events.all()
        ],
        "decisions": [
            {
                "reference": d.reference,
                "type": d.decision_type,
                "status": d.status,
                "requiredResistance": d.required_resistance,
                "reasoning": d.reasoning,
                "effectiveDate": _when(d.effective_date),
                "decidedAt": _when(d.decided_at),
                "decidedBy": _name(d.decided_by),
                "approvedBy": _name(d.approved_by),
                "approvedAt": _when(d.approved_at),
                "inForceSince": _when(d.in_force_since),
                "endedOn": _when(d.ended_on),
            }
            for d in decisions
        ],
        "assessments": [
            {
                "reference": a.reference,
                "number": a.number,
                "status": a.status,
                "threatLevel": a.threat_level,
                "recommendedResistance": a.recommended_resistance,
                "summary": a.summary,
                "residualRisk": a.residual_risk,
                "author": _name(a.author),
                "finalisedAt": _when(a.finalised_at),
                "finalisedBy": _name(a.finalised_by),
            }
            for a in assessments
        ],
        "team": [
            {
                "name": _name(m.user),
                "organisation": m.user.organisation.name if m.user.organisation else "",
                "function": m.function,
            }
            for m in case_team.members(user, case)
        ],
        "auditRecords": _audit_records(user, case, checkpoint.seq),
        "checkpointSeq": checkpoint.seq,
    }


def export_case(user: Any, case_id: int) -> Export:
    """The signed ZIP of one case for an inspector; Http404 for anyone else or any hidden case."""
    engine.require_principal(user)
    if not engine.can(user, Resource.INSPECTION_EXPORT, Action.VIEW):
        raise Http404
    case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_id)
    checkpoint = verified_checkpoint(user, case.pk)
    content = case_content(user, case, checkpoint)
    case_json = package.dumps(content)
    case_pdf = pdf.render(content)
    now = timezone.now()
    org = getattr(user, "organisation", None)
    manifest = {
        "case": {"id": case.pk, "reference": case.reference},
        "checkpoint": {
            "seq": checkpoint.seq,
            "recordHash": checkpoint.record_hash,
            "heads": checkpoint.heads,
            "keyId": checkpoint.key_id,
            "signature": checkpoint.signature,
            "createdAt": _when(checkpoint.created_at),
        },
        "exportedAt": _when(now),
        "exporter": {"id": user.pk, "name": _name(user), "organisation": org.name if org else ""},
    }
    data = package.assemble(
        case_json, case_pdf, manifest, chain.signing_key(settings.AUDIT_SIGNING_KEY)
    )
    manifest_sha = _manifest_sha(data)
    audit.record(
        AuditAction.EXPORT,
        case,
        reason="inspectie-export",
        changes={
            "manifest_sha256": manifest_sha,
            "checkpoint_seq": checkpoint.seq,
            "audit_records": len(content["auditRecords"]),
        },
        actor=user,
    )
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return Export(f"inspectie-{case.reference}-{stamp}.zip", data, manifest_sha)


def _manifest_sha(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return package.sha256(zf.read(package.MANIFEST))


def manifest_of(data: bytes) -> dict[str, Any]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read(package.MANIFEST))
