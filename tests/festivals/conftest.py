import datetime

import pytest


@pytest.fixture
def on_day(monkeypatch):
    """Sets "today" in Vietnam (what the calendar and the record page count from)."""
    from django.utils import timezone

    real = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    return set_today


@pytest.fixture
def tet_2026(on_day):
    return on_day(datetime.date(2026, 2, 3))
