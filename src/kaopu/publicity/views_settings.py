"""The staff's pages for their district's public site: its columns (栏目) and its settings (name, review
steps, contact, 备案号). FIC staff only; saved through kaopu.publicity.actions_settings (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaopu.core import access
from kaopu.core.decorators import staff_only
from kaopu.publicity import actions_settings
from kaopu.publicity.actions import PublicityError, site_settings
from kaopu.publicity.forms import ColumnForm, SiteSettingsForm
from kaopu.publicity.models import Column
from kaopu.publicity.views_staff import _form_errors


@staff_only
def columns(request: HttpRequest) -> HttpResponse:
    rows = access.scope(request.user, Column.objects.all(), "change").order_by("position", "id")
    return render(request, "publicity/staff/columns.html", {"columns": rows})


@staff_only
def column_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    column = access.get_object_for_user(request.user, Column, pk, "change") if pk else None
    form = ColumnForm(request.POST or None, instance=column)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in actions_settings.COLUMN_FIELDS}
            try:
                actions_settings.save_column(request.user, pk, **values)
            except PublicityError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The column was saved."))
                return redirect("publicity:columns")
        else:
            _form_errors(request, form)
    return render(request, "publicity/staff/column_form.html", {
        "form": form, "title": column.name if column else _("New column")})


@staff_only
def settings_page(request: HttpRequest) -> HttpResponse:
    row = site_settings(request.user.district_id)
    form = SiteSettingsForm(request.POST or None, instance=row)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in actions_settings.SETTINGS_FIELDS}
            try:
                actions_settings.save_site_settings(request.user, **values)
            except PublicityError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The site settings were saved."))
                return redirect("publicity:settings")
        else:
            _form_errors(request, form)
    return render(request, "publicity/staff/settings.html", {"form": form})
