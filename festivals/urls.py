from django.urls import path

from . import views

urlpatterns = [
    path("lich-le-hoi/", views.festival_calendar, name="festival_calendar"),
    path("lich-le-hoi/le-hoi.ics", views.feed_all, name="festival_feed"),
    path("lich-le-hoi/dan-toc/<slug:slug>.ics", views.feed_for_group, name="festival_feed_group"),
    path("lich-le-hoi/tinh/<slug:code>.ics", views.feed_for_province, name="festival_feed_province"),
]
