from .epoch import AccessEpoch
from .info import InfoPage
from .pages import (
    CollectionIndexPage,
    CollectionItem,
    CollectionPage,
    CustomPage,
    FestivalPage,
    HomePage,
    ProductPage,
    RecordIndexPage,
    RecordPage,
)
from .vocab import EthnicGroup, EthnicGroupName, LanguageFamily, Licence, Province, Subject

__all__ = [
    "AccessEpoch",
    "CollectionIndexPage",
    "CollectionItem",
    "CollectionPage",
    "CustomPage",
    "EthnicGroup",
    "EthnicGroupName",
    "FestivalPage",
    "HomePage",
    "InfoPage",
    "ProductPage",
    "LanguageFamily",
    "Licence",
    "Province",
    "RecordIndexPage",
    "RecordPage",
    "Subject",
]
