from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    name = "weerstand.gaps"
    label = "gaps"
    verbose_name = _("Leemten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register access rules, menu items and start-page panels (see core.extensions)."""
        from weerstand.core.extensions import (
            NavItem,
            register_case_section,
            register_nav,
            register_panel,
        )
        from weerstand.gaps import panels, rules

        rules.register()
        register_nav(
            NavItem(_("Informatieverzoeken"), "gaps:requests", panels.sees_requests, order=42)
        )
        register_panel(panels.requests_panel)
        register_case_section(panels.case_gaps_section)
