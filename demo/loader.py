"""Loads the demo collection. Idempotent: what exists (matched by slug or title) is
left as it is, so a curator's edits to demo records survive a second run."""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from heritage.info_pages import create_info_pages
from heritage.models import (
    CollectionIndexPage,
    CollectionItem,
    CollectionPage,
    CustomPage,
    EthnicGroup,
    FestivalPage,
    HomePage,
    Licence,
    ProductPage,
    Province,
    RecordIndexPage,
    RecordPage,
    Subject,
)
from heritage.text import ascii_slug
from media.models import HeritageImage

from . import images, records

DEMO_USERS = [
    # (username, group or None for superuser, first name)
    ("admin", None, "Quản trị"),
    ("curator", "Curator", "Biên tập"),
    ("reviewer", "Reviewer", "Duyệt"),
    ("contributor", "Contributor", "Cộng tác"),
    ("community", "Community member", "Cộng đồng"),
]


def demo_password():
    return os.environ.get("DEMO_PASSWORD", "heritage-demo")


class DemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.created = {"records": 0, "collections": 0, "images": 0, "users": 0}
        self._images = {}

    @transaction.atomic
    def run(self):
        home = self.home_page()
        record_index = self.child_page(
            home,
            RecordIndexPage,
            "ho-so",
            "Kho hồ sơ",
            title_en="Records",
            introduction="Lễ hội, phong tục tập quán và sản phẩm tiêu biểu của đồng bào các dân tộc thiểu số.",
            introduction_en="Festivals, customs and traditional products of ethnic-minority communities.",
        )
        collection_index = self.child_page(
            home,
            CollectionIndexPage,
            "bo-suu-tap",
            "Bộ sưu tập",
            introduction="Các tuyển chọn hồ sơ theo chủ đề do cán bộ biên tập giới thiệu.",
        )
        for model, items in (
            (FestivalPage, records.FESTIVALS),
            (CustomPage, records.CUSTOMS),
            (ProductPage, records.PRODUCTS),
        ):
            for item in items:
                self.record(record_index, model, item)
        for item in records.COLLECTIONS:
            self.collection(collection_index, item)
        self.created["info_pages"] = create_info_pages(home)
        self.users()
        self.created["areas"] = self.areas()
        from dictionary.demo import load_demo_dictionary

        self.created["dictionary_entries"] = load_demo_dictionary()
        return self.created

    def areas(self):
        """Map areas for the demo: from a boundary file when DEMO_AREAS_FILE names one
        (e.g. the district GeoJSON a province supplies), else approximate regions drawn
        around the demo's own places and labelled as such."""
        from gis.importing import import_areas
        from gis.linking import link_records
        from gis.models import Area

        boundary_file = os.environ.get("DEMO_AREAS_FILE")
        if boundary_file:
            report = import_areas(boundary_file, level="district", parent_code_field=None)
            created = report.created
        else:
            created = self.approximate_areas(Area)
        link_records()
        return created

    def approximate_areas(self, area_model):
        from shapely.geometry import MultiPoint, mapping

        by_unit = {}
        for _place, admin_unit, province_code, latitude, longitude in records.PLACES.values():
            by_unit.setdefault((admin_unit, province_code), []).append((longitude, latitude))
        created = 0
        for (admin_unit, _province_code), points in by_unit.items():
            shape = MultiPoint(points).convex_hull.buffer(0.08, quad_segs=4)
            geometry = json.loads(json.dumps(mapping(shape)))
            multipolygon = {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
            min_lon, min_lat, max_lon, max_lat = shape.bounds
            _area, was_created = area_model.objects.get_or_create(
                level=area_model.Level.REGION,
                code=f"demo-{ascii_slug(admin_unit)}"[:60],
                defaults={
                    "name": f"{admin_unit[:1].upper()}{admin_unit[1:]} (vùng gần đúng)",
                    "geometry": multipolygon,
                    "simplified": multipolygon,
                    "min_lon": min_lon,
                    "min_lat": min_lat,
                    "max_lon": max_lon,
                    "max_lat": max_lat,
                    "source": "Vùng gần đúng dựng từ các địa điểm mẫu, không phải ranh giới hành chính",
                },
            )
            created += was_created
        return created

    def home_page(self):
        home = HomePage.objects.first()
        site = Site.objects.filter(is_default_site=True).first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(
                    title="Thư viện điện tử di sản các dân tộc",
                    slug="trang-chu",
                    introduction=(
                        "Lưu giữ và giới thiệu lễ hội, phong tục tập quán và sản phẩm tiêu biểu của đồng bào "
                        "các dân tộc thiểu số Quảng Ngãi, Quảng Nam, Khánh Hoà và cả nước."
                    ),
                    introduction_en=(
                        "Preserving and presenting the festivals, customs and traditional products of the "
                        "ethnic minorities of Quảng Ngãi, Quảng Nam, Khánh Hoà and the whole country."
                    ),
                )
            )
            home.save_revision().publish()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Thư viện điện tử di sản các dân tộc",
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.save()
            # Wagtail's placeholder "Welcome" page, never a curator's page.
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()
        return home

    def child_page(self, parent, model, slug, title, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = parent.add_child(instance=model(title=title, slug=slug, **fields))
        page.save_revision().publish()
        return page

    def image(self, key):
        if key in self._images:
            return self._images[key]
        title, data = images.render_motif(key)
        image = HeritageImage.objects.filter(title=title).first()
        if image is None:
            image = HeritageImage(
                title=title,
                description=f"{title}: hình vẽ trừu tượng, không phải ảnh chụp",
                credit=images.CREDIT,
                creator=images.CREATOR,
                source=images.SOURCE,
                licence=Licence.objects.get(code="cc0-1.0"),
            )
            from io import BytesIO

            image.file = ImageFile(BytesIO(data), name=f"demo-{key}.jpg")
            image.save()
            self.created["images"] += 1
        self._images[key] = image
        return image

    def record(self, index, model, item):
        if RecordPage.objects.filter(slug=item["slug"]).exists():
            return
        place_name, admin_unit, province_code, latitude, longitude = records.PLACES[item["place"]]
        body = [("paragraph", RichText(f"<p>{paragraph}</p>")) for paragraph in item.get("body", [])]
        if "testimony" in item:
            quote, speaker, about = item["testimony"]
            body.append(
                (
                    "testimony",
                    {
                        "quote": quote,
                        "speaker": speaker,
                        "speaker_description": about,
                        "language": "",
                        "recorded_on": None,
                    },
                )
            )
        fields = {
            "title": item["title"],
            "slug": item["slug"],
            "title_en": item.get("title_en", ""),
            "summary": item["summary"],
            "summary_en": item.get("summary_en", ""),
            "body": body,
            "place_name": place_name,
            "admin_unit": admin_unit,
            "province": Province.objects.get(code=province_code),
            "latitude": latitude,
            "longitude": longitude,
            "sources": [
                ("source", {"citation": s["citation"], "url": "", "note": s["note"]}) for s in records.DEMO_SOURCE
            ],
            "provenance": records.DEMO_PROVENANCE,
            "contributors": [
                ("contributor", {"name": "Nhóm biên tập dữ liệu mẫu", "role": "editor", "organisation": ""})
            ],
            "licence": Licence.objects.get(code=item.get("licence", "cc-by-4.0")),
            "rights_holder": "Thư viện điện tử di sản các dân tộc",
            "access_level": item.get("access", "public"),
            "location_access": item.get("location_access", "public"),
            "featured": item.get("featured", False),
        }
        if item.get("image"):
            fields["main_image"] = self.image(item["image"])
        for name in (
            "calendar",
            "month",
            "day",
            "timing_note",
            "duration_days",
            "frequency",
            "participants",
            "main_rites",
            "category",
            "vitality",
            "occasion",
            "kind",
            "materials",
            "technique",
            "makers",
            "ocop_stars",
        ):
            if name in item:
                fields[name] = item[name]
        page = model(**fields)
        page.full_clean(
            exclude=["path", "depth", "content_type", "url_path", "draft_title", "translation_key", "locale"]
        )
        index.add_child(instance=page)
        page.ethnic_groups.set(EthnicGroup.objects.filter(slug__in=item["groups"]))
        page.subjects.set(Subject.objects.filter(slug__in=item["subjects"]))
        page.save_revision().publish()
        self.created["records"] += 1

    def collection(self, index, item):
        if CollectionPage.objects.filter(slug=item["slug"]).exists():
            return
        page = CollectionPage(
            title=item["title"],
            slug=item["slug"],
            title_en=item.get("title_en", ""),
            summary=item["summary"],
            cover_image=self.image(item["image"]),
        )
        by_slug = {record.slug: record for record in RecordPage.objects.filter(slug__in=item["records"])}
        page.items = [
            CollectionItem(record=by_slug[slug], sort_order=order)
            for order, slug in enumerate(item["records"])
            if slug in by_slug
        ]
        index.add_child(instance=page)
        page.save_revision().publish()
        self.created["collections"] += 1

    def users(self):
        User = get_user_model()
        for username, group_name, first_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "email": f"{username}@example.org",
                    "is_superuser": group_name is None,
                    "is_staff": group_name is None,
                },
            )
            if created:
                user.set_password(demo_password())
                user.save()
                self.created["users"] += 1
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
