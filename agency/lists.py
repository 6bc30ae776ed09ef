"""List pages: search, filters, sorting, pagination and CSV export, one way for all."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import ModelChoiceFilter, OrderingFilter
from django_filters.views import FilterView

from .ids import IdModelChoiceField, parse_id


@dataclass
class Column:
    """One column of a list: its header on the page and in the CSV, and its CSV value.

    `essential` columns stay on a phone's narrow screen; the others are hidden there.
    """

    header: str | Promise
    value: Callable
    essential: bool = False
    numeric: bool = False

    @property
    def css(self) -> str:
        classes = [] if self.essential else ["d-none", "d-md-table-cell"]
        if self.numeric:
            classes.append("text-end")
        return " ".join(classes)


def _cell(value) -> str:
    """A CSV cell as a spreadsheet should show it.

    Times are written in the agency's time zone, as the pages show them. A leading =, +,
    - or @ would make the cell a formula (CSV injection): such text gets an apostrophe.
    """
    if isinstance(value, datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        value = value.isoformat()
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


class FilteredListView(FilterView):
    """A list of what the user may see, filtered by a FilterSet; `?format=csv` exports it.

    Subclasses set `filterset_class`, `csv_name` and `columns`, and scope `get_queryset`
    to the user. Filters that are not valid are ignored, on the page and in the export
    alike; the export is what the page lists, unpaginated.
    """

    paginate_by = 25
    strict = False
    csv_name = "export"
    columns: list[Column] = []

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def export_csv(self):
        rows = self.get_filterset(self.get_filterset_class()).qs
        writer = csv.writer(_Echo())
        zone = timezone.get_current_timezone_name()

        def lines():
            yield writer.writerow([str(column.header) for column in self.columns])
            for row in rows.iterator(chunk_size=2000):
                yield writer.writerow([_cell(column.value(row)) for column in self.columns])

        stamp = timezone.localdate().isoformat()
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}-{stamp}.csv"'
        # Say which clock the times are on; the pages show the same one.
        response["X-Time-Zone"] = zone
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        query.pop("format", None)
        query["format"] = "csv"
        context["csv_query"] = query.urlencode()
        context["columns"] = self.columns
        context["csv_time_zone"] = _("Times in the CSV are %(zone)s time, as on this page.") % {
            "zone": timezone.get_current_timezone_name()
        }
        context["today"] = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        return context


# How long a user's filter choices are kept: a new account shows up in the drop-downs
# within this time; until then a link with its id still filters by it.
CHOICES_TTL = 120


def offer_choices(form, field_name: str, options: Callable, *, user) -> None:
    """Offer exactly what the user can see in a filter's select: `options()` gives pairs
    of id and label. A director's or a manager's select lists hundreds; the options'
    HTML is built once, kept per user for `CHOICES_TTL` seconds, and marked selected here.
    """
    key = f"filter-choices:{form.__class__.__name__}:{field_name}:{user.pk}"
    html = cache.get(key)
    if html is None:
        html = format_html_join("", '<option value="{}">{}</option>', options())
        cache.set(key, html, CHOICES_TTL)
    field = form.fields[field_name]
    field.widget.choices = [("", "---------")]
    selected = parse_id(form.data.get(field_name)) if form.is_bound else None
    if selected is not None:
        html = html.replace(f'<option value="{selected}">', f'<option value="{selected}" selected>')
    field.options_html = mark_safe(html)  # built from escaped parts above


class SortFilter(OrderingFilter):
    """Sorting whose labels follow the reader's language.

    django-filter builds its "(descending)" labels once, when the class is defined, in
    whatever language is active then; these stay lazy until a page shows them.
    """

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            choices.append((param, label))
            choices.append(
                (f"-{param}", format_lazy(gettext_lazy("{label} (descending)"), label=label))
            )
        return choices


class ChoiceOfVisible(ModelChoiceFilter):
    """A filter by one row the user can see; the id is parsed in `agency.ids`, and a bad or
    unseen one is an invalid filter, ignored with a message, never a 500."""

    field_class = IdModelChoiceField
