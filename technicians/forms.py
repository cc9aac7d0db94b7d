from django import forms

from registry.lib import text_fields
from technicians.models import Application, CertificationType
from technicians.validators import ALLOWED_PROOF_TYPES, validate_proof_file

_COMMON_FIELDS = [
    "company_name",
    "company_license_number",
    "company_street_address",
    "company_city",
    "company_state",
    "company_zip_code",
    "company_phone",
    "training_path",
    "training_provider",
    "training_date",
    "alternative_certification",
    "explanation",
]


class ApplicationForm(text_fields.ModelForm):
    """The Certified Technician / Inspector / Trainer application (seed 001 steps 1–3).

    Field checks only; the service decides what may be submitted. A browser cannot refill a
    file input, so after an error every typed value is kept and the page asks for the file
    again by name.
    """

    certifications_sought = forms.MultipleChoiceField(
        choices=CertificationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Certifications sought",
    )
    proof_of_training = forms.FileField(
        label="Dated proof of training (PDF, PNG or JPEG)",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(sorted({e for v in ALLOWED_PROOF_TYPES.values() for e in v}))}
        ),
    )

    class Meta:
        model = Application
        fields = _COMMON_FIELDS
        widgets = {
            "training_date": forms.DateInput(attrs={"type": "date"}),
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "training_path": forms.RadioSelect,
        }

    def __init__(self, *args, kind: str = Application.Kind.TECHNICIAN, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != Application.Kind.TECHNICIAN:
            del self.fields["certifications_sought"]
            self.fields["training_provider"].label = "Training or qualification"
        self.fields["company_state"].widget.attrs.update({"maxlength": 2, "size": 2})

    def clean_company_state(self):
        state = self.cleaned_data["company_state"].strip().upper()
        if len(state) != 2 or not state.isalpha():
            raise forms.ValidationError("Use the two-letter state code, e.g. WA.")
        return state

    def clean_company_zip_code(self):
        zip_code = self.cleaned_data["company_zip_code"].strip()
        if not (len(zip_code) in (5, 10) and zip_code[:5].isdigit()):
            raise forms.ValidationError("Use a five-digit ZIP code (or ZIP+4).")
        return zip_code

    def clean_proof_of_training(self):
        upload = self.cleaned_data.get("proof_of_training")
        validate_proof_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.kind == Application.Kind.TECHNICIAN and not cleaned.get("certifications_sought"):
            self.add_error("certifications_sought", "Choose at least one certification.")
        if (
            cleaned.get("training_path") == Application.TrainingPath.ALTERNATIVE
            and not (cleaned.get("alternative_certification") or "").strip()
        ):
            self.add_error(
                "alternative_certification",
                "Name the approved alternative industry certification you hold.",
            )
        return cleaned


class LookupForm(text_fields.Form):
    """The public look-up's ``?q=``: any text but the kind no database stores."""

    q = forms.CharField(required=False)


class RejectForm(text_fields.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason (sent to the applicant)",
        error_messages={"required": "Give the applicant a reason for the rejection."},
    )


class InvitationForm(text_fields.Form):
    """A company administrator invites a technician by e-mail."""

    email = forms.EmailField(label="Technician's e-mail address", max_length=254)
    name = forms.CharField(
        label="Name (optional)",
        max_length=150,
        required=False,
        help_text="Used to greet them in the e-mail.",
    )
