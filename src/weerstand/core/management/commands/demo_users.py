"""`weerstand demo-users`: the demo logins, read from the database."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.accounts.roles import Role
from weerstand.core.demo import DEMO_PASSWORD, DEMO_USERNAMES


class Command(BaseCommand):
    help = (
        "Toont de demo-aanmeldingen (gebruikersnaam, wachtwoord, organisatie, rollen), "
        "gegroepeerd per rol; --json geeft een lijst voor scripts. Weigert in productie."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help="JSON-lijst met per gebruiker: username, password, organisation, roles.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE == "production":
            raise CommandError("Demo-aanmeldingen bestaan niet in productie.")
        from weerstand.accounts.models import RoleAssignment, User

        users = list(
            User.objects.filter(username__in=DEMO_USERNAMES, is_active=True).select_related(
                "organisation"
            )
        )
        roles_of: dict[int, list[str]] = {}
        for user_id, role in RoleAssignment.objects.filter(user__in=users).values_list(
            "user_id", "role"
        ):
            roles_of.setdefault(user_id, []).append(role)
        order = {name: i for i, name in enumerate(DEMO_USERNAMES)}
        role_order = {code: i for i, code in enumerate(Role.values)}
        rows = []
        for user in sorted(users, key=lambda u: order[u.username]):
            roles = sorted(roles_of.get(user.pk, []), key=lambda r: role_order.get(r, 99))
            rows.append(
                {
                    "username": user.username,
                    "password": DEMO_PASSWORD,
                    "organisation": user.organisation.code if user.organisation else "",
                    "roles": roles,
                    "_organisation_name": user.organisation.name if user.organisation else "",
                }
            )
        if options["json"]:
            public = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
            self.stdout.write(json.dumps(public, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Geen demogebruikers gevonden; voer eerst 'weerstand seed-demo' uit.")
            return
        self._table(rows)

    def _table(self, rows: list[dict[str, Any]]) -> None:
        labels = dict(Role.choices)
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row["roles"][0] if row["roles"] else "", []).append(row)
        width_user = max(len("Gebruiker"), *(len(r["username"]) for r in rows))
        width_pw = max(len("Wachtwoord"), len(DEMO_PASSWORD))
        self.stdout.write("Demo-aanmeldingen (alle gegevens zijn fictief)")
        self.stdout.write("Tweede factor: 'weerstand totp <gebruiker>' toont de huidige TOTP-code.")
        header = f"  {'Gebruiker':<{width_user}}  {'Wachtwoord':<{width_pw}}  Organisatie"
        for role in sorted(groups, key=lambda r: Role.values.index(r) if r in Role.values else 99):
            self.stdout.write("")
            self.stdout.write(str(labels.get(role, role or "zonder rol")))
            self.stdout.write(header)
            for row in groups[role]:
                self.stdout.write(
                    f"  {row['username']:<{width_user}}  {row['password']:<{width_pw}}  "
                    f"{row['_organisation_name']}"
                )
