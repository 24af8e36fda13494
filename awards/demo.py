"""The seed's award (``load_demo`` step, after the campaigns'): the Bishkek forum of September 2013."""


def load() -> str | None:
    return None
