"""The object types under retention that the retention app registers itself: threat-information
products (destroyed with their attachments, entity links, orphaned entities and search
entries), signals (destroyed likewise; a signal an incident review or an assessment cites
keeps its bare row, its content erased), a registry person's data once every case of theirs
is closed (anonymised), and a closed case's file (its free texts and those of its gaps and
requests for information anonymised; reference, dates, states and decisions stay)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from weerstand.retention.models import CountedFrom
from weerstand.retention.types import (
    AuditTrace,
    Blocked,
    Candidate,
    ObjectType,
    PersonReference,
)

ANONYMOUS_FIRST_NAME = "Geanonimiseerd"
# What stands where erased free text was (a required text field cannot be left empty).
ERASED_TEXT = "[verwijderd na bewaartermijn]"
ANONYMOUS_CODENAME = "Geanonimiseerd"


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, datetime) else value


def _closed_on(case_ids: list[int]) -> date | None:
    """The day the last of these cases closed, or None while any is still open."""
    from weerstand.cases.models import Case, CaseState

    if not case_ids:
        return None
    rows = list(Case._base_manager.filter(pk__in=case_ids).values_list("state", "ended_at"))
    if any(state != CaseState.ENDED or ended is None for state, ended in rows):
        return None
    return max(_day(ended) for _s, ended in rows)  # type: ignore[type-var]  # all set above


# --- threat-information products ------------------------------------------------------------


def product_candidates() -> Iterable[Candidate]:
    from weerstand.information.models import ProductCase, ThreatProduct

    links: dict[int, list[int]] = {}
    for product_id, case_id in ProductCase._base_manager.values_list("product_id", "case_id"):
        links.setdefault(product_id, []).append(case_id)
    rows = ThreatProduct._base_manager.order_by("pk").values_list(
        "pk", "legal_basis__code", "received_at"
    )
    for pk, basis, received_at in rows:
        case_ids = sorted(links.get(pk, []))
        closed = _closed_on(case_ids)
        yield Candidate(
            object_id=pk,
            legal_basis=basis,
            dates={
                CountedFrom.PRODUCT_DATE: _day(received_at),
                CountedFrom.CASE_CLOSED: closed,
                CountedFrom.PROTECTION_ENDED: closed,
            },
            case_ids=tuple(case_ids),
        )


def _entity_in_use(entity_id: int, but: tuple[str, int] | None = None) -> bool:
    """Whether any record still names the entity; `but` = (related name, signal id) leaves
    that one signal's links out (asked before the signal goes)."""
    from weerstand.information.models import Entity

    entity = Entity._base_manager.get(pk=entity_id)
    for rel in entity._meta.related_objects:
        if not rel.one_to_many:
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.name: entity_id})
        if but is not None and rel.get_accessor_name() == but[0]:
            rows = rows.exclude(signal=but[1])
        if rows.exists():
            return True
    return False


def destroy_product(product_id: int) -> None:
    """Delete the product with everything that hangs on it; entities nothing else mentions go
    too. A newer version still kept, or a record elsewhere that cites the product (an
    assessment, a request's answer), blocks it: `Blocked`, tried again next run."""
    from weerstand.information.models import EntityLink, ReassessmentAdvice, ThreatProduct
    from weerstand.search import index

    product = ThreatProduct._base_manager.select_for_update().get(pk=product_id)
    if ThreatProduct._base_manager.filter(supersedes=product_id).exists():
        raise Blocked("newer_version_kept")
    entity_ids = list(
        EntityLink._base_manager.filter(product=product_id).values_list("entity_id", flat=True)
    )
    ReassessmentAdvice._base_manager.filter(source_type="product", source_id=product_id).update(
        source_id=None
    )
    try:
        product.delete()
    except models.ProtectedError as exc:
        raise Blocked("cited_elsewhere") from exc
    from weerstand.information.models import Entity

    for entity_id in entity_ids:
        if not _entity_in_use(entity_id):
            Entity._base_manager.filter(pk=entity_id).delete()
    index.remove_ids("product", [product_id])


