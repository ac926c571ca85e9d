from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class AdvisoryConfig(ext.WeerstandAppConfig):
    name = "weerstand.advisory"
    label = "advisory"
    verbose_name = _("Adviesorgaan")
    web_prefix = "advies/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.advisory import demo, grants, rules, services
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        return ext.Contributions(
            nav=[
                ext.NavItem(
                    _("Adviescijfers"),
                    "advisory:aggregates",
                    lambda u: engine.can(u, Resource.AGGREGATES, Action.VIEW),
                    order=26,
                    group="oversight",
                ),
                ext.NavItem(
                    _("Adviezen"),
                    "advisory:list",
                    lambda u: engine.can(u, Resource.ADVICE, Action.VIEW),
                    order=27,
                    group="oversight",
                ),
            ],
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            demo=[ext.DemoStep(197, demo.seed)],
            jobs=[
                ext.Job(
                    "freeze-advisory-quarters",
                    services.freeze_closed_quarters,
                    "Bevriest de tellingen van afgelopen kwartalen voor de adviescijfers.",
                    every_minutes=60,
                )
            ],
        )
