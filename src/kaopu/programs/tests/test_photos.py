"""An activity's photos: re-encoded on upload (no EXIF travels), captioned, removed with their file,
refused when not an image, at most MAX_PHOTOS, each change audited naming the activity."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kaopu.audit.models import AuditEntry
from kaopu.programs import actions
from kaopu.programs.actions import ActivityError
from kaopu.programs.models import ActivityPhoto
from kaopu.programs.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)


def jpeg(width: int = 320, height: int = 200, *, exif: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 40, 40))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        image.save(out, "JPEG", exif=data.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload_photo(activity: Any, user: Any, caption: str = "") -> ActivityPhoto:
    return actions.add_photo(activity, acting_user=user, caption=caption,
                             upload=SimpleUploadedFile("现场.jpg", jpeg(), content_type="image/jpeg"))


def test_a_photo_is_re_encoded_without_its_exif_and_audited(staff, types):  # type: ignore[no-untyped-def]
    activity = make_activity(staff)
    photo = actions.add_photo(activity, acting_user=staff, caption="合影",
                              upload=SimpleUploadedFile("a.jpg", jpeg(exif=True), content_type="image/jpeg"))
    stored = photo.file.read()
    assert b"SecretCam" not in stored and Image.open(io.BytesIO(stored)).format == "JPEG"
    assert (photo.width, photo.height, photo.caption, photo.content_type) == (320, 200, "合影", "image/jpeg")
    entry = AuditEntry.objects.filter(summary__contains="新增照片").get()
    assert "学习贯彻全会精神专题学习会" in entry.summary and entry.data["photo"] == photo.pk


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(staff, types, tmp_path):  # type: ignore[no-untyped-def]
    activity = make_activity(staff)
    with pytest.raises(ActivityError) as refused:
        actions.add_photo(activity, acting_user=staff,
                          upload=SimpleUploadedFile("x.jpg", b"<html>not a photo</html>", content_type="image/jpeg"))
    assert refused.value.field == "photo" and "x.jpg" in refused.value.message
    assert not ActivityPhoto.objects.exists() and not list(tmp_path.rglob("*.jpg"))


def test_an_activity_holds_at_most_max_photos_and_a_refused_one_leaves_no_file(staff, types, tmp_path,
                                                                              monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions, "MAX_PHOTOS", 2)
    activity = make_activity(staff)
    upload_photo(activity, staff)
    upload_photo(activity, staff)
    with pytest.raises(ActivityError) as refused:
        upload_photo(activity, staff)
    assert "最多 2 张" in refused.value.message
    assert len(list(tmp_path.rglob("*.jpg"))) == 2


def test_caption_and_removal(staff, types, login):  # type: ignore[no-untyped-def]
    activity = make_activity(staff)
    photo = upload_photo(activity, staff)
    client = login(staff)
    client.post(reverse("programs:photo_caption", args=[photo.pk]), {"caption": "签约仪式现场"})
    assert ActivityPhoto.objects.get(pk=photo.pk).caption == "签约仪式现场"
    response = client.post(reverse("programs:photo_remove", args=[photo.pk]))
    assert response.status_code == 302 and not ActivityPhoto.objects.exists()
    assert AuditEntry.objects.filter(summary__contains="删除照片").count() == 1
    assert AuditEntry.objects.filter(summary__contains="签约仪式现场").count() == 1


def test_the_file_is_deleted_once_the_removal_committed(staff, types, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    photo = upload_photo(make_activity(staff), staff)
    name = photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_photo(photo, acting_user=staff)
    assert not default_storage.exists(name)


def test_the_photo_page_uploads_through_the_form(staff, types, login):  # type: ignore[no-untyped-def]
    activity = make_activity(staff)
    client = login(staff)
    response = client.post(reverse("programs:photos", args=[activity.pk]),
                           {"photo": SimpleUploadedFile("会场.jpg", jpeg(), content_type="image/jpeg"),
                            "caption": "会场"})
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    served = client.get(reverse("programs:photo_file", args=[photo.pk]))
    assert served["Content-Type"] == "image/jpeg" and served["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("programs:activity_detail", args=[activity.pk])).content.decode()
    assert reverse("programs:photo_file", args=[photo.pk]) in page and "会场" in page
