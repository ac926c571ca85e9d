from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "weerstand.search"
    label = "search"
    verbose_name = _("Zoeken")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Keep the index in step with the searchable models (those installed), and put
        "Zoeken" in the menu for whoever may view products, signals or cases."""
        from weerstand.core.extensions import NavItem, register_nav
        from weerstand.search import index
        from weerstand.search.views import may_search

        index.connect()
        register_nav(NavItem(_("Zoeken"), "search:search", may_search, order=90))
