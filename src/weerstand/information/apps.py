from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    name = "weerstand.information"
    label = "information"
    verbose_name = _("Informatieproducten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register access rules, menu items and start-page panels (see core.extensions)."""
        from weerstand.core.extensions import (
            NavItem,
            register_case_section,
            register_nav,
            register_panel,
        )
        from weerstand.information import panels, rules
        from weerstand.policy import engine

        rules.register()

        def visible(user: object) -> bool:
            return engine.can(user, "threat_product", "view") or engine.can(
                user, "threat_product", "create"
            )

        register_nav(NavItem(_("Informatie"), "information:list", visible, order=30))
        register_panel(panels.advice_panel)
        register_case_section(panels.case_section)
