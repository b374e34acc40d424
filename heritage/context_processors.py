from django.utils.functional import SimpleLazyObject


def site_navigation(request):
    """Links the header needs on every page, looked up only when a template uses them."""

    def navigation():
        from .models import CollectionIndexPage, HomePage, InfoPage, RecordIndexPage

        info_pages = InfoPage.footer_pages()
        # By id, not in tree order: ordered by path, the database walks every page of the
        # tree (100 000 records) to find the one of a type.
        return {
            "home": HomePage.objects.live().order_by("pk").first(),
            "records": RecordIndexPage.objects.live().order_by("pk").first(),
            "collections": CollectionIndexPage.objects.live().order_by("pk").first(),
            # About, contact, publisher, terms, privacy: in footer order, and by kind.
            "info_pages": info_pages,
            "info": {page.kind: page for page in info_pages},
        }

    return {"site_nav": SimpleLazyObject(navigation)}
