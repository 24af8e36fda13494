"""Factories of the privacy-budget ledger: a budget of this year and a release of noisy figures (made up:
no data behind them)."""

import datetime
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from exchange.models import PrivacyBudget, PrivateRelease


class PrivacyBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyBudget
        django_get_or_create = ("dataset", "year")

    dataset = "network-cases"
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    total_epsilon = Decimal("3")
    total_delta = Decimal("0.000001")
    release_epsilon = Decimal("1")


class PrivateReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivateRelease

    budget = factory.SubFactory(PrivacyBudgetFactory)
    by = factory.SubFactory(UserFactory)
    title = "Жертвы по полу"
    dimensions = [["sex"]]
    epsilon = Decimal("1")
    table = factory.LazyFunction(
        lambda: {
            "mechanism": "laplace",
            "scale": 1.0,
            "error": 3,
            "confidence": 0.95,
            "contributions": 1,
            "tables": [
                {
                    "dimensions": ["sex"],
                    "cells": [
                        {"keys": [key], "value": value, "error": 3}
                        for key, value in (("female", 12), ("male", 7), ("intersex", 0), ("unknown", 1))
                    ],
                }
            ],
        }
    )
