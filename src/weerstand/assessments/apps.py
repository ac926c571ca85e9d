from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "weerstand.assessments"
    label = "assessments"
    verbose_name = _("Dreigingsbeelden")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register access rules, menu items and start-page panels (see core.extensions)."""
        from weerstand.assessments import panels, rules
        from weerstand.core.extensions import (
            NavItem,
            register_case_section,
            register_nav,
            register_panel,
        )
        from weerstand.policy import engine

        engine.register("assessment", rules.assessment_q, "assessments.assessment")
        register_nav(
            NavItem(_("Dreigingsbeelden"), "assessments:overview", panels.sees_overview, order=30)
        )
        register_panel(panels.due_panel)
        register_case_section(panels.case_section)
