import pytest
from django.core.management import call_command
from wagtail.models import Page

from heritage.geography import VIETNAM_LATITUDE, VIETNAM_LONGITUDE
from heritage.models import CollectionPage, HomePage, RecordPage
from media.models import HeritageImage


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.django_db
def test_demo_loads_real_records_across_the_three_provinces(demo):
    records = RecordPage.objects.live()
    assert records.count() >= 40
    assert set(records.values_list("province__code", flat=True)) == {"49", "51", "56"}
    for record in records:
        assert VIETNAM_LATITUDE[0] <= record.latitude <= VIETNAM_LATITUDE[1]
        assert VIETNAM_LONGITUDE[0] <= record.longitude <= VIETNAM_LONGITUDE[1]
        assert record.ethnic_groups.exists()
    assert records.filter(access_level="community").exists()
    assert records.filter(access_level="staff").exists()


@pytest.mark.django_db
def test_demo_runs_twice_without_duplicates(demo):
    counts = (Page.objects.count(), HeritageImage.objects.count(), CollectionPage.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Page.objects.count(), HeritageImage.objects.count(), CollectionPage.objects.count()) == counts
    assert HomePage.objects.count() == 1


@pytest.mark.django_db
def test_demo_images_say_they_are_generated(demo):
    assert HeritageImage.objects.exists()
    for image in HeritageImage.objects.all():
        assert "tạo tự động" in image.credit
        assert image.description


@pytest.mark.django_db
def test_demo_home_page_is_the_site_root(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    featured = list(response.context["featured_records"])
    assert featured and all(record.featured and record.access_level == "public" for record in featured)
    assert featured[0].title in response.content.decode()
    assert "Tang lễ của người Cơ Tu" not in response.content.decode()


@pytest.mark.django_db
def test_generate_records_builds_a_valid_tree_of_live_records(client, demo):
    before = RecordPage.objects.count()
    call_command("generate_records", count=120, batch_size=50, seed=7, verbosity=0)
    assert RecordPage.objects.count() == before + 120
    assert Page.find_problems() == ([], [], [], [], [])
    newest = RecordPage.objects.filter(access_level="public").order_by("-pk").first()
    response = client.get(newest.url)
    assert response.status_code == 200
    assert "bản ghi tổng hợp" in response.content.decode()
    assert newest.ethnic_groups.count() == 1


@pytest.mark.django_db
def test_generate_records_without_a_library_says_what_to_do(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_records", count=5, verbosity=0)


@pytest.mark.django_db
def test_demo_draws_approximate_areas_labelled_as_such(client, demo):
    from gis.models import Area

    area = Area.objects.get(code="demo-huyen-son-ha")
    assert "gần đúng" in area.name and "không phải ranh giới" in area.source
    assert area.records.filter(title="Lễ ăn trâu của người Hrê").exists()
    assert client.get(f"/khu-vuc/{area.level}/{area.code}/").status_code == 200


@pytest.mark.django_db
def test_home_and_record_pages_carry_maps(client, demo):
    assert "/api/records.geojson" in client.get("/").content.decode()
    record = RecordPage.objects.get(slug="le-an-trau-nguoi-hre-son-ha")
    html = client.get(record.url).content.decode()
    assert "L.circleMarker" in html or "circleMarker" in html
    assert "Huyện Sơn Hà (vùng gần đúng)" in html
