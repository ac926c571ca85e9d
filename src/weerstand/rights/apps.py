from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class RightsConfig(ext.WeerstandAppConfig):
    name = "weerstand.rights"
    label = "rights"
    verbose_name = _("Rechten")
    web_prefix = "rechten/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.policy import engine
        from weerstand.rights import demo, grants, panels, rules, services

        def visible(user: object) -> bool:
            return engine.can(user, "rights_framework", "view") or engine.can(
                user, "objection", "view"
            )

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Rechten en bezwaar"), "rights:index", visible, order=70, group="decisions"
                )
            ],
            panels=list(panels.BUILDERS),
            work=[panels.work],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(160, demo.seed), ext.DemoStep(165, demo.seed_relatives)],
            decision_approved=[services.on_decision_approved],
            jobs=[
                ext.Job(
                    "follow-up-employer-measures",
                    lambda now: services.follow_up_employer_measures(
                        timezone.localtime(now).date()
                    ),
                    "maatregelen van de werkgever over hun datum opvolgen bij de casuseigenaar",
                    every_minutes=60,
                ),
                ext.Job(
                    "escalate-objections",
                    lambda now: services.escalate_overdue(timezone.localtime(now).date()),
                    "bezwaren voorbij hun beslistermijn escaleren",
                    every_minutes=60,
                ),
            ],
        )
