from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class ResilienceConfig(ext.WeerstandAppConfig):
    name = "weerstand.resilience"
    label = "resilience"
    verbose_name = _("Weerbaarheid")
    web_prefix = "weerbaarheid/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.resilience import demo, grants, panels, rules, services

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            panels=list(panels.BUILDERS),
            work=[panels.work],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(175, demo.seed)],
            jobs=[
                ext.Job(
                    "resilience-overdue-follow-ups",
                    lambda now: services.alert_overdue_follow_ups(now),
                    "eigenaren van achterstallige vervolgafspraken (weerbaarheid) waarschuwen",
                    every_minutes=60,
                ),
                ext.Job(
                    "end-buddy-matches",
                    lambda now: services.end_expired_matches(now),
                    "buddykoppelingen op hun einddatum beëindigen",
                    every_minutes=60,
                ),
            ],
            decision_in_force=[services.on_decision_in_force],
        )
