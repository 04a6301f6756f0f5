"""A paginator that reads a page of ids and the total count in one query."""

from django.core.paginator import Paginator
from django.db.models import Count, Window


class OneScanPaginator(Paginator):
    """``get_page`` selects the page's ids with ``COUNT(*) OVER ()`` beside them, so a filtered list
    scans its rows once instead of twice (a search with ``LIKE '%…%'`` reads every row for the
    count and again for the page).  ``object_list`` is an ordered queryset; the page's
    ``object_list`` holds the rows' primary keys.  A page past the end, an empty list, or a
    DISTINCT queryset (the window would count the duplicates) falls back to Paginator's own
    count query."""

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        queryset = self.object_list
        if number >= 1 and not queryset.query.distinct:
            bottom = (number - 1) * self.per_page
            rows = list(queryset.values_list("pk", Window(Count("pk")))[bottom : bottom + self.per_page])
            if rows:
                self.__dict__["count"] = rows[0][1]  # Paginator.count is a cached_property
                return self._get_page([pk for pk, _total in rows], number, self)
        self.object_list = queryset.values_list("pk", flat=True)
        return super().get_page(number)
