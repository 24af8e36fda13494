from django.urls import path

from shelters import views

app_name = "shelters"
urlpatterns = [
    path("", views.shelter_list, name="shelter_list"),
    path("new/", views.shelter_create, name="shelter_create"),
    path("board/", views.board, name="board"),
    path("board/rows/", views.board_rows, name="board_rows"),
    path("requests/", views.placement_request_list, name="placement_request_list"),
    path("requests/new/", views.placement_request_create, name="placement_request_create"),
    path("requests/<int:pk>/accept/", views.placement_request_accept, name="placement_request_accept"),
    path("requests/<int:pk>/decline/", views.placement_request_decline, name="placement_request_decline"),
    path("requests/<int:pk>/withdraw/", views.placement_request_withdraw, name="placement_request_withdraw"),
    path("stays/<int:pk>/edit/", views.stay_update, name="stay_update"),
    path("stays/<int:pk>/discharge/", views.stay_discharge, name="stay_discharge"),
    path("<int:pk>/", views.shelter_detail, name="shelter_detail"),
    path("<int:pk>/edit/", views.shelter_update, name="shelter_update"),
    path("<int:pk>/rooms/new/", views.shelter_room_add, name="shelter_room_add"),
    path("<int:pk>/beds/new/", views.shelter_bed_add, name="shelter_bed_add"),
    path("<int:pk>/occupancy/", views.shelter_occupancy, name="shelter_occupancy"),
    path("<int:pk>/residents/", views.shelter_residents, name="shelter_residents"),
    path("<int:pk>/admit/", views.shelter_admit, name="shelter_admit"),
]
