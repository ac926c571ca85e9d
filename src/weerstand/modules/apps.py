from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class ModulesConfig(ext.WeerstandAppConfig):
    name = "weerstand.modules"
    label = "modules"
    verbose_name = _("Modules weerbaarheid")
    web_prefix = "modules/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.modules import demo, grants, panels, rules

        def visible(user: object) -> bool:
            return rules.follows_modules(user) or rules.may_publish(user)

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            nav=[ext.NavItem(_("Modules"), "modules:index", visible, order=75, group="execution")],
            panels=[panels.portal_panel],
            work=[panels.portal_work],
            case_sections=[panels.case_section],
            demo=[ext.DemoStep(190, demo.seed)],
        )
