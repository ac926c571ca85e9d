from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class InspectionConfig(ext.WeerstandAppConfig):
    name = "weerstand.inspection"
    label = "inspection"
    verbose_name = _("Inspectie")
    web_prefix = "inspectie/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.inspection import grants, panels

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            case_sections=[panels.case_section],
        )
