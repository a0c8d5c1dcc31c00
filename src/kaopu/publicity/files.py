"""An article's files: images (re-encoded, kaopu.publicity.images) and attachments (checked like an
appeal's, kaopu.appeals.attachments). Only a draft's files change, as only a draft's text does: the files
a reviewer approved are the files that are published.

Each change runs in one transaction that locks the article, writes the file, its row, a new version
(actions.record_files_changed, so the versions say what the files were) and an audit entry; a file written
before a failure is deleted again (no file without its row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kaopu.appeals.attachments import KINDS, clean_name, problems
from kaopu.core.stored_files import delete_after_commit, written
from kaopu.publicity import actions, images
from kaopu.publicity.actions import PublicityError
from kaopu.publicity.models import Article, ArticleAttachment, ArticleImage

MAX_ATTACHMENTS = 20  # per article




def _draft(user: Any, article_id: Any) -> Article:
    actions._staff_only(user)
    article = actions._locked(user, article_id)
    if article.state != Article.State.DRAFT:
        raise PublicityError(_("Files can be changed only while the article is a draft: this article is "
                               "“%(state)s”.") % {"state": article.get_state_display()})
    return article


def add_image(user: Any, article_id: Any, upload: UploadedFile, *, alt: str = "",
              as_cover: bool = False) -> ArticleImage:
    """Re-encode ``upload`` and add it to the draft (as its cover when ``as_cover``)."""
    name = clean_name(upload.name or "")
    try:
        encoded = images.reencode(images.read_upload(upload), name)
    except images.ImageRefused as error:
        raise PublicityError(str(error)) from None
    alt = (alt or "").strip()[:120]
    with written() as written_names, transaction.atomic():
        article = _draft(user, article_id)
        row = ArticleImage(article=article, content_type=encoded.content_type, width=encoded.width,
                           height=encoded.height, size=len(encoded.content), sha256=encoded.sha256,
                           original_name=name, alt=alt, uploaded_by=user)
        row.file.save(f"image.{encoded.extension}", ContentFile(encoded.content), save=False)
        written_names.append(row.file.name)
        row.save()
        if as_cover:
            article.cover = row
            article.save(update_fields=["cover", "updated_at"])
        note = (_("cover image “%(name)s” added") if as_cover else _("image “%(name)s” added")) % {"name": name}
        actions.record_files_changed(user, article, note)
        actions._audit(user, article, _("Added image “%(name)s” (re-encoded %(width)s×%(height)s %(type)s, "
                                        "SHA-256 %(sha)s).") % {
            "name": name, "width": encoded.width, "height": encoded.height, "type": encoded.content_type,
            "sha": encoded.sha256[:12]}, data={"image": row.pk, "sha256": encoded.sha256, "cover": as_cover})
    return row


def add_attachments(user: Any, article_id: Any, uploads: Sequence[UploadedFile]) -> list[ArticleAttachment]:
    """Attach checked files to the draft (the appeal attachments' rules: type by content, size, count)."""
    uploads = [upload for upload in uploads if upload]
    if not uploads:
        raise PublicityError(_("Attachments: choose at least one file."))
    reasons = problems(uploads)
    if reasons:
        raise PublicityError(" ".join(reasons))
    rows = []
    with written() as written_names, transaction.atomic():
        article = _draft(user, article_id)
        if article.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
            raise PublicityError(_("Attachments: an article holds at most %(max)d files.") % {"max": MAX_ATTACHMENTS})
        for upload in uploads:
            name = clean_name(upload.name or "")
            digest = hashlib.sha256()
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            row = ArticleAttachment(article=article, name=name, size=upload.size,
                                    content_type=KINDS[name.rpartition(".")[2].lower()].content_type,
                                    sha256=digest.hexdigest(), uploaded_by=user)
            row.file.save(name, upload, save=False)
            written_names.append(row.file.name)
            row.save()
            rows.append(row)
        names = "、".join(row.name for row in rows)
        actions.record_files_changed(user, article, _("attachments added: %(names)s") % {"names": names})
        actions._audit(user, article, _("Attached %(names)s.") % {"names": names},
                       data={"attachments": [{"id": row.pk, "name": row.name, "sha256": row.sha256} for row in rows]})
    return rows


def remove_attachment(user: Any, article_id: Any, attachment_id: Any) -> None:
    """Take an attachment off the draft (its file is deleted once the removal committed)."""
    with transaction.atomic():
        article = _draft(user, article_id)
        row = ArticleAttachment.objects.filter(article=article, pk=attachment_id).first()
        if row is None:
            raise PublicityError(_("This attachment is no longer on the article."))
        name, stored = row.name, row.file.name
        row.delete()
        actions.record_files_changed(user, article, _("attachment “%(name)s” removed") % {"name": name})
        actions._audit(user, article, _("Removed the attachment “%(name)s”.") % {"name": name},
                       data={"attachment": attachment_id, "sha256": row.sha256})
        delete_after_commit(stored)
