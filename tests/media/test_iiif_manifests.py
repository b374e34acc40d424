import pytest

from tests.factories import make_collection, make_image, make_jpeg_bytes, make_record


@pytest.fixture
def illustrated(site_tree):
    main = make_image(title="Cây nêu", credit="Ảnh: Đinh Văn A", file_bytes=make_jpeg_bytes((800, 600)))
    in_body = make_image(title="Chiêng", credit="Ảnh: Hồ Thị B", file_bytes=make_jpeg_bytes((300, 400)))
    body = [{"type": "image", "value": {"image": in_body.pk, "caption": "Bộ chiêng", "credit": ""}}]
    public = make_record(
        site_tree["records"],
        title="Lễ ăn trâu",
        title_en="Buffalo-offering rite",
        groups=("hre",),
        place_name="Sơn Hà",
        main_image=main,
        body=body,
    )
    community = make_record(site_tree["records"], title="Tang lễ", main_image=make_image(), access_level="community")
    plain = make_record(site_tree["records"], title="Hồ sơ không ảnh")
    return {"public": public, "community": community, "plain": plain, "images": (main, in_body)}


def parse_manifest(response):
    from iiif_prezi3 import Manifest

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"] == "http://iiif.io/api/presentation/3/context.json"
    document.pop("@context")
    return document, Manifest(**document)  # raises if the structure is not Presentation 3.0


@pytest.mark.django_db
def test_a_public_record_with_images_has_a_valid_manifest(client, illustrated):
    record = illustrated["public"]
    document, _manifest = parse_manifest(client.get(f"/iiif/manifest/{record.pk}"))
    assert document["label"] == {"vi": ["Lễ ăn trâu"], "en": ["Buffalo-offering rite"]}
    metadata = {pair["label"]["en"][0]: pair["value"]["vi"][0] for pair in document["metadata"]}
    assert metadata["Ethnic group"] == "Hrê"
    assert metadata["Place"] == "Sơn Hà, Quảng Ngãi"
    assert metadata["Licence"]
    assert document["requiredStatement"]["value"]["vi"] == ["Ảnh: Đinh Văn A; Ảnh: Hồ Thị B"]
    assert document["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    canvases = document["items"]
    assert [(canvas["width"], canvas["height"]) for canvas in canvases] == [(800, 600), (300, 400)]
    service = canvases[1]["items"][0]["items"][0]["body"]["service"][0]
    assert service["type"] == "ImageService3"
    info = client.get(service["id"].removeprefix("http://testserver") + "/info.json").json()
    assert (info["width"], info["height"]) == (300, 400)


@pytest.mark.django_db
def test_manifests_are_not_given_for_restricted_or_imageless_records(client, illustrated):
    assert client.get(f"/iiif/manifest/{illustrated['community'].pk}").status_code == 404
    assert client.get(f"/iiif/manifest/{illustrated['plain'].pk}").status_code == 404
    assert client.get("/iiif/manifest/999999").status_code == 404


@pytest.mark.django_db
def test_a_collection_lists_the_manifests_of_its_visible_records(client, illustrated, site_tree):
    from iiif_prezi3 import Collection

    records = [illustrated["public"], illustrated["community"], illustrated["plain"]]
    collection = make_collection(site_tree["collections"], records, title="Nghi lễ người Hrê")
    response = client.get(f"/iiif/collection/{collection.pk}")
    document = response.json()
    document.pop("@context")
    Collection(**document)
    assert document["label"]["vi"] == ["Nghi lễ người Hrê"]
    assert [item["id"] for item in document["items"]] == [f"http://testserver/iiif/manifest/{illustrated['public'].pk}"]
