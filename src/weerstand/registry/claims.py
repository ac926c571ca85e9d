"""A one-time claim on a newly registered person, so its registrar can refer a case for it.

A person linked to no case is visible to nobody (persons are reached through cases), so the
id alone can't be used in a referral. The claim is signed, bound to the registrar's account,
expires, and only works while the person is in no case: guessing ids gets nobody anywhere.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

from weerstand.cases.models import CasePerson
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.registry.models import Person

_SALT = "weerstand.registry.person-claim"
MAX_AGE_SECONDS = 24 * 3600


def issue(user: Any, person: Person) -> str:
    return signing.dumps({"p": person.pk, "u": user.pk}, salt=_SALT, compress=True)


def redeem(user: Any, claim: str, *, field: str = "protecteeClaim") -> Person:
    """The claimed person, or a validation problem that does not say why (expired, foreign,
    already used and forged claims all read the same)."""
    try:
        data = signing.loads(claim, salt=_SALT, max_age=MAX_AGE_SECONDS)
        if data.get("u") != user.pk:
            raise signing.BadSignature("other user")
        person = Person.objects.get(pk=data.get("p"))
        if CasePerson.objects.filter(person=person).exists():
            raise signing.BadSignature("already linked")
    except (signing.BadSignature, Person.DoesNotExist, AttributeError, TypeError) as exc:
        raise ValidationFailed(
            "De claim op deze persoon is niet (meer) geldig.",
            invalid_params=[InvalidParam(field, "invalid", "Ongeldige of verlopen claim.")],
        ) from exc
    return person
