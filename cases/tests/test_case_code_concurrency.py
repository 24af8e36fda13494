import threading

import pytest
from django.db import connection, connections, transaction

from cases import services


@pytest.mark.django_db(transaction=True)
def test_case_code_next_never_repeats_under_concurrency():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database: SQLite serialises writers anyway")
    codes, barrier = [], threading.Barrier(8)

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                codes.append(services.case_code_next(country="UZ", year=2026))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(codes) == [f"UZ-2026-{n:06d}" for n in range(1, 9)]
