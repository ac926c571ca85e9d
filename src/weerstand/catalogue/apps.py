from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class CatalogueConfig(ext.WeerstandAppConfig):
    name = "weerstand.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogus")
    web_prefix = "catalogus/"
    has_api = True

    def contribute(self) -> ext.Contributions:
        """The catalogue is configuration: grants and a menu item, no row rule."""
        from weerstand.catalogue import demo, grants
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        def sees_catalogue(user: object) -> bool:
            return engine.can(user, Resource.CATALOGUE, Action.VIEW)

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            nav=[
                ext.NavItem(
                    _("Maatregelencatalogus"),
                    "catalogue:overview",
                    sees_catalogue,
                    order=48,
                    group="decisions",
                )
            ],
            demo=[ext.DemoStep(140, demo.seed)],
        )
