from django.utils.translation import gettext_lazy as _

from weerstand.core import extensions as ext


class PortalConfig(ext.WeerstandAppConfig):
    """The portal start page's own panels for protectees, relatives and employers.

    The portal holds no data of its own: it reads what other apps decided (the decision in
    force, the framework, the person's own reports) and says it in plain words, within what the
    case shares with that person. Other apps add their own portal panels the same way.
    """

    name = "weerstand.portal"
    label = "portal"
    web_prefix = ""
    verbose_name = _("Portaal")

    def contribute(self) -> ext.Contributions:
        from weerstand.accounts.roles import is_portal_user
        from weerstand.portal import demo, panels

        return ext.Contributions(
            nav=[ext.NavItem(_("Uw beveiliging"), "portal:overview", is_portal_user, order=5)],
            panels=list(panels.BUILDERS),
            # After the decisions (150) and letters (160), before the case finish (180).
            demo=[ext.DemoStep(175, demo.seed)],
        )
