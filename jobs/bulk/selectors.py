"""Who sees which bulk upload: the uploader their own, PTCS staff every upload."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts import roles
from accounts.models import User
from jobs import selectors
from jobs.bulk.models import BulkUpload, BulkUploadRow


def bulk_uploads_visible_to(user) -> QuerySet[BulkUpload]:
    """Bulk uploads of jobs: the uploader's own; PTCS staff every upload."""
    qs = BulkUpload.objects.select_related("uploaded_by")
    if roles.has_role(user, User.Role.PTCS_STAFF):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(uploaded_by=user)


def get_bulk_upload_for_user(user, upload_id: int, *, write: bool = False) -> BulkUpload:
    """The upload if ``user`` may see it (``write``: correct its rows, the uploader only, since
    the jobs are entered in their name); 404 otherwise, so another's upload is not disclosed."""
    qs = bulk_uploads_visible_to(user)
    if write:
        qs = qs.filter(uploaded_by_id=user.pk)
    try:
        return qs.get(pk=upload_id)
    except (BulkUpload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such upload.") from None


def bulk_upload_rows(upload: BulkUpload) -> QuerySet[BulkUploadRow]:
    """An upload's rows in file order with their jobs, for the result page (one query)."""
    return upload.rows.select_related("job").order_by("row_number")


def can_bulk_upload(user) -> bool:
    """Who may bulk-upload jobs: whoever may enter jobs (a technician with a PTCS Technician ID
    for their own jobs, a company administrator for the company's technicians), and PTCS staff
    on a contractor's behalf (``selectors.technicians_enterable_by`` decides per row)."""
    return roles.has_role(user, User.Role.PTCS_STAFF) or selectors.can_enter_jobs(user)


def bulk_refusal(user) -> str:
    """Why ``user`` may not bulk-upload jobs (``can_bulk_upload`` is False): a technician or a
    company administrator reads why they may not enter jobs yet; anyone else who may upload."""
    if roles.has_role(user, User.Role.TECHNICIAN, User.Role.COMPANY_ADMIN):
        return selectors.entry_refusal(user)
    return (
        "Bulk upload enters jobs in a technician's name: it is for certified technicians, their "
        "company administrators and PTCS staff (on a contractor's behalf)."
    )
