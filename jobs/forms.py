"""Job entry forms (seed 004 "PTCS Air Source Heat Pump Form" / "PTCS Duct Sealing Form").

These forms only *render*: labels, help, widgets and the values typed come from the data
dictionary (jobs.dictionary.fields). They never validate on their own. The site screen asks
``jobs.dictionary.inputs.parse`` (the same parser the service uses), and the measure form shows the field
errors ``services.job_submit`` raises, so the form and the API can never disagree about what
is valid. Every field is a plain text field underneath, so whatever was typed, even "abc" in
a number box, comes back exactly as typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone

from jobs import display, selectors
from jobs import sections as job_sections
from jobs.dictionary import address, inputs
from jobs.dictionary import fields as dd
from registry.lib.errors import error_dict

#: Keys of the browser's POST that are not job data.
_NOT_PAYLOAD = {"csrfmiddlewaretoken", "action"}
BOOL_CHOICES = (("yes", "Yes"), ("no", "No"))
#: Up to this many options show as radio buttons (easy to tap on a phone); more as a select.
MAX_RADIOS = 4
SITE_NAMES = ("street_address", "street_address_2", "city", "state", "zip_code", "install_date")
#: The Site Address step's box confirming a ZIP code no utility of the registry serves yet.
ZIP_CONFIRMED = "zip_unserved_ok"


def payload_from(data: QueryDict) -> dict[str, str]:
    """The flat payload the service takes: one value per key (the last one, like QueryDict)."""
    return {key: data.get(key) for key in data if key not in _NOT_PAYLOAD}


def display_value(value: Any) -> Any:
    """A stored (typed) value as the form shows it: True → "yes", 1800.0 → "1800"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _text_input(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


def _site_fields() -> dict[str, forms.Field]:
    return {
        "street_address": forms.CharField(
            label=inputs.ENVELOPE_LABELS["street_address"],
            required=False,
            widget=_text_input(
                maxlength=inputs.SITE_LIMITS["street_address"], autocomplete="address-line1"
            ),
        ),
        "street_address_2": forms.CharField(
            label=inputs.ENVELOPE_LABELS["street_address_2"],
            required=False,
            help_text="Lot or unit number of the site goes here.",
            widget=_text_input(
                maxlength=inputs.SITE_LIMITS["street_address_2"], autocomplete="address-line2"
            ),
        ),
        "city": forms.CharField(
            label=inputs.ENVELOPE_LABELS["city"],
            required=False,
            widget=_text_input(maxlength=inputs.SITE_LIMITS["city"]),
        ),
        "state": forms.CharField(
            label=inputs.ENVELOPE_LABELS["state"],
            required=False,
            help_text="Two letters, e.g. WA.",
            widget=_text_input(
                maxlength=inputs.SITE_LIMITS["state"], size=2, autocapitalize="characters"
            ),
        ),
        "zip_code": forms.CharField(
            label=inputs.ENVELOPE_LABELS["zip_code"],
            required=False,
            widget=_text_input(maxlength=inputs.SITE_LIMITS["zip_code"], inputmode="numeric"),
        ),
        "install_date": forms.CharField(
            label=inputs.ENVELOPE_LABELS["install_date"],
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        ),
    }


class _ShowOnlyForm(forms.Form):
    """Base: no validation of its own; errors come from the parser or the service."""

    use_required_attribute = False  # Save Progress must go through with empty fields
    required_css_class = "required"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # labels end in "*" when needed to Complete
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}

    def apply_errors(self, errors: dict[str, list[str]] | list[str]) -> None:
        """Show the parser's/service's errors: beside their field when it is on the form
        and visible, otherwise on top (named, so the technician knows what it is about)."""
        self.errors  # noqa: B018 - makes sure _errors exists
        if isinstance(errors, list):
            self.add_error(None, errors)
            return
        for name, messages in errors.items():
            field = self.fields.get(name)
            if field is not None and not field.widget.is_hidden:
                self.add_error(name, messages)
            elif name in (None, "__all__"):
                self.add_error(None, messages)
            else:
                label = field_label(name)
                self.add_error(None, [f"{label}: {m}" if label else m for m in messages])

    def apply_job_error(self, exc: ValidationError) -> None:
        self.apply_errors(error_dict(exc))


def field_label(name: str) -> str:
    """The label a field has on the form, for messages shown away from the field."""
    return "" if name == "action" else inputs.label(name)


