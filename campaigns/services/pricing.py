"""What a broadcast costs before it is sent: each recipient's price is the segment price of the gateway's
operator whose prefix is the longest one matching the E.164 number, times the message's segments.
A number no prefix matches has no price: it is counted apart ("price unknown"), never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.models import Gateway, OperatorPrice


class PriceTable:
    """The operator prices of one gateway, matched by longest prefix (loaded once, matched in memory)."""

    def __init__(self, prices):
        # Longest prefix first: the first match is the longest.
        self._prices = sorted(prices, key=lambda price: len(price.prefix), reverse=True)

    @classmethod
    def of(cls, gateway: Gateway) -> PriceTable:
        # unscoped: the prices of a gateway the caller has already reached through its scope.
        return cls(
            OperatorPrice.unscoped.filter(gateway=gateway).only("prefix", "price_per_segment", "currency")
        )

    def price_for(self, e164: str) -> OperatorPrice | None:
        """The price with the longest prefix that ``e164`` starts with, or None."""
        for price in self._prices:
            if e164.startswith(price.prefix):
                return price
        return None


@dataclass
class Cost:
    """The sum of the priced recipients per currency, and how many recipients have no price."""

    totals: dict[str, Decimal] = field(default_factory=dict)
    priced: int = 0
    unknown: int = 0

    def add(self, price: OperatorPrice | None, segments: int) -> None:
        if price is None:
            self.unknown += 1
            return
        self.priced += 1
        self.totals[price.currency] = self.totals.get(price.currency, Decimal(0)) + (
            price.price_per_segment * segments
        )

    def as_dict(self) -> dict:
        return {
            "totals": {currency: str(total) for currency, total in sorted(self.totals.items())},
            "priced": self.priced,
            "unknown": self.unknown,
        }