def product_trace(product_id: int) -> AuditTrace:
    """The product, its attachments, and the entities only it mentions (destroyed with it)."""
    from weerstand.information.models import Attachment, EntityLink

    objects = [("information.threatproduct", str(product_id))]
    objects += [
        ("information.attachment", str(pk))
        for pk in Attachment._base_manager.filter(product=product_id).values_list("pk", flat=True)
    ]
    for entity_id in EntityLink._base_manager.filter(product=product_id).values_list(
        "entity_id", flat=True
    ):
        others = EntityLink._base_manager.filter(entity=entity_id).exclude(product=product_id)
        if not others.exists():
            objects.append(("information.entity", str(entity_id)))
    return AuditTrace(objects=tuple(objects))


def products_about(person_id: int) -> Iterable[PersonReference]:
    from weerstand.information.models import ProductPerson

    rows = (
        ProductPerson._base_manager.filter(person=person_id)
        .order_by("product_id")
        .values_list("product_id", "product__reference")
    )
    return [PersonReference(pk, f"product {ref}") for pk, ref in rows]


# --- registry persons of closed cases ---------------------------------------------------------


def person_candidates() -> Iterable[Candidate]:
    from weerstand.cases.models import CasePerson
    from weerstand.registry.models import Person

    cases: dict[int, list[int]] = {}
    for person_id, case_id in CasePerson._base_manager.values_list("person_id", "case_id"):
        cases.setdefault(person_id, []).append(case_id)
    done = set(
        Person._base_manager.filter(first_name=ANONYMOUS_FIRST_NAME).values_list("pk", flat=True)
    )
    for person_id, case_ids in sorted(cases.items()):
        if person_id in done:
            continue
        closed = _closed_on(case_ids)
        yield Candidate(
            object_id=person_id,
            legal_basis="",
            dates={CountedFrom.CASE_CLOSED: closed, CountedFrom.PROTECTION_ENDED: closed},
            case_ids=tuple(sorted(set(case_ids))),
        )


def anonymise_person(person_id: int) -> None:
    """Replace what identifies the person; the row stays so the closed cases keep their shape
    (roles, dates), but nobody can tell who it was."""
    from weerstand.registry.models import Person

    person = Person._base_manager.select_for_update().get(pk=person_id)
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = f"persoon {person_id}"
    person.date_of_birth = None
    person.home_address = ""
    person.phone_numbers = ""
    person.employer = None
    person.version += 1
    person.updated_at = timezone.now()
    person.save()


def person_trace(person_id: int) -> AuditTrace:
    """The person's own records, and any whose payload names them (full name only: a bare
    first or last name would erase records about others)."""
    from weerstand.registry.models import Person

    first, last = Person._base_manager.values_list("first_name", "last_name").get(pk=person_id)
    name = f"{first} {last}".strip()
    terms = (name,) if len(name) >= 5 and first != ANONYMOUS_FIRST_NAME else ()
    return AuditTrace(objects=(("registry.person", str(person_id)),), terms=terms)


def cases_about(person_id: int) -> Iterable[PersonReference]:
    from weerstand.cases.models import CasePerson

    rows = (
        CasePerson._base_manager.filter(person=person_id)
        .order_by("case_id")
        .values_list("case_id", "case__reference")
        .distinct()
    )
    return [PersonReference(pk, f"casus {ref}") for pk, ref in rows]


# --- signals (soft information) ---------------------------------------------------------------


