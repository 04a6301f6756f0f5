from django import template

from portal.notifications import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user):
    """The number on the bell."""
    return unread_count(user) if user.is_authenticated else 0
