"""Web pages of the retention app (under /bewaren/)."""

from django.urls import path

from weerstand.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.index, name="index"),
    path("regels/nieuw", views.rule_create, name="rule-create"),
    path("regels/<int:pk>", views.rule_edit, name="rule"),
    path("regels/<int:pk>/verwijderen", views.rule_delete, name="rule-delete"),
    path("bewaarplichten/nieuw", views.hold_create, name="hold-create"),
    path("bewaarplichten/<int:pk>/opheffen", views.hold_lift, name="hold-lift"),
    path("verslagen/<int:pk>", views.report_detail, name="report"),
    path("inzageverzoeken/nieuw", views.request_create, name="request-create"),
    path("inzageverzoeken/<int:pk>", views.request_detail, name="request"),
    path("inzageverzoeken/<int:pk>/verzamelen", views.request_collect, name="request-collect"),
    path("inzageverzoeken/<int:pk>/verlengen", views.request_extend, name="request-extend"),
    path(
        "inzageverzoeken/<int:pk>/onderdelen/<int:item_id>",
        views.item_decide,
        name="item-decide",
    ),
    path("inzageverzoeken/<int:pk>/afronden", views.request_complete, name="request-complete"),
]
