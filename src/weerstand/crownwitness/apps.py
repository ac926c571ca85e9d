from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class CrownWitnessConfig(ext.WeerstandAppConfig):
    name = "weerstand.crownwitness"
    label = "crownwitness"
    verbose_name = _("Kroongetuigetrajecten")
    web_prefix = "kroongetuigen/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.crownwitness import demo, grants, panels, rules
        from weerstand.policy import engine

        def visible(user: object) -> bool:
            return engine.can(user, "trajectory", "view") or engine.can(
                user, "trajectory_outline", "view"
            )

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            checks=rules.CHECKS,
            nav=[
                ext.NavItem(
                    _("Kroongetuigetrajecten"),
                    "crownwitness:index",
                    visible,
                    order=75,
                    group="cases",
                )
            ],
            work=[panels.work],
            demo=[ext.DemoStep(196, demo.seed)],
        )
