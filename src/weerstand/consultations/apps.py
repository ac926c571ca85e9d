from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class ConsultationsConfig(ext.WeerstandAppConfig):
    name = "weerstand.consultations"
    label = "consultations"
    verbose_name = _("Afstemming beveiliging en opsporing")
    web_prefix = "afstemming/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.consultations import demo, grants, panels, rules

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(190, demo.seed)],
        )
