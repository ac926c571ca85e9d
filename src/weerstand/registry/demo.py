"""Demo data of the registry app: employers, the limitative list, and the people around
each demo case.

The registry's step (order 30 in `RegistryConfig`) writes the employers and the limitative
list and sets up the name generator. The cases' step (40) asks `household()` for the people
around each case as it opens it, and `relate()` for their relations to the protectee: one
random stream draws every name, address and birth date, in case order, so the same people
come out on every run.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from weerstand.core.demo.seed import World
from weerstand.registry import demo_data as d
from weerstand.registry.models import (
    Employer,
    LimitativeEntry,
    Person,
    PersonRelation,
    ProgrammeCover,
)

REFERENCE_YEAR = 2026  # birth dates are fixed dates, not "age N today"

# (person, case role, relation kind to the protectee); the protectee comes first.
Household = list[tuple[Person, str, str]]


@dataclass
class _People:
    """Draws names, addresses, birth dates and phone numbers for the whole demo world."""

    rng: random.Random
    phones: Iterator[int] = field(default_factory=lambda: itertools.count(1001))
    employers: dict[str, Employer] = field(default_factory=dict)
    created: int = 0
    taken: set[str] = field(default_factory=set)  # first names used in the current household

    def phone(self) -> str:
        return f"06-0000{next(self.phones):04d}"

    def address(self, town: str) -> str:
        street = self.rng.choice(d.STREET_STEMS) + self.rng.choice(d.STREET_SUFFIXES)
        number = self.rng.randint(1, 180)
        suffix = self.rng.choice(("", "", "", "a", "b", "-2"))
        return f"{street} {number}{suffix}, {town}"

    def birth(self, age: int) -> date:
        return date(REFERENCE_YEAR - age, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def group(self) -> d.NameGroup:
        return self.rng.choices(d.NAME_GROUPS, weights=[g.weight for g in d.NAME_GROUPS])[0]

    def first(self, group: d.NameGroup, gender: str) -> str:
        """A first name not yet used in this household (two Karins in one family confuse)."""
        pool = group.women if gender == "v" else group.men
        name = self.rng.choice(pool)
        for _ in range(8):
            if name not in self.taken:
                break
            name = self.rng.choice(pool)
        self.taken.add(name)
        return name

    def name(self, group: d.NameGroup, gender: str) -> tuple[str, str]:
        return self.first(group, gender), self.rng.choice(group.surnames)


def _people(world: World) -> _People:
    people: _People = world.state["registry.people"]
    return people


def seed(world: World) -> dict[str, Any]:
    people = world.state["registry.people"] = _People(random.Random(world.seed))
    _employers(people)
    _limitative_list(world)
    return {"employers": len(people.employers)}


def persons_created(world: World) -> int:
    return _people(world).created


def _employers(people: _People) -> None:
    rows = []
    for key, (name, sector, measures) in d.EMPLOYERS.items():
        if key == "dagblad":
            contact_name = "Erik Dijkman, hoofd beveiliging"
        else:
            first, last = people.name(people.group(), people.rng.choice("vm"))
            contact_name = f"{first} {last}, contactpersoon"
        rows.append(
            Employer(
                name=name,
                sector=sector,
                contact=f"{contact_name}; {people.phone()}",
                own_measures=measures,
            )
        )
    created = Employer.objects.bulk_create(rows)
    people.employers = dict(zip(d.EMPLOYERS, created, strict=True))


def _limitative_list(world: World) -> None:
    LimitativeEntry.objects.bulk_create(
        [
            LimitativeEntry(
                kind=kind,
                name=name,
                description=text,
                owner=world.orgs[owner],
                classification=cls,
                active=active,
            )
            for kind, name, text, owner, cls, active in d.LIMITATIVE_LIST
        ]
    )


def household(
    world: World,
    *,
    gender: str,
    employer: str,
    classification: int,
    town: str = "",
    crown_witness: bool = False,
    demo_family: bool = False,
) -> Household:
    """The protectee and the people around them, written to the registry.

    `employer` is a key of `EMPLOYERS`; without a `town` one is drawn. A crown witness gets a
    protected identity, a full family, a lawyer and a confidant. The demo family is the one
    of the portal logins (protectee, partner, the employer's security chief).
    """
    people = _people(world)
    rng = people.rng
    cls = classification
    town = town or rng.choice(d.TOWNS)
    home = people.address(town)
    works_at = people.employers[employer]
    age = rng.randint(32, 48) if crown_witness else rng.randint(27, 66)
    people.taken = set()
    group = people.group()
    first, last = people.name(group, gender)
    if demo_family:
        first, last = "Sanne", "Wijnberg"
    protectee = Person(
        first_name=first,
        last_name=last,
        date_of_birth=people.birth(age),
        home_address=home,
        phone_numbers=f"{people.phone()} (privé); {people.phone()} (werk)",
        employer=works_at,
        classification=cls,
    )
    if crown_witness:
        # These draws once made up a protected identity, which Weerstand no longer holds;
        # they stay so that every later name, address and birth date of the demo is the same.
        people.name(people.group(), gender)
        people.birth(age)
        rng.randint(10000, 99999)
    out: Household = [(protectee, "protectee", "")]

    def relative(
        first: str, last: str, age: int, kind: str, address: str, role: str = "relative"
    ) -> None:
        out.append(
            (
                Person(
                    first_name=first,
                    last_name=last,
                    date_of_birth=people.birth(max(age, 1)),
                    home_address=address,
                    phone_numbers=people.phone() if age >= 12 else "",
                    classification=cls,
                ),
                role,
                kind,
            )
        )

    partner_last = last
    if demo_family:
        relative("Thomas", "Kerkhof", age + 2, "partner", home)
        partner_last = "Kerkhof"
    elif crown_witness or rng.random() < 0.75:
        other = ("m" if gender == "v" else "v") if rng.random() < 0.9 else gender
        partner_group = group if rng.random() < 0.8 else people.group()
        partner_first, partner_last = people.name(partner_group, other)
        relative(partner_first, partner_last, age + rng.randint(-5, 5), "partner", home)
    children = 2 if crown_witness else (rng.randint(0, 3) if age >= 30 else 0)
    for _ in range(children):
        child_last = last if rng.random() < 0.6 else partner_last
        child = rng.choice([n for n in group.children if n not in people.taken])
        people.taken.add(child)
        relative(child, child_last, rng.randint(2, min(age - 24, 22)), "child", home)
    if crown_witness or rng.random() < 0.6:
        parents_home = people.address(rng.choice(d.TOWNS))
        parent_age = age + rng.randint(24, 34)
        relative(people.first(group, "m"), last, parent_age, "parent", parents_home)
        if crown_witness or rng.random() < 0.6:
            relative(*people.name(group, "v"), parent_age - 2, "parent", parents_home)
    for _ in range(2 if crown_witness else rng.randint(0, 2)):
        relative(
            people.first(group, rng.choice("vm")),
            last,
            age + rng.randint(-8, 8),
            "sibling",
            people.address(rng.choice(d.TOWNS)),
        )
    if crown_witness:
        relative(
            *people.name(people.group(), rng.choice("vm")),
            rng.randint(38, 60),
            "lawyer",
            people.address(rng.choice(d.TOWNS)),
            "lawyer",
        )
        relative(
            *people.name(people.group(), rng.choice("vm")),
            rng.randint(30, 60),
            "confidant",
            people.address(rng.choice(d.TOWNS)),
            "confidant",
        )
    if demo_family:
        out.append(
            (
                Person(
                    first_name="Erik",
                    last_name="Dijkman",
                    date_of_birth=date(1971, 6, 14),
                    home_address=people.address("Schiedam"),
                    phone_numbers=f"{people.phone()} (werk)",
                    employer=works_at,
                    classification=cls,
                ),
                "employer_contact",
                "",
            )
        )
    Person.objects.bulk_create([p for p, _role, _kind in out])
    people.created += len(out)
    if crown_witness:
        _programme_cover(out)
    return out


PROGRAMME = "Getuigenbeschermingsprogramma"


def _programme_cover(household: Household) -> None:
    """The witness and the core family (partner, children) are covered by the programme:
    Weerstand records only that and by which programme, never the new identity or place."""
    ProgrammeCover.objects.bulk_create(
        [
            ProgrammeCover(
                person=p,
                programme=PROGRAMME,
                reason=(
                    "Kroongetuige; opgenomen in het getuigenbeschermingsprogramma (fictief)."
                    if role == "protectee"
                    else "Kerngezin van de kroongetuige; valt onder hetzelfde programma (fictief)."
                ),
            )
            for p, role, kind in household
            if role == "protectee" or kind in ("partner", "child")
        ]
    )


def relate(household: Household) -> None:
    """Record how each member of the household is related to the protectee."""
    protectee = household[0][0]
    PersonRelation.objects.bulk_create(
        [
            PersonRelation(person=protectee, related=p, kind=kind)
            for p, _role, kind in household[1:]
            if kind
        ]
    )


def fingerprint() -> list[list[Any]]:
    return [
        list(
            PersonRelation.objects.order_by(
                "person__last_name", "related__last_name", "related__first_name", "kind"
            ).values_list(
                "person__first_name",
                "person__last_name",
                "related__first_name",
                "related__last_name",
                "kind",
            )
        ),
        list(
            LimitativeEntry.objects.order_by("kind", "name").values_list(
                "kind", "name", "owner__code", "classification", "active"
            )
        ),
    ]
