"""List pages: search, filters, sorting, pagination and CSV export, one way for all."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.views import FilterView


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading =, +, - or @ would make it
    a formula (CSV injection), so such values get a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


class FilteredListView(FilterView):
    """A list of what the user may see, filtered by a FilterSet; `?format=csv` exports it.

    Subclasses set `filterset_class`, `csv_name` and `csv_columns` (header, row → value)
    and scope `get_queryset` to the user. The export is what is filtered, unpaginated.
    """

    paginate_by = 25
    strict = False
    csv_name = "export"
    csv_columns: list = []

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def export_csv(self):
        filterset = self.get_filterset(self.get_filterset_class())
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        writer = csv.writer(_Echo())

        def lines():
            yield writer.writerow([str(header) for header, _ in self.csv_columns])
            for row in rows.iterator(chunk_size=2000):
                yield writer.writerow([_cell(value(row)) for _, value in self.csv_columns])

        stamp = timezone.localdate().isoformat()
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}-{stamp}.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        query.pop("format", None)
        query["format"] = "csv"
        context["csv_query"] = query.urlencode()
        return context


def offer_choices(form, field_name: str, options, selected=None) -> None:
    """Offer only `options` in a filter's select, while accepting anything its queryset allows.

    A director sees thousands of accounts; the select lists the ones they work on, and a
    link such as `?account=42` from an account's page still filters by any visible one.
    """
    field = form.fields[field_name]
    options = list(options)
    if selected and str(selected).isdigit() and all(str(o.pk) != str(selected) for o in options):
        options += list(field.queryset.filter(pk=selected))
    field.widget.choices = [("", "---------"), *((o.pk, str(o)) for o in options)]
