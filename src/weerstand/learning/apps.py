from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class LearningConfig(ext.WeerstandAppConfig):
    name = "weerstand.learning"
    label = "learning"
    verbose_name = _("Evalueren en leren")
    web_prefix = "leren/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.learning import demo, grants, panels, rules, services

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Evalueren en leren"),
                    "learning:overview",
                    panels.sees_learning,
                    order=95,
                    group="oversight",
                )
            ],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(195, demo.seed)],
            decision_in_force=[services.on_decision_in_force],
            jobs=[
                ext.Job(
                    "open-evaluations",
                    services.open_missing_evaluations,
                    "ontbrekende evaluaties openen (beveiliging beëindigd of wezenlijk gewijzigd)",
                ),
                ext.Job(
                    "open-incident-reviews",
                    services.open_missing_incident_reviews,
                    "ontbrekende nabesprekingen na een incidentsignaal openen",
                ),
                ext.Job(
                    "alert-overdue-learning-actions",
                    services.alert_overdue_actions,
                    "acties uit evaluaties en nabesprekingen over de datum melden (eenmaal)",
                    every_minutes=60,
                ),
            ],
        )
