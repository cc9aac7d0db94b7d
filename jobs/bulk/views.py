"""Bulk CSV upload of jobs, for contractors with many jobs to enter at once: the upload form,
the template CSV, the result page and the in-page correction of a failed row (htmx fragment, or
a plain POST without JavaScript).

Thin: ``jobs.bulk.parse`` reads the file, ``jobs.bulk.services`` stores its rows and (in the
``process_bulk_upload`` task) sends every row through ``job_submit``, ``jobs.bulk.selectors``
decides who sees an upload. While the task works the result page shows its progress.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts import roles
from jobs.bulk import parse as bulk
from jobs.bulk import selectors as bulk_selectors
from jobs.bulk import services as bulk_services
from jobs.bulk.models import BulkUpload, BulkUploadRow
from registry.lib import text_fields
from registry.lib.uploads import refuse_if_larger

ROWS_PER_PAGE = 100
RECENT_UPLOADS = 10
#: The result page's filter (shown once the upload is done: no row is pending then).
SHOW_CHOICES = {
    "": "All rows",
    **{k: v for k, v in BulkUploadRow.Status.choices if k != BulkUploadRow.Status.PENDING},
}


#: Sign-in first, then 403 unless the user may bulk-upload.
bulk_required = roles.allowed_if(bulk_selectors.can_bulk_upload, bulk_selectors.bulk_refusal)


class UploadForm(text_fields.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns named as in the template (the data dictionary); one job per row.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory.
        refuse_if_larger(upload, settings.BULK_UPLOAD_MAX_BYTES, "Split it into smaller files.")
        return upload


def _upload_page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    recent = bulk_selectors.bulk_uploads_visible_to(request.user).filter(uploaded_by=request.user)
    return render(
        request,
        "jobs/bulk/upload.html",
        {
            "form": form,
            "recent": recent[:RECENT_UPLOADS],
            "columns": bulk.COLUMNS,
            "required_columns": bulk.REQUIRED_COLUMNS,
            "max_rows": settings.BULK_UPLOAD_MAX_ROWS,
            "max_mib": settings.BULK_UPLOAD_MAX_BYTES / 1024 / 1024,
        },
        status=status,
    )


@bulk_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a refused file comes back with the reasons and nothing is made. An
    accepted file is stored and queued (``bulk_upload_create``): on to its result page."""
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    file = form.cleaned_data["file"]
    try:
        done = bulk_services.bulk_upload_create(
            actor=request.user, filename=file.name, data=file.read()
        )
    except bulk_services.BulkFileError as exc:
        for message in exc.messages:
            form.add_error("file", message)
        return _upload_page(request, form, status=400)
    return redirect("jobs:bulk-result", upload_id=done.pk)


@bulk_required
@require_GET
def template_csv(request: HttpRequest) -> HttpResponse:
    """The template: every column the upload reads, and one example job."""
    response = HttpResponse(bulk.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-jobs-template.csv"'
    return response


@bulk_required
@require_GET
def result(request: HttpRequest, upload_id: int) -> HttpResponse:
    """The result page: the counts, and every row with its measure ID and status or its
    errors (failed rows with a form to correct them). While the upload is processed: its
    progress, polled by htmx (``_progress``), reloaded by a meta refresh without JavaScript."""
    done = bulk_selectors.get_bulk_upload_for_user(request.user, upload_id)
    if request.htmx:
        return _progress(request, done)
    if done.status != BulkUpload.Status.DONE:
        return render(request, "jobs/bulk/processing.html", {"upload": done})
    show = request.GET.get("show", "")
    rows = bulk_selectors.bulk_upload_rows(done)
    if show in BulkUploadRow.Status.values:
        rows = rows.filter(status=show)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/bulk/result.html",
        {
            "upload": done,
            "page": page,
            "rows": [_row_context(row, done, request.user) for row in page.object_list],
            "show": show,
            "show_choices": SHOW_CHOICES,
        },
    )


def _progress(request: HttpRequest, upload: BulkUpload) -> HttpResponse:
    """The polled progress fragment (hx-trigger "every 2s" while the task works). Once the
    upload is done the fragment carries no trigger, so polling stops, and HX-Refresh reloads
    the page, which then shows the rows."""
    response = render(request, "jobs/bulk/_progress.html", {"upload": upload})
    if upload.status == BulkUpload.Status.DONE:
        response["HX-Refresh"] = "true"
    return response


def _row_context(row: BulkUploadRow, upload, user) -> dict:
    """A row as the page shows it; a failed row's fields: first those with errors (with the
    errors beside them), then the row's other values, all editable."""
    context = {"row": row, "editable": upload.uploaded_by_id == user.pk}
    if row.status != BulkUploadRow.Status.FAILED:
        return context
    errors = row.errors or {}
    flagged = [n for n in bulk.COLUMNS if n in errors]
    others = [n for n in bulk.COLUMNS if n in row.payload and n not in errors]

    def field(name: str) -> dict:
        return {
            "name": name,
            "label": bulk.COLUMN_LABELS.get(name, name),
            "value": row.payload.get(name, ""),
            "errors": errors.get(name, []),
        }

    general = list(errors.get("__all__", []))
    # An error on a name that is no column (should not happen) is still shown, never dropped.
    general += [
        f"{name}: {message}"
        for name, messages in errors.items()
        if name != "__all__" and name not in bulk.COLUMNS
        for message in messages
    ]
    return context | {
        "flagged": [field(n) for n in flagged],
        "others": [field(n) for n in others],
        "general_errors": general,
    }


def _row_or_404(upload, row_number: int) -> BulkUploadRow:
    row = upload.rows.select_related("job").filter(row_number=row_number).first()
    if row is None:
        raise Http404("No such row.")
    return row


@bulk_required
def row_fix(request: HttpRequest, upload_id: int, row_number: int) -> HttpResponse:
    """Correct a failed row and submit it again (the uploader only). htmx: the row's updated
    fragment. Without JavaScript: back to the result page on success, or this row's own page
    with the errors (400)."""
    if request.method == "POST":
        done = bulk_selectors.get_bulk_upload_for_user(request.user, upload_id, write=True)
        row = bulk_services.bulk_row_fix(
            actor=request.user, row=_row_or_404(done, row_number), posted=request.POST
        )
        row = _row_or_404(done, row_number)  # with its job, as saved
        context = _row_context(row, done, request.user)
        if request.htmx:
            return render(request, "jobs/bulk/_row.html", context)
        if row.status != BulkUploadRow.Status.FAILED:
            url = reverse("jobs:bulk-result", kwargs={"upload_id": done.pk})
            return redirect(f"{url}#row-{row.row_number}")
        return render(request, "jobs/bulk/row.html", context | {"upload": done}, status=400)
    done = bulk_selectors.get_bulk_upload_for_user(request.user, upload_id)
    row = _row_or_404(done, row_number)
    return render(
        request, "jobs/bulk/row.html", _row_context(row, done, request.user) | {"upload": done}
    )
