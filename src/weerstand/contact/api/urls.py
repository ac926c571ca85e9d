"""REST resources of the contact app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.contact.api.viewsets import CommunicationViewSet, ContactPersonViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(ContactPersonViewSet, CommunicationViewSet)
