"""An activity's photos: the page that adds, captions and removes them (staff and the chamber's officer),
and the photo itself, served to whoever may see the activity."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.page_actions import submit
from kaopu.programs import actions
from kaopu.programs.forms import CaptionForm, PhotoForm
from kaopu.programs.models import Activity, ActivityPhoto
from kaopu.programs.web import readers, recorders, tab_of


@recorders
def photos(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_object_for_user(request.user, Activity.objects.select_related("chamber", "type"), pk,
                                          "change")
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and submit(request, form, lambda: actions.add_photo(
            activity.pk, acting_user=request.user, upload=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"]), _("The photo was added.")):
        return redirect("programs:photos", pk=activity.pk)
    return render(request, "programs/photos.html", {
        "activity": activity, "form": form, "photos": list(activity.photos.all()),
        "max_photos": actions.MAX_PHOTOS,
        "tab": tab_of(request)})


@recorders
@require_POST
def photo_caption(request: HttpRequest, pk: int) -> HttpResponse:
    photo = access.get_object_for_user(request.user, ActivityPhoto, pk, "change")
    form = CaptionForm(request.POST)
    submit(request, form, lambda: actions.update_caption(photo.pk, acting_user=request.user,
                                                      caption=form.cleaned_data["caption"]),
           _("The caption was saved."))
    return redirect("programs:photos", pk=photo.activity_id)


@recorders
@require_POST
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    photo = access.get_object_for_user(request.user, ActivityPhoto, pk, "change")
    actions.remove_photo(photo.pk, acting_user=request.user)
    messages.success(request, _("The photo was removed."))
    return redirect("programs:photos", pk=photo.activity_id)


@readers
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    """The re-encoded photo, to who may see its activity (404 otherwise)."""
    photo = access.get_object_for_user(request.user, ActivityPhoto.objects.only("file", "content_type"), pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
