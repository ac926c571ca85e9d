from weerstand.core import extensions as ext


class OrganisationsConfig(ext.WeerstandAppConfig):
    name = "weerstand.organisations"
    label = "organisations"
