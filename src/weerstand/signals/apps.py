from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "weerstand.signals"
    label = "signals"
    verbose_name = _("Signalen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register access rules, menu items and start-page panels (see core.extensions)."""
        from weerstand.core.extensions import (
            NavItem,
            register_case_section,
            register_nav,
            register_panel,
        )
        from weerstand.signals import panels, rules, services

        rules.register()
        services.check_configuration()
        register_nav(NavItem(_("Signaal melden"), "signals:create", panels.can_report, order=40))
        register_nav(
            NavItem(
                _("Iets gezien of gehoord?"), "signals:portal", panels.can_report_portal, order=40
            )
        )
        register_nav(NavItem(_("Signalen"), "signals:queue", panels.sees_queue, order=41))
        register_panel(panels.queue_panel)
        register_panel(panels.my_signals_panel)
        register_case_section(panels.case_signals_section)
