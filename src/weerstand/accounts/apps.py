from weerstand.core import extensions as ext


class AccountsConfig(ext.WeerstandAppConfig):
    name = "weerstand.accounts"
    label = "accounts"
    web_prefix = ""

    def contribute(self) -> ext.Contributions:
        from weerstand.accounts import grants, panels

        return ext.Contributions(
            grants=grants.GRANTS, notes=grants.NOTES, panels=[panels.administration_panel]
        )
