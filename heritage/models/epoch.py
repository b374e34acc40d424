from django.db import models


class AccessEpoch(models.Model):
    """One row: a counter bumped whenever what a visitor may see changes.

    Kept in the database, not the cache, so that every process (and every cache, shared
    or per process) sees a change at once; see `heritage.access.access_version`.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "access epoch"

    def __str__(self):
        return f"access epoch {self.value}"
