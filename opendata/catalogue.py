"""The machine-readable catalogues of the open data: DCAT (DCAT-AP style, JSON-LD) and a
Frictionless Data Package.

Both are made from `opendata.datasets` (titles, columns, files) and the current
`opendata.state` version (rows, sizes, last change), so they always describe the files
exactly as they are served. Every address in them is absolute, on the public address
(SITE_BASE_URL); the Data Package names its files relative to itself, so a copy of the
folder (datapackage.json beside the files) is a valid package too.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from .datasets import MEDIA_TYPES, datasets, site_url, utc_seconds
from .state import sizes_of

# The licence of the datasets themselves (what the catalogue describes; each record's
# own content keeps the licence in its `licence` column). A Licence code; the
# HERITAGE_OPENDATA_LICENCE setting may name another.
DATASET_LICENCE = "cc-by-4.0"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# EU Publications Office authority tables, which DCAT-AP uses for formats, languages,
# themes, places and access rights.
EU = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
FILE_TYPES = {"csv": "CSV", "json": "JSON", "geojson": "GEOJSON"}
STANDARDS = {
    "csv": "https://www.rfc-editor.org/rfc/rfc4180",
    "json": "https://www.rfc-editor.org/rfc/rfc8259",
    "geojson": "https://www.rfc-editor.org/rfc/rfc7946",
}


@dataclass(frozen=True)
class DatasetLicence:
    code: str
    name: str
    url: str

    @property
    def open_definition_id(self):
        """The licence id Data Package expects (Open Definition / SPDX: CC-BY-4.0)."""
        return self.code.upper()


def dataset_licence():
    from heritage.models import Licence

    code = getattr(settings, "HERITAGE_OPENDATA_LICENCE", DATASET_LICENCE)
    licence = Licence.objects.filter(code=code).first()
    if licence is None or not licence.url:
        return DatasetLicence("cc-by-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    return DatasetLicence(licence.code, licence.name_en or licence.name, licence.url)


def page_url(anchor=""):
    return site_url(reverse("open_data")) + (f"#{anchor}" if anchor else "")


def file_url(filename):
    return site_url(reverse("open_data_file", args=[filename]))


def _texts(bilingual):
    return [{"@value": bilingual.vi, "@language": "vi"}, {"@value": bilingual.en, "@language": "en"}]


def _date_time(moment):
    return {"@value": utc_seconds(moment), "@type": "xsd:dateTime"}


def _publisher():
    return {
        "@id": site_url("/#publisher"),
        "@type": "foaf:Agent",
        "foaf:name": settings.WAGTAIL_SITE_NAME,
        "foaf:homepage": {"@id": site_url("/")},
    }


def dcat_catalogue(version):
    """The catalogue as a JSON-LD document (compacted, with its @context)."""
    licence = dataset_licence()
    modified = _date_time(version.since)
    languages = [{"@id": f"{EU}language/VIE"}, {"@id": f"{EU}language/ENG"}]
    entries = []
    for dataset in datasets():
        sizes = sizes_of(version, dataset)
        distributions = []
        for distribution in dataset.distributions:
            url = file_url(distribution.filename)
            entry = {
                "@id": page_url(distribution.filename),
                "@type": "dcat:Distribution",
                "dct:title": [
                    {"@value": f"{dataset.title.vi} ({distribution.format.upper()})", "@language": "vi"},
                    {"@value": f"{dataset.title.en} ({distribution.format.upper()})", "@language": "en"},
                ],
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + MEDIA_TYPES[distribution.format]},
                "dct:format": {"@id": f"{EU}file-type/{FILE_TYPES[distribution.format]}"},
                "dct:conformsTo": {"@id": STANDARDS[distribution.format]},
                "dct:license": {"@id": licence.url},
                "dct:modified": modified,
            }
            if distribution.note:
                entry["dct:description"] = _texts(distribution.note)
            size = sizes[distribution.filename]
            if size["exact"]:
                entry["dcat:byteSize"] = {"@value": str(size["bytes"]), "@type": "xsd:nonNegativeInteger"}
            distributions.append(entry)
        entry = {
            "@id": page_url(dataset.key),
            "@type": "dcat:Dataset",
            "dct:identifier": page_url(dataset.key),
            "dct:title": _texts(dataset.title),
            "dct:description": _texts(dataset.description),
            "dcat:keyword": [{"@value": keyword, "@language": "vi"} for keyword in dataset.keywords],
            "dcat:theme": {"@id": f"{EU}data-theme/EDUC"},
            "dct:spatial": {"@id": f"{EU}country/VNM"},
            "dct:language": languages,
            "dct:accessRights": {"@id": f"{EU}access-right/PUBLIC"},
            "dct:license": {"@id": licence.url},
            "dct:publisher": _publisher(),
            "dct:modified": modified,
            "dcat:landingPage": {"@id": page_url(dataset.key)},
            "dcat:contactPoint": {
                "@type": "vcard:Organization",
                "vcard:fn": settings.WAGTAIL_SITE_NAME,
                "vcard:hasURL": {"@id": page_url()},
            },
            "dcat:distribution": distributions,
        }
        if dataset.key == "records":
            entry["dct:rights"] = {
                "@type": "dct:RightsStatement",
                "rdfs:label": [
                    {
                        "@value": "Nội dung của mỗi hồ sơ (văn bản, ảnh, âm thanh) theo giấy phép ở cột licence.",
                        "@language": "vi",
                    },
                    {
                        "@value": "Each record's content (text, images, recordings) is under the licence in its "
                        "licence column.",
                        "@language": "en",
                    },
                ],
            }
        entries.append(entry)
    return {
        "@context": CONTEXT,
        "@id": site_url(reverse("open_data_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@value": f"Dữ liệu mở — {settings.WAGTAIL_SITE_NAME}", "@language": "vi"},
            {"@value": "Open data — e-library of ethnic heritage", "@language": "en"},
        ],
        "dct:description": [
            {
                "@value": "Danh mục dữ liệu mở của thư viện điện tử về di sản các dân tộc thiểu số Việt Nam.",
                "@language": "vi",
            },
            {
                "@value": "The open datasets of the e-library of the heritage of Vietnam's ethnic minorities.",
                "@language": "en",
            },
        ],
        "dct:publisher": _publisher(),
        "foaf:homepage": {"@id": page_url()},
        "dct:language": languages,
        "dct:license": {"@id": licence.url},
        "dct:modified": modified,
        "dcat:dataset": entries,
    }


def data_package(version):
    """`datapackage.json`: every CSV as a tabular resource with its Table Schema, and the
    GeoJSON files beside them; JSON files are the CSV's rows again and left out."""
    licence = dataset_licence()
    licences = [{"name": licence.open_definition_id, "path": licence.url, "title": licence.name}]
    resources = []
    for dataset in datasets():
        sizes = sizes_of(version, dataset)
        for distribution in dataset.distributions:
            if distribution.format == "json":
                continue
            name = dataset.key if distribution.format == "csv" else distribution.filename.replace(".", "-")
            resource = {
                "name": name,
                "path": distribution.filename,
                "title": dataset.title.vi + (f" ({distribution.note.vi})" if distribution.note else ""),
                "title_en": dataset.title.en + (f" ({distribution.note.en})" if distribution.note else ""),
                "description": dataset.description.vi,
                "description_en": dataset.description.en,
                "format": distribution.format,
                "mediatype": MEDIA_TYPES[distribution.format],
                "encoding": "utf-8",
                "licenses": licences,
            }
            if distribution.format == "csv":
                resource["profile"] = "tabular-data-resource"
                resource["dialect"] = {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                }
                resource["schema"] = {
                    "fields": [column.table_schema() for column in dataset.columns],
                    "primaryKey": list(dataset.primary_key),
                    "missingValues": [""],
                }
            else:
                resource["profile"] = "data-resource"
            size = sizes[distribution.filename]
            if size["exact"]:
                resource["bytes"] = size["bytes"]
            resources.append(resource)
    return {
        "profile": "data-package",
        "name": "thu-vien-di-san-cac-dan-toc",
        "id": site_url(reverse("open_data_package")),
        "title": f"Dữ liệu mở — {settings.WAGTAIL_SITE_NAME}",
        "title_en": "Open data — e-library of ethnic heritage",
        "description": "Hồ sơ di sản, các dân tộc, địa bàn và từ điển của thư viện điện tử; chỉ dữ liệu công khai.",
        "description_en": "The e-library's heritage records, ethnic groups, areas and dictionaries; public data only.",
        "homepage": page_url(),
        "created": utc_seconds(version.since),
        "licenses": licences,
        "contributors": [{"title": settings.WAGTAIL_SITE_NAME, "path": site_url("/"), "role": "publisher"}],
        "keywords": ["di sản văn hoá", "dân tộc thiểu số", "ethnic minorities", "intangible heritage", "Việt Nam"],
        "resources": resources,
    }
