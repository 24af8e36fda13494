from accounts import selectors


def navigation(request):
    """The active membership and the menu the user's roles open, for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "active_membership": selectors.active_membership(request),
        "nav_items": selectors.navigation_items(user),
    }