def _signal_citers() -> set[int]:
    """Signals another record relies on: an incident review (learning) or an assessment's
    citation. Those keep their row (the review and the assessment stay whole)."""
    from django.apps import apps

    out: set[int] = set()
    for label in ("learning.IncidentReview", "assessments.SignalCitation"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        out |= set(model._base_manager.values_list("signal_id", flat=True))
    return out


def signal_candidates() -> Iterable[Candidate]:
    """A signal's period counts from its date (the day it was reported); a signal linked to a
    case counts from the day that case closed, so soft information about a running case stays
    while the case runs. A cited signal whose content is already erased is no candidate."""
    from weerstand.signals.models import Signal

    cited = _signal_citers()
    erased = {
        pk
        for pk, what in Signal._base_manager.filter(pk__in=cited).values_list("pk", "what")
        if what == ERASED_TEXT
    }
    from weerstand.cases.models import Case, CaseState

    # The closing day of every ended case, in one query (None: still running).
    closed_on = {
        pk: _day(ended)
        for pk, ended in Case._base_manager.filter(
            state=CaseState.ENDED, ended_at__isnull=False
        ).values_list("pk", "ended_at")
    }
    rows = Signal._base_manager.order_by("pk").values_list("pk", "case_id", "created_at")
    for pk, case_id, created_at in rows:
        if pk in erased:
            continue
        closed = closed_on.get(case_id) if case_id else None
        yield Candidate(
            object_id=pk,
            legal_basis="",
            dates={
                CountedFrom.SIGNAL_DATE: closed if case_id else _day(created_at),
                CountedFrom.CASE_CLOSED: closed,
                CountedFrom.PROTECTION_ENDED: closed,
            },
            case_ids=(case_id,) if case_id else (),
        )


def destroy_signal(signal_id: int) -> str | None:
    """Delete the signal with its entity links; entities nothing else mentions go too. A
    signal an incident review or an assessment cites is not deleted (that would break the
    review): its free texts are erased and its links dropped, the bare row (reference, kind,
    dates, grading) stays, and the outcome is "anonymised"."""
    from weerstand.information.models import Entity, ReassessmentAdvice
    from weerstand.search import index
    from weerstand.signals.models import Signal, SignalEntity

    signal = Signal._base_manager.select_for_update().get(pk=signal_id)
    entity_ids = list(
        SignalEntity._base_manager.filter(signal=signal_id).values_list("entity_id", flat=True)
    )
    ReassessmentAdvice._base_manager.filter(source_type="signal", source_id=signal_id).update(
        source_id=None
    )
    outcome = None
    if signal_id in _signal_citers():
        SignalEntity._base_manager.filter(signal=signal_id).delete()
        signal.what = ERASED_TEXT
        signal.subject = ""
        signal.noticed_by = ""
        signal.triage_note = ""
        signal.version += 1
        signal.save(update_fields=["what", "subject", "noticed_by", "triage_note", "version"])
        outcome = "anonymised"
    else:
        try:
            signal.delete()
        except models.ProtectedError as exc:
            raise Blocked("cited_elsewhere") from exc
    for entity_id in entity_ids:
        if not _entity_in_use(entity_id):
            Entity._base_manager.filter(pk=entity_id).delete()
    index.remove_ids("signal", [signal_id])
    return outcome


def signal_trace(signal_id: int) -> AuditTrace:
    from weerstand.signals.models import SignalEntity

    objects = [("signals.signal", str(signal_id))]
    links = SignalEntity._base_manager.filter(signal=signal_id)
    objects += [("signals.signalentity", str(pk)) for pk in links.values_list("pk", flat=True)]
    for entity_id in links.values_list("entity_id", flat=True):
        # Entities only this signal names go with it (see destroy_signal), and their records.
        if not _entity_in_use(entity_id, but=("signal_links", signal_id)):
            objects.append(("information.entity", str(entity_id)))
    return AuditTrace(objects=tuple(objects))


# --- a closed case's file -----------------------------------------------------------------------


def case_file_candidates() -> Iterable[Candidate]:
    from weerstand.cases.models import Case, CaseState

    rows = (
        Case._base_manager.filter(state=CaseState.ENDED, ended_at__isnull=False)
        .exclude(codename=ANONYMOUS_CODENAME)
        .order_by("pk")
        .values_list("pk", "ended_at")
    )
    for pk, ended_at in rows:
        closed = _day(ended_at)
        yield Candidate(
            object_id=pk,
            legal_basis="",
            dates={CountedFrom.CASE_CLOSED: closed, CountedFrom.PROTECTION_ENDED: closed},
            case_ids=(pk,),
        )


def anonymise_case_file(case_id: int) -> None:
    """Erase what the case's file says in words; keep what it did. The case keeps its
    reference, phenomenon, severity, dates, states, team and decisions (the quality monitor,
    the advisory counts and the inspection rely on them); its codename, summary, interim
    measures and triage reason, its timeline's reasons, its classification changes' reasons,
    its hand-over to the local domain's note and answer, its reassessment advice and its gaps'
    and requests for information's texts are erased."""
    from weerstand.cases.models import Case, CaseEvent, ClassificationChange, LocalHandover
    from weerstand.gaps.models import Gap, InformationRequest
    from weerstand.information.models import ReassessmentAdvice
    from weerstand.search import index

    case = Case._base_manager.select_for_update().get(pk=case_id)
    case.codename = ANONYMOUS_CODENAME
    case.summary = ""
    case.interim_measures = ""
    case.triage_reason = ""
    case.version += 1
    case.updated_at = timezone.now()
    case.save(
        update_fields=[
            "codename",
            "summary",
            "interim_measures",
            "triage_reason",
            "version",
            "updated_at",
        ]
    )
    CaseEvent._base_manager.filter(case=case_id).update(reason=ERASED_TEXT)
    changes = ClassificationChange._base_manager.filter(case=case_id)
    changes.update(reason=ERASED_TEXT)
    changes.exclude(decision_reason="").update(decision_reason=ERASED_TEXT)
    handovers = LocalHandover._base_manager.filter(case=case_id)
    handovers.exclude(note="").update(note=ERASED_TEXT)
    handovers.exclude(answer_reason="").update(answer_reason=ERASED_TEXT)
    advice = ReassessmentAdvice._base_manager.filter(case=case_id)
    advice.update(reason=ERASED_TEXT)
    advice.exclude(resolution="").update(resolution=ERASED_TEXT)
    # Encrypted fields: saved one by one, so each is encrypted as the field does it.
    for gap in Gap._base_manager.filter(case=case_id).order_by("pk"):
        gap.description = ERASED_TEXT
        gap.why_it_matters = ERASED_TEXT
        gap.status_note = ""
        gap.save(update_fields=["description", "why_it_matters", "status_note"])
    for rfi in InformationRequest._base_manager.filter(case=case_id).order_by("pk"):
        rfi.question = ERASED_TEXT
        rfi.cancel_reason = ""
        rfi.save(update_fields=["question", "cancel_reason"])
    index.update(case)


def case_file_trace(case_id: int) -> AuditTrace:
    """The case and its gaps and requests for information: the payloads of their records
    (codename, reasons, questions) go; the records themselves (who did what when) stay."""
    from weerstand.cases.models import ClassificationChange, LocalHandover
    from weerstand.gaps.models import Gap, InformationRequest

    objects = [("cases.case", str(case_id))]
    for label, model in (
        ("gaps.gap", Gap),
        ("gaps.informationrequest", InformationRequest),
        ("cases.classificationchange", ClassificationChange),
        ("cases.localhandover", LocalHandover),
    ):
        objects += [
            (label, str(pk))
            for pk in model._base_manager.filter(case=case_id).values_list("pk", flat=True)
        ]
    return AuditTrace(objects=tuple(objects))


TYPES = (
    ObjectType(
        code="threat_product",
        label="dreigingsinformatieproduct",
        candidates=product_candidates,
        destroy=destroy_product,
        about_person=products_about,
        audit_trace=product_trace,
        counts_from=(
            CountedFrom.PRODUCT_DATE,
            CountedFrom.CASE_CLOSED,
            CountedFrom.PROTECTION_ENDED,
        ),
    ),
    ObjectType(
        code="person",
        label="persoonsgegevens (gesloten casussen)",
        candidates=person_candidates,
        anonymise=anonymise_person,
        audit_trace=person_trace,
        counts_from=(CountedFrom.CASE_CLOSED, CountedFrom.PROTECTION_ENDED),
    ),
    ObjectType(
        code="signal",
        label="signaal (zachte informatie)",
        candidates=signal_candidates,
        destroy=destroy_signal,
        audit_trace=signal_trace,
        counts_from=(
            CountedFrom.SIGNAL_DATE,
            CountedFrom.CASE_CLOSED,
            CountedFrom.PROTECTION_ENDED,
        ),
    ),
    ObjectType(
        code="case_file",
        label="casusdossier (gesloten casus)",
        candidates=case_file_candidates,
        anonymise=anonymise_case_file,
        audit_trace=case_file_trace,
        counts_from=(CountedFrom.CASE_CLOSED, CountedFrom.PROTECTION_ENDED),
    ),
    ObjectType(code="case", label="casus", about_person=cases_about),
)
