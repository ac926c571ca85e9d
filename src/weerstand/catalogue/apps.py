from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "weerstand.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the menu item (the catalogue is configuration: no row rule needed)."""
        from weerstand.core.extensions import NavItem, register_nav
        from weerstand.policy import engine
        from weerstand.policy.table import Action, Resource

        def sees_catalogue(user: object) -> bool:
            return engine.can(user, Resource.CATALOGUE, Action.VIEW)

        register_nav(
            NavItem(_("Maatregelencatalogus"), "catalogue:overview", sees_catalogue, order=48)
        )
