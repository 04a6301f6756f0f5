"""Shared pieces of the FilterSets: one FilterSet per model drives its list page, its export and
its API list (STYLE.md), including the search box (``q``) and the sort order (``ordering``)."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.conf import settings as filter_settings


class SearchFilter(django_filters.CharFilter):
    """``q``: a partial, case-insensitive match on any of the given fields.

    Text without cased letters (Chinese names, digits of a credit code) matches the same either way,
    so it is looked up with the case-sensitive ``contains``: PostgreSQL then compares the column as
    stored instead of upper-casing every value of every searched column first.
    """

    def __init__(self, *args, search_fields=(), **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        lookup = "contains" if value.upper() == value.lower() else "icontains"
        return qs.filter(reduce(or_, (Q(**{f"{name}__{lookup}": value}) for name in self.search_fields)))


def ordering(*fields):
    """The ``ordering`` filter over model fields, labelled by their verbose names."""
    return django_filters.OrderingFilter(fields=[(f, f.replace("__", "_")) for f in fields], label=_("Sort by"))


EMPTY = filter_settings.EMPTY_CHOICE_LABEL


class AllYesNo(django_filters.widgets.BooleanWidget):
    """A yes/no filter's choices: 全部 (no filter), 是, 否 — not Django's 未知 ("unknown"),
    which reads as a value rather than as "not filtered"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("All")), ("true", _("Yes")), ("false", _("No")))


class PortalFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for flt in self.filters.values():
            if isinstance(flt, django_filters.BooleanFilter):
                flt.extra.setdefault("widget", AllYesNo)
            elif isinstance(flt, django_filters.OrderingFilter):
                flt.extra["empty_label"] = _("Default order")
            elif (
                isinstance(flt, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter))
                and flt.extra.get("empty_label", EMPTY) == EMPTY
            ):  # not "---------": no filter is 全部
                flt.extra["empty_label"] = _("All")
            # a form field built before (the API schema reads base_filters' fields, and every
            # FilterSet copies them) would keep Django's labels: build it again from ``extra``
            flt.__dict__.pop("_field", None)

    @property
    def active_filters(self):
        """(label, value) pairs of the filters in use, the search and the sort, as the page's form
        shows them (大型, not "large"; "种类（降序）", not "-kind"): the export's information sheet
        and the drill pages name them so."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        pairs = []
        for name, value in data.items():
            if value in (None, "", [], ()):
                continue
            field = self.form.fields[name]
            label = field.label or self.filters[name].label or name
            choices = {}
            if not hasattr(field, "queryset"):  # a choice of rows shows the row itself
                choices = {str(key): text for key, text in getattr(field, "choices", None) or () if key != ""}
            if hasattr(value, "__iter__") and not isinstance(value, str):
                value = ", ".join(str(choices.get(str(item), item)) for item in value)
            else:
                value = choices.get(str(value), value)
            pairs.append((str(label), str(value)))
        return pairs
