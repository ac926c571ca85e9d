"""PostgreSQL: after the retention run, a pg_dump holds no trace of the destroyed product's
unique marker (not in its own tables, the search index, nor the audit trail: not even in its
withdrawal reason), nor of an anonymised person's name (in their registration's audit
records and in another record naming them), while the held product's title is still there
(the check can fail)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from weerstand.audit.tests.test_pg_dump import _pg_dump
from weerstand.audit.verify import verify_chain
from weerstand.retention import services
from weerstand.retention.tests import builders as b

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
]


def test_dump_after_destruction_has_no_trace_of_the_product() -> None:
    from weerstand import testing as t
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.cases.models import CasePerson
    from weerstand.information.services.products import withdraw_product
    from weerstand.registry.services import PersonData, create_person

    w = b.world()
    gone_mark, kept_mark = b.marker(), b.marker()
    gone = b.product(w, gone_mark)
    withdraw_product(w.liaison, gone.pk, reason=f"Ingetrokken wegens {gone_mark}")
    kept = b.product(w, kept_mark)
    name_mark = b.marker()
    person = create_person(t.user("mayor"), PersonData(first_name="Piet", last_name=name_mark))
    CasePerson.objects.create(case=w.case, person=person, role="partner")
    audit.record(
        AuditAction.UPDATE,
        object_type="cases.case",
        object_id=w.case.pk,
        reason=f"Gesprek gevoerd met Piet {name_mark}",
    )
    b.rule(w)
    b.rule(w, object_type="person", counted_from="case_closed", action="anonymise", period_days=30)
    w.case.state = "ended"
    w.case.ended_at = timezone.now()
    w.case.save()
    services.place_hold(
        w.privacy,
        kind="inspection",
        reason="Inspectieonderzoek",
        object_type="threat_product",
        object_id=kept.pk,
    )
    before = _pg_dump()
    assert gone_mark in before and name_mark in before  # plaintext until retention runs
    report = services.apply_retention(timezone.now() + timedelta(days=400))
    assert report is not None
    outcomes = {(i["objectType"], i["objectId"], i["outcome"]) for i in report.items}
    assert {("threat_product", gone.pk, "destroyed"), ("person", person.pk, "anonymised")} <= (
        outcomes
    )
    dump = _pg_dump()
    assert gone_mark not in dump
    assert name_mark not in dump
    assert kept_mark in dump  # the held product's title: the check can see a title
    assert verify_chain().ok
