"""Activity pages (活动) under /programs/: staff and leaders, and the chamber officer (chamber/)."""

from __future__ import annotations

from django.urls import path

from kaopu.programs import views_activities, views_figures, views_lecturers, views_photos, views_sites

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
    # Education sites (教育基地)
    path("sites/", views_sites.site_list, name="site_list"),
    path("chamber/sites/", views_sites.chamber_sites, name="chamber_sites"),
    path("sites/new/", views_sites.site_new, name="site_new"),
    path("sites/<int:pk>/", views_sites.site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", views_sites.site_edit, name="site_edit"),
    path("sites/<int:pk>/status/", views_sites.site_status, name="site_status"),
    # Lecturers (讲师团) and their bookings
    path("lecturers/", views_lecturers.lecturer_list, name="lecturer_list"),
    path("chamber/lecturers/", views_lecturers.chamber_lecturers, name="chamber_lecturers"),
    path("lecturers/new/", views_lecturers.lecturer_new, name="lecturer_new"),
    path("lecturers/<int:pk>/", views_lecturers.lecturer_detail, name="lecturer_detail"),
    path("lecturers/<int:pk>/edit/", views_lecturers.lecturer_edit, name="lecturer_edit"),
    path("lecturers/<int:pk>/active/", views_lecturers.lecturer_active, name="lecturer_active"),
    path("lecturers/<int:pk>/book/", views_lecturers.booking_new, name="booking_new"),
    path("bookings/<int:pk>/accept/", views_lecturers.booking_accept, name="booking_accept"),
    path("bookings/<int:pk>/decline/", views_lecturers.booking_decline, name="booking_decline"),
    path("bookings/<int:pk>/cancel/", views_lecturers.booking_cancel, name="booking_cancel"),
    path("invitations/", views_lecturers.my_invitations, name="my_invitations"),
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
