from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "weerstand.decisions"
    label = "decisions"
    verbose_name = _("Besluiten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register access rules, menu items and start-page panels (see core.extensions)."""
        from weerstand.core.extensions import (
            NavItem,
            register_case_section,
            register_nav,
            register_panel,
        )
        from weerstand.decisions import panels, rules

        rules.register()
        register_nav(
            NavItem(
                _("Te accorderen besluiten"), "decisions:approvals", panels.sees_approvals, order=50
            )
        )
        register_nav(
            NavItem(
                _("Beveiligingsopdrachten"),
                "decisions:assignments",
                panels.sees_assignments,
                order=52,
            )
        )
        register_nav(
            NavItem(
                _("Berichten lokaal gezag"),
                "decisions:notifications",
                panels.sees_notifications,
                order=54,
            )
        )
        register_panel(panels.approvals_panel)
        register_panel(panels.escalations_panel)
        register_panel(panels.notifications_panel)
        register_case_section(panels.case_section)
