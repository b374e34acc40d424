"""Areas: provinces, districts, communes and custom regions, with their boundaries.

Geometry is stored as GeoJSON (EPSG:4326) with its bounding box in plain columns, so the
embedded SQLite default needs no spatial extension; shapely does the geometry work in
`gis/` functions. Validity dates carry the July 2025 reform: an abolished district keeps
its row (valid_to set) and points to its successors, so old names still work.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from heritage.models import EthnicGroup, RecordPage


class Area(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        REGION = "region", _("Custom region")

    code = models.CharField(_("official code"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("successor units"), symmetrical=False, blank=True, related_name="predecessors"
    )
    ethnic_groups = models.ManyToManyField(
        EthnicGroup, verbose_name=_("ethnic groups living here"), blank=True, related_name="areas"
    )
    geometry = models.JSONField(_("boundary (GeoJSON, EPSG:4326)"))
    simplified = models.JSONField(_("simplified boundary for web maps"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    source = models.CharField(_("source file"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    records = models.ManyToManyField(RecordPage, through="AreaRecord", related_name="areas", blank=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_area_level_code")]
        indexes = [models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="area_bbox")]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def bbox(self):
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]

    def shape(self):
        from shapely.geometry import shape

        return shape(self.geometry)


class AreaRecord(models.Model):
    """A record tied to an area: found inside it by its coordinates, or tied by hand."""

    class LinkedBy(models.TextChoices):
        SPATIAL = "spatial", _("Inside the boundary")
        MANUAL = "manual", _("Tied by a curator")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="record_links")
    record = models.ForeignKey(RecordPage, on_delete=models.CASCADE, related_name="area_links")
    linked_by = models.CharField(max_length=10, choices=LinkedBy.choices, default=LinkedBy.SPATIAL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "record"], name="unique_area_record")]

    def __str__(self):
        return f"{self.record_id} in {self.area_id} ({self.linked_by})"


class AreaOutline(models.Model):
    """An area's boundary simplified for one band of zoom levels, made when the boundary
    is stored (`gis.shapes`): a map of the whole country draws 692 districts from these
    in tens of kilobytes, and never loads the full boundary to draw a light one."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="outlines")
    zoom = models.PositiveSmallIntegerField(help_text="the deepest zoom level this outline is drawn at")
    geometry = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["zoom", "area"], name="unique_area_outline_zoom")]

    def __str__(self):
        return f"{self.area_id} at zoom ≤ {self.zoom}"


class AreaJoinShape(models.Model):
    """The boundary as the spatial join reads it, made when the boundary is stored: WKB
    (shapely parses every district in one vectorised call), an inner and an outer
    approximation for the coarse test (a point inside `inner` is inside the area, one
    outside `outer` is not; only the points between are tested against `exact`), and a
    point inside the area, where a sensitive place held by it is shown."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, primary_key=True, related_name="join_shape")
    exact = models.BinaryField()
    inner = models.BinaryField()
    outer = models.BinaryField()
    inside_longitude = models.FloatField()
    inside_latitude = models.FloatField()

    def __str__(self):
        return f"join shape of {self.area_id}"
