"""Activity pages (活动) under /programs/: staff and leaders, and the chamber officer (chamber/)."""

from __future__ import annotations

from django.urls import path

from kaopu.programs import views_activities, views_figures, views_photos

app_name = "programs"

urlpatterns: list = [
    path("", views_activities.activity_list, name="activity_list"),
    path("chamber/", views_activities.chamber_list, name="chamber_list"),
    path("new/", views_activities.activity_new, name="activity_new"),
    path("<int:pk>/", views_activities.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views_activities.activity_edit, name="activity_edit"),
    path("<int:pk>/photos/", views_photos.photos, name="photos"),
    path("photos/<int:pk>/", views_photos.photo_file, name="photo_file"),
    path("photos/<int:pk>/caption/", views_photos.photo_caption, name="photo_caption"),
    path("photos/<int:pk>/remove/", views_photos.photo_remove, name="photo_remove"),
    path("figures/", views_figures.figures_page, name="figures"),
    path("figures.xlsx", views_figures.figures_export, name="figures_export"),
    path("types/", views_figures.types_page, name="types"),
    path("types/<int:pk>/", views_figures.types_page, name="type_edit"),
]

from kaopu.programs import views_training, views_training_public  # noqa: E402

urlpatterns += [
    path("training/", views_training.cohort_list, name="training_cohorts"),
    path("training/new/", views_training.cohort_new, name="training_cohort_new"),
    path("training/<int:pk>/", views_training.cohort_detail, name="training_cohort"),
    path("training/<int:pk>/edit/", views_training.cohort_edit, name="training_cohort_edit"),
    path("training/<int:pk>/move/<str:move>/", views_training.cohort_move, name="training_cohort_move"),
    path("training/<int:pk>/graduate/", views_training.cohort_graduate, name="training_cohort_graduate"),
    path("training/<int:pk>/sessions/", views_training.session_add, name="training_session_add"),
    path("training/<int:pk>/enrol/", views_training.enrol, name="training_enrol"),
    path("training/sessions/<int:pk>/", views_training.session_attendance, name="training_session"),
    path("training/sessions/<int:pk>/cancel/", views_training.session_cancel, name="training_session_cancel"),
    path("training/trainees/<int:pk>/<str:decision>/", views_training.decide, name="training_decide"),
    path("training/certificates/<int:pk>/retry/", views_training.certificate_retry, name="training_certificate_retry"),
    path("training/apply/", views_training_public.enterprise_page, name="training_enterprise"),
    path("training/apply/<int:pk>/withdraw/", views_training_public.withdraw, name="training_withdraw"),
    path("training/trainees/<int:pk>/qr.svg", views_training_public.trainee_qr, name="training_qr"),
    path("training/certificates/<int:pk>.pdf", views_training_public.certificate_pdf, name="training_certificate"),
    path("training/alumni/", views_training_public.alumni, name="training_alumni"),
    path("verify/", views_training_public.verify, name="verify"),
]
