from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class SearchConfig(ext.WeerstandAppConfig):
    name = "weerstand.search"
    label = "search"
    verbose_name = _("Zoeken")
    web_prefix = "zoeken/"
    has_api = True

    def ready(self) -> None:
        """Keep the index in step with the searchable models (those installed)."""
        from weerstand.search import index

        index.connect()

    def contribute(self) -> ext.Contributions:
        from weerstand.search import demo, index
        from weerstand.search.views import may_search

        return ext.Contributions(
            nav=[ext.NavItem(_("Zoeken"), "search:search", may_search, order=90, search_field="q")],
            # Last: rebuilds the search index over everything the other apps wrote, so
            # indexing each write on the way is suspended for the whole seed.
            demo=[ext.DemoStep(900, demo.seed, around=index.suspended)],
        )
