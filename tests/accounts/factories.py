import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from utilities.models import ServiceZip, Utility

PASSWORD = "correct-horse-battery-9"


class UtilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utility
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Utility {n}")
    program_administrator = Utility.ProgramAdministrator.BPA
    contact_email = factory.LazyAttribute(
        lambda o: f"notices@{o.name.lower().replace(' ', '')}.example"
    )

    @factory.post_generation
    def zips(self, create, extracted, **kwargs):
        for zip_code in extracted or []:
            ServiceZip.objects.get_or_create(utility=self, zip_code=zip_code)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in: verified primary e-mail (allauth) and the password PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.TECHNICIAN

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
