"""Territory search and exports (spec §1, §6; and HPXML, the BPI-2100 format other home
performance software reads): utility users, PTCS staff and Energy Trust staff.

Thin views: ``utilities.territory.selectors`` scopes (through ``jobs.selectors.jobs_visible_to``),
``utilities.territory.filters`` narrows and sorts, ``utilities.territory.exports`` writes the files. A filter that
does not validate (a garbage date, an unknown sort key or utility) is a 400 with the reason,
never a 500 and never a silently wider result.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import roles
from accounts.models import User
from jobs import hpxml
from jobs.selectors import LIST_DEFERRED
from registry.lib.filters import active_filters
from registry.lib.pagination import DeferredJoinPaginator
from utilities.territory import exports, selectors
from utilities.territory.filters import TerritoryFilter

Role = User.Role

#: Who searches a territory: utility users (their utility), PTCS staff (every utility) and
#: Energy Trust staff (Energy Trust territory) — spec §1.
TERRITORY_PER_PAGE = 25


def _filterset(request: HttpRequest) -> TerritoryFilter:
    user = request.user
    utilities = selectors.territory_utilities(user) if roles.is_staff_reviewer(user) else None
    # Always bound (an empty query is a valid search), so the default sort applies.
    return TerritoryFilter(
        request.GET, queryset=selectors.territory_jobs(user), utilities=utilities
    )


def _codes(request: HttpRequest) -> bool:
    """``?codes=1``: the export for machines (data-dictionary names and codes, full precision)
    instead of the one people read (labels)."""
    return request.GET.get("codes") == "1"


def _invalid_export(filterset: TerritoryFilter) -> HttpResponse:
    reasons = "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
    )
    return HttpResponse(
        f"The search is not valid, nothing was exported. {reasons}",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def territory(request: HttpRequest) -> HttpResponse:
    """The territory's jobs, searchable, sortable and paginated, with export links."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        context = {"filter": filterset, "active_filters": active_filters(filterset), "page": None}
        return render(request, "utilities/territory.html", context, status=400)
    # Deep pages by measure ID first: every sort ends with it (utilities.territory.filters.ordering).
    rows = filterset.qs.defer(*LIST_DEFERRED)
    paginator = DeferredJoinPaginator(rows, TERRITORY_PER_PAGE, key="measure_id")
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "active_filters": active_filters(filterset),
        "page": page,
        "sort_columns": filterset.sort_columns(),
    }
    return render(request, "utilities/territory.html", context)


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def territory_csv(request: HttpRequest) -> HttpResponse:
    """The filtered search as CSV, streamed (memory flat in the number of rows): labels, or
    with ``?codes=1`` the data dictionary's names and codes."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        return _invalid_export(filterset)
    codes = _codes(request)
    response = StreamingHttpResponse(
        exports.csv_lines(filterset.qs, codes=codes), content_type=exports.CSV_CONTENT_TYPE
    )
    name = exports.filename("csv", codes=codes)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def territory_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered search as an Excel workbook (write-only mode, spooled to a temp file):
    labels, or with ``?codes=1`` the data dictionary's names and codes."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        return _invalid_export(filterset)
    codes = _codes(request)
    return FileResponse(
        exports.xlsx_file(filterset.qs, codes=codes),
        as_attachment=True,
        filename=exports.filename("xlsx", codes=codes),
        content_type=exports.XLSX_CONTENT_TYPE,
    )


@roles.role_required(*roles.TERRITORY_ROLES)
@require_GET
def territory_hpxml(request: HttpRequest) -> HttpResponse:
    """The filtered search as one HPXML (BPI-2100) document, streamed building by building
    (jobs.hpxml.iter_hpxml reads the queryset in chunks: memory flat in the number of jobs)."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        return _invalid_export(filterset)
    response = StreamingHttpResponse(
        hpxml.iter_hpxml(filterset.qs), content_type=hpxml.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{hpxml.territory_filename()}"'
    return response
