"""Search pages whose filters fold away behind one "Filter jobs" control, so that on a phone
the results come first: the filters in use, by label, open it and are named on it."""

from __future__ import annotations

from collections.abc import Collection

#: Query keys that are not filters: the page of the results and their order.
NOT_FILTERS = frozenset({"page", "sort"})


def active_filters(filterset, *, ignore: Collection[str] = NOT_FILTERS) -> list[str]:
    """The labels of the filters a search uses (a value typed or chosen), in form order."""
    data = filterset.data or {}
    return [
        str(field.label or name)
        for name, field in filterset.form.fields.items()
        if name not in ignore and str(data.get(name) or "").strip()
    ]
