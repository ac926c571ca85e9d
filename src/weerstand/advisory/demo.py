"""Demo data of the advisory app: a theme, one advice of the advisory body and the NCTV's
response by its quality function, through the services (audited like real use)."""

from __future__ import annotations

from typing import Any

TITLE = "Maak keuzes bij verdringing zichtbaar voor de beveiligde persoon"


def seed(world: Any) -> dict[str, Any]:
    from weerstand.advisory import services
    from weerstand.advisory.models import Advice, AdviceTheme

    adviser = world.users.get("adviesorgaan")
    quality = world.users.get("kwaliteit")
    if adviser is None or quality is None or Advice.objects.filter(title=TITLE).exists():
        return {"advisory": {"advice": Advice.objects.count()}}
    theme = AdviceTheme.objects.filter(name="Capaciteit en verdringing").first()
    if theme is None:
        theme = services.create_theme(
            adviser,
            "Capaciteit en verdringing",
            "Hoe de schaarse beveiligingscapaciteit wordt verdeeld en uitgelegd.",
        )
    advice = services.create_advice(
        adviser,
        title=TITLE,
        body=(
            "Leg bij elke verdringing vast welke prioriteitsregel besliste en vertel de "
            "betrokken personen binnen een dag wat er voor hen verandert."
        ),
        theme_ids=[theme.pk],
    )
    services.respond(
        quality,
        advice.pk,
        "Overgenomen: de prioriteitsregel wordt per tekort vastgelegd en de contactpersoon "
        "informeert binnen 24 uur.",
    )
    return {"advisory": {"advice": 1}}
