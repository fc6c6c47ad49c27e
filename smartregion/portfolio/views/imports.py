"""Import of a project list (upload → preview → import) and the project exports.

Between preview and import the checked cells wait in the person's session (server side), under
a random id and per region; the import checks them again. No file is written to disk: the
upload handler keeps at most 5 MB in memory.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from smartregion.core.downloads import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, download
from smartregion.core.permissions import authorize
from smartregion.portfolio import exports, selectors
from smartregion.portfolio.columns import COLUMNS, MAX_FILE_BYTES, file_notes
from smartregion.portfolio.services import imports
from smartregion.regions.decorators import region_view
from smartregion.regions.models import Region

SESSION_KEY = "portfolio_import:%s"  # per region id
ACCEPTED_TYPES = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keeps an uploaded file in memory, never on disk, and at most ``limit + 1`` bytes of it.

    The file's ``size`` stays the size that was sent, so the form can name a file that is too large.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.buffer = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.limit + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, file_size, self.charset
        )


class ImportFileForm(forms.Form):
    # Size and content are checked by imports.read_table, which names every problem.
    file = forms.FileField(
        label=gettext_lazy("Projektliste (XLSX oder CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )


# Import ------------------------------------------------------------------------------------


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
@region_view
def upload(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "portfolio.import_projects", region)
    # Set before anything reads request.POST; CSRF is checked right after, in _upload.
    request.upload_handlers = [CappedMemoryUploadHandler(request, MAX_FILE_BYTES)]
    return _upload(request, region)


@csrf_protect
def _upload(request: HttpRequest, region: Region) -> HttpResponse:
    form = ImportFileForm(request.POST, request.FILES) if request.method == "POST" else ImportFileForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check = imports.check_file(region=region, content=upload.read())
        if not check.errors:
            return redirect(_preview_url(region, _keep(request, region, check.table, upload.name)))
        form.add_error("file", check.errors)
    context = {"region": region, "form": form, "columns": COLUMNS, "notes": file_notes()}
    return render(request, "portfolio/import/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@region_view
def preview(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "portfolio.import_projects", region)
    token = request.POST.get("id", "") if request.method == "POST" else request.GET.get("id", "")
    pending = _pending(request, region, token)
    if pending is None:
        messages.warning(request, _("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch."))
        return redirect("portfolio:import", region_slug=region.slug)
    if request.method == "POST":
        try:
            projects = imports.import_projects(region=region, actor=request.user, table=pending["table"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages[:5]))
        else:
            del request.session[SESSION_KEY % region.pk]
            count = len(projects)
            messages.success(
                request,
                ngettext(
                    "%(count)s Projekt wurde importiert.", "%(count)s Projekte wurden importiert.", count
                )
                % {"count": count},
            )
            return redirect("portfolio:overview", region_slug=region.slug)
    check = imports.parse_table(region=region, table=pending["table"])
    context = {"region": region, "check": check, "token": token, "filename": pending["filename"]}
    return render(request, "portfolio/import/preview.html", context)


def _keep(request: HttpRequest, region: Region, table: imports.Table, filename: str) -> str:
    """Keep the cells for the preview; a new upload replaces the last one of this region."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY % region.pk] = {"token": token, "table": table, "filename": filename[:200]}
    return token


def _pending(request: HttpRequest, region: Region, token: str) -> dict[str, Any] | None:
    pending = request.session.get(SESSION_KEY % region.pk)
    if not isinstance(pending, dict) or not token or not secrets.compare_digest(pending["token"], token):
        return None
    return pending


def _preview_url(region: Region, token: str) -> str:
    return f"{reverse('portfolio:import_preview', kwargs={'region_slug': region.slug})}?id={token}"


@login_required
@require_GET
@region_view
def template(request: HttpRequest, region: Region) -> HttpResponse:
    authorize(request, "portfolio.import_projects", region)
    content = exports.import_template_xlsx(region)
    return download(content, XLSX_CONTENT_TYPE, f"projekte-vorlage-{region.slug}.xlsx")


# Export ------------------------------------------------------------------------------------


@never_cache
@require_GET
@region_view
def export_csv(request: HttpRequest, region: Region) -> HttpResponse:
    projects = exports.with_columns(selectors.projects_visible_to(region, request.user))
    return download(exports.projects_csv(projects), CSV_CONTENT_TYPE, _export_name(region, "csv"))


@never_cache
@require_GET
@region_view
def export_xlsx(request: HttpRequest, region: Region) -> HttpResponse:
    projects = exports.with_columns(selectors.projects_visible_to(region, request.user))
    return download(exports.projects_xlsx(projects), XLSX_CONTENT_TYPE, _export_name(region, "xlsx"))


def _export_name(region: Region, extension: str) -> str:
    return f"projekte-{region.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"