class SiteForm(_ShowOnlyForm):
    """The "Site Address" screen (seed 000 FAQ): the site and the install date.

    Checks what it can before the measure is chosen: the same site and install-date checks as
    the service (jobs.dictionary.inputs.parse), then a ZIP code of five digits or ZIP+4, a US
    state's two-letter code, and a utility of the registry serving the ZIP code. A ZIP code no
    utility serves yet may be right (the PTCS team adds utilities as they join): the
    technician confirms it and goes on, to save the job in progress until the utility is added.
    """

    #: Set by ``check`` when the only problem with the ZIP code is that no utility serves it:
    #: the page then offers the box that confirms it.
    unserved_zip = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_site_fields())
        for name in ("street_address", "city", "state", "zip_code", "install_date"):
            self.fields[name].required = True  # only for the "required" label class
        self.fields["state"].widget.attrs["autocomplete"] = "address-level1"
        self.fields["zip_code"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["zip_code"].help_text = "5 digits, or ZIP+4: 12345 or 12345-6789."
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields[ZIP_CONFIRMED] = forms.BooleanField(
            label="This ZIP code is right: continue without a utility for now",
            required=False,
        )
        #: Filled by ``check``: the install date and the names of the utilities serving the ZIP.
        self.install_date = None
        self.utilities: list[str] = []

    def check(self) -> bool:
        """Whether the site can go on to the measure type; the errors beside their fields."""
        parsed = inputs.parse(payload_from(self.data), completing=False, today=timezone.localdate())
        errors = {k: v for k, v in parsed.errors.items() if k in SITE_NAMES}
        site = parsed.site
        if "state" not in errors and (error := address.state_error(site["state"])):
            errors["state"] = [error]
        if "zip_code" not in errors:
            if error := address.zip_code_error(site["zip_code"]):
                errors["zip_code"] = [error]
            else:
                self.utilities = list(
                    selectors.utilities_serving(site["zip_code"]).values_list("name", flat=True)
                )
                if not self.utilities and not self.data.get(ZIP_CONFIRMED):
                    self.unserved_zip = True
                    errors["zip_code"] = [
                        f"No utility in the registry serves ZIP {site['zip_code'][:5]} yet. "
                        "Check the ZIP code; if it is right, tick the box below to go on: the "
                        "job can be saved in progress and completed once the PTCS team adds "
                        "the utility (1-800-941-3867)."
                    ]
        self.install_date = parsed.install_date
        self.apply_errors(errors)
        return not errors

    def site(self) -> dict[str, str]:
        return {name: (self.data.get(name) or "").strip() for name in inputs.SITE_FIELDS}


def _spec_field(spec: dd.FieldSpec) -> forms.Field:
    """One data-dictionary field as an (unvalidated) form field with the right widget."""
    options: dict[str, Any] = {"label": spec.label, "required": spec.required}
    if spec.help:
        options["help_text"] = spec.help
    if spec.default is not None:
        options["initial"] = display_value(spec.default)
    if spec.kind == "bool":
        # Radios, not a checkbox: "not answered yet" stays possible.
        widget: forms.Widget = forms.RadioSelect(choices=BOOL_CHOICES)
    elif spec.kind == "choice" and len(spec.choices) <= MAX_RADIOS:
        widget = forms.RadioSelect(choices=spec.choices)
    elif spec.kind == "choice":
        widget = forms.Select(choices=(("", "— choose —"), *spec.choices))
    elif spec.kind in ("decimal", "int"):
        # Phones' decimal keypads have no minus sign: fields that may be negative (static
        # pressures, temperatures) get the full keyboard.
        negative = spec.min_value is not None and spec.min_value < 0
        mode = "text" if negative else ("numeric" if spec.kind == "int" else "decimal")
        widget = _text_input(inputmode=mode, maxlength=20)
    elif spec.kind == "lockout":
        # A set answer or a temperature: suggestions, free text allowed (no JS).
        widget = _text_input(list=f"{spec.name}_options", maxlength=20)
    else:
        widget = _text_input(maxlength=spec.max_length)
    return forms.CharField(widget=widget, **options)


class JobForm(_ShowOnlyForm):
    """The measure form: the site block, install date, electric utility and every field of
    ``fields_for(measure)``, grouped as on the paper form.

    ``utilities``: names of the utilities serving the site's ZIP (the electric utility
    choice). A typed utility that is not among them is still shown, so nothing is lost.
    """

    def __init__(
        self,
        *args: Any,
        measure: str,
        utilities: list[str],
        technicians: list | None = None,
        technician_fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.technician_field = None
        if technicians is not None:
            self._add_technician_field(technicians, fixed=technician_fixed)
        self.specs = dd.fields_for(measure)
        self.fields["measure_type"] = forms.CharField(
            widget=forms.HiddenInput, initial=measure, required=False
        )
        self.fields.update(_site_fields())
        for name in ("street_address", "city", "state", "zip_code", "install_date"):
            self.fields[name].required = True
        current = (self.data.get("electric_utility") if self.is_bound else None) or (
            self.initial.get("electric_utility") or ""
        )
        choices = [(name, name) for name in utilities]
        if current and current not in utilities:
            choices.append((current, f"{current} (does not serve this ZIP)"))
        self.serving_utilities = utilities
        self.fields["electric_utility"] = forms.CharField(
            label=inputs.ENVELOPE_LABELS["electric_utility"],
            required=True,
            widget=forms.RadioSelect(choices=choices),
            help_text="The utilities serving the site's ZIP code. Needed to Complete.",
        )
        for spec in self.specs:
            self.fields[spec.name] = _spec_field(spec)

    def _add_technician_field(self, technicians: list, *, fixed: bool) -> None:
        """Company administrators enter for their technicians: the installing technician, whose certification
        the engine checks, sent as ``tech_id``. Fixed (hidden) once the job is saved: an In
        Progress job keeps its technician."""
        choices = [
            (
                str(p.technician_id),
                f"{p.user.get_full_name() or p.user.username} (Technician ID {p.technician_id})",
            )
            for p in technicians
        ]
        self.technician_names = dict(choices)
        widget: forms.Widget = (
            forms.HiddenInput
            if fixed
            else forms.Select(choices=(("", "— choose the technician —"), *choices))
        )
        self.fields["tech_id"] = forms.CharField(
            label="Installing technician",
            required=True,
            widget=widget,
            help_text="The technician who installed the measure: their certification is what "
            "counts. You are recorded as the person who entered the job.",
        )
        self.technician_field = self["tech_id"]

    def technician_name(self) -> str:
        """The fixed technician's name and ID, as the page shows it."""
        value = self.data.get("tech_id") if self.is_bound else self.initial.get("tech_id")
        return self.technician_names.get(str(value or ""), str(value or "—"))

    def site_block(self) -> list[forms.BoundField]:
        return [self[name] for name in SITE_NAMES]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The measure's fields by group, in data-dictionary order, with GROUP_LABELS."""
        grouped: dict[str, list[forms.BoundField]] = {}
        for spec in self.specs:
            grouped.setdefault(spec.group, []).append(self[spec.name])
        return [(dd.GROUP_LABELS.get(group, group), fields) for group, fields in grouped.items()]

    def sections(self) -> list[dict[str, Any]]:
        """The form's sections (jobs.sections): the site, then the groups of ``groups()``,
        each with its bound fields, whether one of them has an error, and its computed values
        as they read before anything is typed (the live preview fills them in)."""
        computed = display.computed_rows(self.measure, {}, {})
        out = []
        for number, section in enumerate(job_sections.sections_for(self.measure), start=1):
            names = [n for n in section.questions if n in self.fields]
            fields = [] if section.key == job_sections.SITE else [self[n] for n in names]
            out.append(
                {
                    "key": section.key,
                    "label": section.label,
                    "number": number,
                    "fields": fields,
                    "has_errors": any(n in self.errors for n in names),
                    "computed": [
                        row
                        for row in computed
                        if job_sections.section_of_computed(self.measure, row["key"]) == section.key
                    ],
                }
            )
        for here, following in zip(out, [*out[1:], None], strict=True):
            here["next_label"] = following["label"] if following else "Live check"
        return out

    def first_error_section(self) -> str:
        """The section holding the first field with an error, in the form's order ("" when
        no field has one): the one a phone opens after a refused Save or Complete."""
        return next((s["key"] for s in self.sections() if s["has_errors"]), "")

    def lockout_options(self) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        """The <datalist> suggestions of the lockout fields."""
        return [(s.name, s.choices) for s in self.specs if s.kind == "lockout"]


def initial_from_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """A saved job's payload (services.job_payload) as form initial values."""
    return {key: display_value(value) for key, value in payload.items() if value is not None}


def initial_from_query(query: QueryDict, measure: str) -> dict[str, str]:
    """The site fields (and anything else of this measure) carried in the query string."""
    known = {*SITE_NAMES, "electric_utility", *(s.name for s in dd.fields_for(measure))}
    return {key: query.get(key) for key in query if key in known}
