"""Template helpers of the generic list and detail pages."""

from django import template
from django.utils.http import urlencode

from parks.crud import display

register = template.Library()


@register.filter
def cell(obj, name):
    return display(obj, name)


@register.simple_tag
def order_query(query, key, current):
    """The query string that sorts by ``key``: ascending first, descending when already ascending."""
    target = f"-{key}" if current == key else key
    prefix = f"{query}&" if query else ""
    return prefix + urlencode({"ordering": target})
