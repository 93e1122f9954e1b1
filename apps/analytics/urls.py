from django.urls import path

from apps.analytics import views

urlpatterns = [
    path("dashboard/stats/", views.StatsView.as_view(), name="dashboard_stats"),
    path("dashboard/stats.csv", views.StatsCsvView.as_view(), name="dashboard_stats_csv"),
]
