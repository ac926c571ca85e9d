from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class RegistryConfig(ext.WeerstandAppConfig):
    name = "weerstand.registry"
    label = "registry"
    web_prefix = "register/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource
        from weerstand.registry import demo, grants, rules

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            rules=rules.RULES,
            checks=rules.CHECKS,
            nav=[
                ext.NavItem(
                    _("Personenregister"),
                    "registry:persons",
                    lambda u: engine.can(u, Resource.PERSON, Action.VIEW),
                    order=20,
                    group="analysis",
                ),
                ext.NavItem(
                    _("Limitatieve lijst"),
                    "registry:limitative",
                    lambda u: engine.can(u, Resource.LIMITATIVE_ENTRY, Action.VIEW),
                    order=21,
                    group="analysis",
                ),
            ],
            # Employers and the limitative list; the people come with each case (cases' step).
            demo=[ext.DemoStep(30, demo.seed, fingerprint=demo.fingerprint)],
        )
