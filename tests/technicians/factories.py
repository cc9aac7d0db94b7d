import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from technicians.models import (
    Certification,
    Company,
    CompanyMembership,
    TechnicianIdAllocation,
    TechnicianProfile,
)
from tests.accounts.factories import UserFactory

#: The smallest well-formed PDF the proof check accepts (its magic number is what counts).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def pdf_upload(name: str = "proof-of-training.pdf", content: bytes = PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Comfort Company {n}")
    license_number = factory.Sequence(lambda n: f"LIC{n:06d}")
    street_address = "100 Main St"
    city = "Prosser"
    state = "WA"
    zip_code = "99350"
    phone = "509-555-0100"


class TechnicianProfileFactory(factory.django.DjangoModelFactory):
    """An approved technician: Technician ID, company membership, no certifications yet."""

    class Meta:
        model = TechnicianProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    technician_id = factory.LazyFunction(
        lambda: TechnicianProfile.ID_OFFSET + TechnicianIdAllocation.objects.create().pk
    )

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create and self.company_id:
            CompanyMembership.objects.create(
                technician=self, company=self.company, started_on=datetime.date(2024, 1, 1)
            )


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    technician = factory.SubFactory(TechnicianProfileFactory)
    cert_type = Certification._meta.get_field("cert_type").choices[0][0]
    status = Certification.Status.ACTIVE
    effective_date = datetime.date(2024, 1, 15)


def technician_holding(cert_type: str, first_name: str) -> TechnicianProfile:
    """A technician named ``first_name`` Tech (username: the first name in lower case) holding
    one certification, active since the factory's effective date."""
    profile = TechnicianProfileFactory(
        user__username=first_name.lower(), user__first_name=first_name, user__last_name="Tech"
    )
    CertificationFactory(technician=profile, cert_type=cert_type)
    return profile


def application_data(**overrides) -> dict:
    """Valid POST data for the Certified Technician Application (files separate)."""
    data = {
        "company_name": "Yakima Valley Heat Pumps",
        "company_license_number": "YAKIMVH900KL",
        "company_street_address": "22 Fruitvale Blvd",
        "company_city": "Yakima",
        "company_state": "WA",
        "company_zip_code": "98902",
        "company_phone": "509-555-0199",
        "certifications_sought": ["ptcs_heat_pump", "ptcs_duct_sealing"],
        "training_path": "bpa_training",
        "training_provider": "WSU Energy Program",
        "training_date": "2026-10-02",
        "alternative_certification": "",
        "explanation": "",
    }
    data.update(overrides)
    return data
