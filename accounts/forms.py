from django import forms

from registry.lib import text_fields


class SignupForm(text_fields.Form):
    """Extra fields on allauth's sign-up form; allauth calls ``signup`` after saving the user.

    Every public sign-up is a participant account (role technician by default); staff and
    utility accounts are created by staff in the admin.
    """

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    phone = forms.CharField(max_length=30, required=False)

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.phone = self.cleaned_data["phone"]
        user.save(update_fields=["first_name", "last_name", "phone"])
