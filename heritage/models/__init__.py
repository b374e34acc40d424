from .pages import (
    CollectionIndexPage,
    CollectionItem,
    CollectionPage,
    CustomPage,
    FestivalPage,
    HomePage,
    RecordIndexPage,
    RecordPage,
)
from .vocab import EthnicGroup, EthnicGroupName, LanguageFamily, Licence, Province, Subject

__all__ = [
    "CollectionIndexPage",
    "CollectionItem",
    "CollectionPage",
    "CustomPage",
    "EthnicGroup",
    "EthnicGroupName",
    "FestivalPage",
    "HomePage",
    "LanguageFamily",
    "Licence",
    "Province",
    "RecordIndexPage",
    "RecordPage",
    "Subject",
]
