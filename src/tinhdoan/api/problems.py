"""What a request that does not fit the schema did wrong, in the user's language.

The schema checks (pydantic, through django-ninja) report each problem with a `type`,
where it is (`loc`) and an English `msg`; the API answers with the same `type` and
`loc` and a translated `msg`.
"""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not expected here."),
    "string_type": _("Must be text."),
    "string_too_short": _("Must have at least %(min_length)s characters."),
    "string_too_long": _("Must have at most %(max_length)s characters."),
    "string_pattern_mismatch": _("Does not have the expected form."),
    "int_type": _("Must be a whole number."),
    "int_parsing": _("Must be a whole number."),
    "int_from_float": _("Must be a whole number."),
    "float_type": _("Must be a number."),
    "float_parsing": _("Must be a number."),
    "decimal_type": _("Must be a number."),
    "decimal_parsing": _("Must be a number."),
    "finite_number": _("Must be a finite number."),
    "bool_type": _("Must be true or false."),
    "bool_parsing": _("Must be true or false."),
    "date_type": _("Must be a date (YYYY-MM-DD)."),
    "date_parsing": _("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": _("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": _("Must be a date (YYYY-MM-DD)."),
    "datetime_type": _("Must be a date and time (ISO 8601)."),
    "datetime_parsing": _("Must be a date and time (ISO 8601)."),
    "datetime_from_date_parsing": _("Must be a date and time (ISO 8601)."),
    "greater_than": _("Must be greater than %(gt)s."),
    "greater_than_equal": _("Must be at least %(ge)s."),
    "less_than": _("Must be less than %(lt)s."),
    "less_than_equal": _("Must be at most %(le)s."),
    "literal_error": _("Must be one of: %(expected)s."),
    "enum": _("Must be one of: %(expected)s."),
    "list_type": _("Must be a list."),
    "dict_type": _("Must be an object."),
    "model_type": _("Must be an object."),
    "model_attributes_type": _("Must be an object."),
    "too_short": _("Must have at least %(min_length)s items."),
    "too_long": _("Must have at most %(max_length)s items."),
    "json_invalid": _("Is not valid JSON."),
}
NOT_VALID = _("Is not valid.")


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_problem(error: dict) -> dict:
    """{"type", "loc", "msg"} of one schema problem, `msg` in the active language."""
    kind = error.get("type", "")
    context = {key: _shown(value) for key, value in (error.get("ctx") or {}).items()}
    for key in ("max_length", "min_length"):  # a count of characters or items: 20.000
        if isinstance((error.get("ctx") or {}).get(key), int):
            context[key] = f"{error['ctx'][key]:,}".replace(",", ".")
    if kind == "value_error" and "error" in context:  # our own validators' words
        message = context["error"]
    else:
        try:
            message = str(MESSAGES.get(kind, NOT_VALID)) % context
        except (KeyError, TypeError, ValueError):  # a context without the expected values
            message = str(NOT_VALID)
    return {"type": kind, "loc": list(error.get("loc", ())), "msg": message}
