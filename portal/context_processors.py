from .navigation import navigation_for


def navigation(request):
    return {"nav_items": navigation_for(request)}
