from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class OversightConfig(ext.WeerstandAppConfig):
    name = "weerstand.oversight"
    label = "oversight"
    verbose_name = _("Kwaliteitsmonitor")
    web_prefix = "kwaliteit/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.oversight import grants, rules

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            nav=[
                ext.NavItem(
                    _("Kwaliteitsmonitor"),
                    "oversight:monitor",
                    rules.sees_monitor,
                    26,
                    group="oversight",
                )
            ],
        )
