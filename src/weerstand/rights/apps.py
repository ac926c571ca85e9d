from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "weerstand.rights"
    label = "rights"
    verbose_name = _("Rechten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register access rules, menu items and start-page panels (see core.extensions)."""
        from weerstand.core.extensions import (
            NavItem,
            register_case_section,
            register_nav,
            register_panel,
        )
        from weerstand.policy import engine
        from weerstand.rights import panels, rules

        rules.register()
        register_nav(
            NavItem(
                label=_("Rechten en bezwaar"),
                url_name="rights:index",
                visible=lambda u: (
                    engine.can(u, "rights_framework", "view") or engine.can(u, "objection", "view")
                ),
                order=70,
            )
        )
        for builder in panels.BUILDERS:
            register_panel(builder)
        register_case_section(panels.case_section)
