from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class ExperienceConfig(ext.WeerstandAppConfig):
    name = "weerstand.experience"
    label = "experience"
    verbose_name = _("Ervaring")
    web_prefix = "ervaring/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.experience import demo, grants, panels, rules, services

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            panels=[panels.portal_panel],
            work=[panels.portal_work],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(191, demo.seed)],
            decision_in_force=[services.on_decision_in_force],
        )
