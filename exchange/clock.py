"""The provider's clock: UTC, whole seconds (the granularity it declares).

One function, so that every datestamp written by the signals and every bound a
response applies come from the same place (tests move it forward by hand)."""

from datetime import UTC, datetime


def now():
    return datetime.now(UTC).replace(microsecond=0)
