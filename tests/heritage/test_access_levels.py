"""Access levels hold on every surface where a record can appear."""

import pytest
from wagtail.rich_text import RichText

from tests.factories import make_collection, make_record

RESTRICTED = ("community", "staff")


def restricted_titles(records_by_level, levels=RESTRICTED):
    return [records_by_level[level].title for level in levels]


@pytest.mark.django_db
class TestRecordPages:
    @pytest.mark.parametrize("level", RESTRICTED)
    def test_anonymous_visitor_cannot_open_restricted_record(self, client, records_by_level, level):
        response = client.get(records_by_level[level].url)
        assert response.status_code == 404
        assert records_by_level[level].title not in response.content.decode()

    def test_anonymous_visitor_opens_public_record(self, client, records_by_level):
        response = client.get(records_by_level["public"].url)
        assert response.status_code == 200
        assert records_by_level["public"].title in response.content.decode()

    def test_community_member_opens_community_but_not_staff_record(self, client, records_by_level, community_member):
        client.force_login(community_member)
        assert client.get(records_by_level["community"].url).status_code == 200
        assert client.get(records_by_level["staff"].url).status_code == 404

    def test_curator_opens_staff_record(self, client, records_by_level, curator):
        client.force_login(curator)
        assert client.get(records_by_level["staff"].url).status_code == 200

    @pytest.mark.parametrize("level", RESTRICTED)
    def test_permalink_of_restricted_record_is_not_found_for_anonymous(self, client, records_by_level, level):
        assert client.get(f"/r/{records_by_level[level].pk}/").status_code == 404

    def test_permalink_redirects_to_current_url(self, client, records_by_level):
        record = records_by_level["public"]
        response = client.get(f"/r/{record.pk}/")
        assert response.status_code == 302
        assert response["Location"].endswith(record.url)


@pytest.mark.django_db
class TestListings:
    @pytest.mark.parametrize("path", ["/", "/ho-so/", "/dan-toc/hre/"])
    def test_anonymous_listing_hides_restricted_records(self, client, records_by_level, path):
        html = client.get(path).content.decode()
        assert records_by_level["public"].title in html
        for title in restricted_titles(records_by_level):
            assert title not in html

    def test_facet_counts_do_not_reveal_restricted_records(self, client, records_by_level):
        response = client.get("/ho-so/")
        groups = {group.slug: group.record_count for group in response.context["facet_groups"]}
        assert groups["hre"] == 1
        assert response.context["records"].paginator.count == 1

    def test_community_member_lists_community_records(self, client, records_by_level, community_member):
        client.force_login(community_member)
        html = client.get("/ho-so/").content.decode()
        assert records_by_level["community"].title in html
        assert records_by_level["staff"].title not in html

    def test_ethnic_group_index_counts_only_visible_records(self, client, records_by_level):
        response = client.get("/dan-toc/")
        hre = next(group for group in response.context["groups"] if group.slug == "hre")
        assert hre.record_count == 1

    def test_same_community_panel_hides_restricted_records(self, client, records_by_level, record_index):
        other = make_record(record_index, title="Hồ sơ công khai khác")
        html = client.get(other.url).content.decode()
        assert records_by_level["public"].title in html
        for title in restricted_titles(records_by_level):
            assert title not in html


@pytest.mark.django_db
class TestLinkingSurfaces:
    def test_related_records_block_links_only_visible_records(self, client, records_by_level, record_index):
        page = make_record(record_index, title="Hồ sơ có liên kết", publish=False)
        page.body = [
            ("paragraph", RichText("<p>Xem thêm</p>")),
            ("related_records", {"heading": "Liên quan", "records": list(records_by_level.values())}),
        ]
        page.save_revision().publish()
        html = client.get(page.url).content.decode()
        assert records_by_level["public"].url in html
        for level in RESTRICTED:
            assert records_by_level[level].url not in html

    def test_collection_page_shows_only_visible_records(self, client, records_by_level, site_tree):
        collection = make_collection(site_tree["collections"], list(records_by_level.values()))
        response = client.get(collection.url)
        html = response.content.decode()
        assert records_by_level["public"].title in html
        for title in restricted_titles(records_by_level):
            assert title not in html
        assert len(response.context["records"]) == 1

    def test_sitemap_lists_only_public_records(self, client, records_by_level):
        from tests.linkeddata.test_sitemap_and_robots import crawl

        xml = " ".join(crawl(client))  # /sitemap.xml is an index of sections
        assert records_by_level["public"].slug in xml
        for level in RESTRICTED:
            assert records_by_level[level].slug not in xml

    def test_feed_lists_only_public_records(self, client, records_by_level):
        xml = client.get("/feed/").content.decode()
        assert records_by_level["public"].title in xml
        for title in restricted_titles(records_by_level):
            assert title not in xml

    def test_signed_in_user_without_group_sees_only_public(self, client, records_by_level, django_user_model):
        user = django_user_model.objects.create_user("khach", password="x-long-password")
        client.force_login(user)
        html = client.get("/ho-so/").content.decode()
        for title in restricted_titles(records_by_level):
            assert title not in html
