"""Comparing claim values the way a JSON round trip changes them."""
from datetime import datetime
from typing import Any


def same_value(actual: Any, expected: Any) -> bool:
    """Equal as JSON values; ISO date strings compare as instants (the API re-formats them); 5 == 5.0."""
    if actual == expected:
        return True
    if isinstance(actual, str) and isinstance(expected, str):
        try:
            return datetime.fromisoformat(actual.replace("Z", "+00:00")) == datetime.fromisoformat(
                expected.replace("Z", "+00:00")
            )
        except ValueError:
            return False
    return False
