from weerstand.core import extensions as ext


class OrganisationsConfig(ext.WeerstandAppConfig):
    name = "weerstand.organisations"
    label = "organisations"

    def contribute(self) -> ext.Contributions:
        from weerstand.organisations import demo

        # First in the demo world: every later step finds organisations and units by code.
        return ext.Contributions(demo=[ext.DemoStep(10, demo.seed)])
