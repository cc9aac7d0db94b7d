"""Pinned query counts: a page costs the same number of queries whatever the number of rows.

Each count is for one request. A count that grows with the rows is an N+1: fix the selector
(select_related / prefetch_related), not the number here.
"""

import pytest
from django.urls import reverse

from technicians import services
from technicians.models import Application, Certification, CertificationType
from tests.accounts.factories import UserFactory
from tests.technicians.factories import (
    CertificationFactory,
    TechnicianProfileFactory,
    application_data,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

#: Anonymous look-up page: count (paginator), technicians with user and company, their active
#: certifications (one prefetch).
LOOKUP_QUERIES = 3
#: Signed-in pages start with two: the session and the user.
#: Staff queue: + pending applications with their applicants.
QUEUE_QUERIES = 3
#: "Me": + profile with company, certifications, memberships, their companies, applications,
#: and whether the technician may enter jobs (the site menu offers job entry only then).
ME_QUERIES = 8
#: Anonymous API list: count (pagination), technicians with user and company, certifications.
API_LIST_QUERIES = 3


def _technicians(n: int) -> None:
    for _ in range(n):
        profile = TechnicianProfileFactory()
        CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_HEAT_PUMP)
        CertificationFactory(technician=profile, cert_type=CertificationType.PTCS_DUCT_SEALING)
        CertificationFactory(
            technician=profile,
            cert_type=CertificationType.GROUND_SOURCE,
            status=Certification.Status.SUSPENDED,
        )


def _submit(user, kind=Application.Kind.TECHNICIAN) -> Application:
    return services.application_submit(
        actor=user, kind=kind, data=application_data(), proof=pdf_upload()
    )


@pytest.mark.parametrize("count", [3, 30])
def test_lookup_page_queries_do_not_grow_with_technicians(client, django_assert_num_queries, count):
    _technicians(count)

    with django_assert_num_queries(LOOKUP_QUERIES):
        response = client.get(reverse("technicians:lookup"))

    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [2, 20])
def test_staff_queue_queries_do_not_grow_with_pending_applications(
    client, staff, django_assert_num_queries, count
):
    for n in range(count):
        _submit(UserFactory(username=f"queued-{n}"))
    client.force_login(staff)

    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("staff:applications"))

    assert len(response.context["applications"]) == count


@pytest.mark.parametrize(
    "kinds",
    [
        pytest.param([Application.Kind.TECHNICIAN], id="one-application"),
        pytest.param(list(Application.Kind), id="three-applications"),
    ],
)
def test_my_certification_page_queries_are_pinned(
    client, technician, django_assert_num_queries, kinds
):
    for kind in kinds:
        _submit(technician, kind)
    client.force_login(technician)

    with django_assert_num_queries(ME_QUERIES):
        response = client.get(reverse("technicians:me"))

    assert len(response.context["applications"]) == len(kinds)


@pytest.mark.parametrize("count", [3, 30])
def test_api_lookup_queries_do_not_grow_with_technicians(client, django_assert_num_queries, count):
    _technicians(count)

    with django_assert_num_queries(API_LIST_QUERIES):
        response = client.get(reverse("api-technician-list"))

    assert response.json()["count"] == count
