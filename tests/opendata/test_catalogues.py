"""The machine-readable catalogues: the Frictionless Data Package validates with every
file (fields, types, sizes), and the DCAT JSON-LD expands to the datasets and
distributions a DCAT-AP harvester expects."""

import json

import pytest
from frictionless import Resource, Schema, validate
from pyld import jsonld

from tests.opendata.conftest import FILES, download

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def save_package(client, folder):
    """datapackage.json and every file it names, saved side by side as a harvester would."""
    package = json.loads(download(client, "datapackage.json"))
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    for resource in package["resources"]:
        (folder / resource["path"]).write_bytes(download(client, resource["path"]))
    return package


def validate_csv(folder, filename, schema):
    """One CSV against a Table Schema, as a file beside the package (frictionless reads
    relative paths only)."""
    return Resource(path=filename, basepath=str(folder), schema=Schema.from_descriptor(schema)).validate()


def assert_valid(report):
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])


@pytest.mark.django_db
def test_frictionless_validates_the_package_and_every_csv(client, library, tmp_path):
    package = save_package(client, tmp_path)
    names = {resource["name"] for resource in package["resources"]}
    assert {"records", "ethnic-groups", "areas", "dictionary", "records-geojson", "areas-geojson"} <= names
    report = validate(tmp_path / "datapackage.json")
    assert_valid(report)
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows["records"] == 3  # the three public records
    assert rows["ethnic-groups"] == 54
    assert rows["areas"] == 1
    assert rows["dictionary"] == 2  # the public Hrê and Co entries

    # Each CSV checked on its own against its Table Schema too: types, required, enums.
    for resource in package["resources"]:
        if resource["format"] == "csv":
            assert_valid(validate_csv(tmp_path, resource["path"], resource["schema"]))


@pytest.mark.django_db
def test_the_package_declares_the_exact_size_of_files_downloaded_whole(client, library, tmp_path):
    save_package(client, tmp_path)
    package = save_package(client, tmp_path)  # now every file has been written whole once
    for resource in package["resources"]:
        assert resource["bytes"] == (tmp_path / resource["path"]).stat().st_size
    assert_valid(validate(tmp_path / "datapackage.json"))  # frictionless checks the bytes


@pytest.mark.django_db
def test_a_wrong_type_in_a_csv_would_be_caught(client, library, tmp_path):
    """The validation is not vacuous: a text in the integer id column fails it."""
    package = save_package(client, tmp_path)
    records = tmp_path / "records.csv"
    lines = records.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "not-a-number" + lines[1][lines[1].index(",") :]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    schema = next(resource["schema"] for resource in package["resources"] if resource["name"] == "records")
    report = validate_csv(tmp_path, "records.csv", schema)
    assert not report.valid
    assert "type-error" in {error[0] for error in report.flatten(["type"])}


def nodes_of_type(expanded, type_iri):
    found = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if type_iri in node.get("@type", []):
                found.append(node)
            for value in node.values():
                walk(value)

    walk(expanded)
    return found


def iri(node, prop):
    return node[prop][0]["@id"]


def literal(node, prop):
    return node[prop][0]["@value"]


@pytest.mark.django_db
def test_dcat_catalogue_expands_to_datasets_and_distributions(client, library):
    response = client.get("/du-lieu-mo/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    expanded = jsonld.expand(json.loads(response.content))

    (catalogue,) = nodes_of_type(expanded, DCAT + "Catalog")
    assert catalogue["@id"] == "http://testserver/du-lieu-mo/catalog.jsonld"
    datasets = nodes_of_type(expanded, DCAT + "Dataset")
    assert {node["@id"].rsplit("#", 1)[1] for node in datasets} == {"records", "ethnic-groups", "areas", "dictionary"}
    for dataset in datasets:
        titles = {title["@language"]: title["@value"] for title in dataset[DCT + "title"]}
        assert set(titles) == {"vi", "en"}
        assert iri(dataset, DCT + "license") == "https://creativecommons.org/licenses/by/4.0/"
        assert dataset[DCT + "modified"][0]["@type"] == XSD + "dateTime"
        assert DCT + "publisher" in dataset and DCAT + "distribution" in dataset

    distributions = nodes_of_type(expanded, DCAT + "Distribution")
    assert len(distributions) == len(FILES)
    media_types = set()
    for distribution in distributions:
        url = iri(distribution, DCAT + "accessURL")
        assert iri(distribution, DCAT + "downloadURL") == url
        assert client.head(url.removeprefix("http://testserver")).status_code == 200
        media_types.add(iri(distribution, DCAT + "mediaType"))
        assert iri(distribution, DCT + "format").startswith("http://publications.europa.eu/resource/authority/")
        assert iri(distribution, DCT + "license") == "https://creativecommons.org/licenses/by/4.0/"
        assert literal(distribution, DCT + "modified").endswith("Z")
    assert media_types == {
        "https://www.iana.org/assignments/media-types/text/csv",
        "https://www.iana.org/assignments/media-types/application/json",
        "https://www.iana.org/assignments/media-types/application/geo+json",
    }


@pytest.mark.django_db
def test_dcat_gives_the_byte_size_of_files_written_whole(client, library):
    body = download(client, "records.csv")
    expanded = jsonld.expand(json.loads(download(client, "catalog.jsonld")))
    distribution = next(
        node
        for node in nodes_of_type(expanded, DCAT + "Distribution")
        if iri(node, DCAT + "accessURL").endswith("/records.csv")
    )
    size = distribution[DCAT + "byteSize"][0]
    assert size["@type"] == XSD + "nonNegativeInteger"
    assert int(size["@value"]) == len(body)


@pytest.mark.django_db
def test_dcat_is_valid_rdf(client, library):
    document = json.loads(download(client, "catalog.jsonld"))
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert (
        "<http://testserver/du-lieu-mo/#records> <http://purl.org/dc/terms/license> "
        "<https://creativecommons.org/licenses/by/4.0/> ." in quads
    )


@pytest.mark.django_db
def test_catalogues_revalidate(client, library):
    for filename in ("catalog.jsonld", "datapackage.json"):
        response = client.get(f"/du-lieu-mo/{filename}")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert client.get(f"/du-lieu-mo/{filename}", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.django_db
def test_opendata_measure_gives_every_file_its_exact_size(client, library):
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("opendata_measure", stdout=output)
    package = json.loads(download(client, "datapackage.json"))
    for resource in package["resources"]:
        assert resource["bytes"] == len(download(client, resource["path"]))
        assert f"{resource['path']}: {resource['bytes']} bytes" in output.getvalue()
