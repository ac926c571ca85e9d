from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class InformationConfig(ext.WeerstandAppConfig):
    name = "weerstand.information"
    label = "information"
    verbose_name = _("Informatieproducten")
    web_prefix = "informatie/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.information import demo, grants, panels, rules
        from weerstand.policy import engine

        def visible(user: object) -> bool:
            return engine.can(user, "threat_product", "view") or engine.can(
                user, "threat_product", "create"
            )

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[
                ext.NavItem(
                    _("Informatieproducten"),
                    "information:list",
                    visible,
                    order=30,
                    group="analysis",
                )
            ],
            work=[panels.work],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(100, demo.seed)],
            classification_floors=[rules.classification_floor],
        )
