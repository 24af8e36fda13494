from analytics.views.home import home

__all__ = ["home"]
