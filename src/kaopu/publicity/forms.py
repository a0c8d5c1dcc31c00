"""Input of the staff's editorial pages; kaopu.publicity.actions check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.appeals.attachments import AttachmentsField
from kaopu.core import access
from kaopu.core.tabs import with_all
from kaopu.publicity.models import Article, ArticleImage, Column, SiteSettings

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
IMAGE_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


class FilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("article", "Title"), required=False, max_length=100)
    column = forms.TypedChoiceField(label=pgettext_lazy("article", "Column"), required=False, coerce=int,
                                    empty_value=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = access.scope(user, Column.objects.all()).values_list("pk", "name")
        self.fields["column"].choices = with_all(columns)

    def filters(self) -> dict[str, Any]:
        """The valid fields (a stale link filters on what still makes sense)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"column": data.get("column"), "q": (data.get("q") or "").strip()}


class ArticleForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("article", "Title"), max_length=120)
    column = forms.ModelChoiceField(label=pgettext_lazy("article", "Column"), queryset=Column.objects.none())
    summary = forms.CharField(label=pgettext_lazy("article", "Summary"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("One or two sentences shown in lists and feeds."))
    body = forms.CharField(label=pgettext_lazy("article", "Body"), required=False, max_length=500_000,
                           widget=forms.Textarea(attrs={"rows": 18, "class": "rich-source"}),
                           help_text=_("Pasted text is cleaned: styles, scripts and outside images are removed."))
    source = forms.CharField(label=pgettext_lazy("article", "Source"), max_length=60, required=False)
    byline = forms.CharField(label=pgettext_lazy("article", "Author"), max_length=60, required=False)
    cover = forms.ModelChoiceField(label=_("Cover image"), queryset=ArticleImage.objects.none(), required=False,
                                   empty_label=_("no cover image"))
    publish_at = forms.DateTimeField(label=_("Publish at"), required=False, widget=DATETIME,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                     help_text=_("Empty: published when someone publishes it after approval."))

    def __init__(self, *args: Any, user: Any, article: Article | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = access.scope(user, Column.objects.filter(active=True), "change")
        if article is None:
            del self.fields["cover"]
        else:
            self.fields["cover"].queryset = article.images.all()
            self.fields["cover"].label_from_instance = lambda image: image.alt or image.original_name


class SubmitForm(forms.Form):
    pass


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=pgettext_lazy("article", "Decision"), choices=[("approve", _("Approve")),
                                                               ("return", _("Send back to the author"))],
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label=pgettext_lazy("article", "Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when sending back: say what must change."))


class PublishForm(forms.Form):
    at = forms.DateTimeField(label=_("Publish at"), required=False, widget=DATETIME,
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                             help_text=_("Empty: publish now."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ImageForm(forms.Form):
    image = forms.FileField(label=pgettext_lazy("article", "Image"),
                            widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
                            help_text=_("JPG, PNG, GIF or WebP of at most 10 MB; stored re-encoded, at most "
                                        "2000 pixels wide."))
    alt = forms.CharField(label=pgettext_lazy("article", "Description"), max_length=120, required=False,
                          help_text=_("What the image shows, for readers who cannot see it."))
    as_cover = forms.BooleanField(label=_("Use as the cover image"), required=False)


class AttachmentForm(forms.Form):
    files = AttachmentsField(required=True)


class ColumnForm(forms.ModelForm):
    class Meta:
        model = Column
        fields = ["name", "slug", "description", "position", "on_home", "active", "update_interval_days"]
        labels = {"position": pgettext_lazy("article", "Position"), "active": pgettext_lazy("column", "Active")}
        help_texts = {"position": _("Smaller numbers come first in the site's navigation.")}


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = ["site_name", "review_steps", "address", "phone", "email", "office_hours", "record_number"]
