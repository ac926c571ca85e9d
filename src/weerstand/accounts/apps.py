from weerstand.core import extensions as ext


class AccountsConfig(ext.WeerstandAppConfig):
    name = "weerstand.accounts"
    label = "accounts"
    web_prefix = ""

    def contribute(self) -> ext.Contributions:
        from weerstand.accounts import demo, grants, panels

        return ext.Contributions(
            grants=grants.GRANTS,
            notes=grants.NOTES,
            panels=[panels.administration_panel],
            # The demo users after the organisations; the portal logins are linked to their
            # registry entries once the cases' step has written the demo protectee's household.
            demo=[
                ext.DemoStep(20, demo.seed, fingerprint=demo.fingerprint),
                ext.DemoStep(45, demo.link_portal_users),
            ],
        )
