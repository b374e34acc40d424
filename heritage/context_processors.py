from django.utils.functional import SimpleLazyObject


def site_navigation(request):
    """Links the header needs on every page, looked up only when a template uses them."""

    def navigation():
        from .models import CollectionIndexPage, HomePage, InfoPage, RecordIndexPage

        info_pages = InfoPage.footer_pages()
        return {
            "home": HomePage.objects.live().first(),
            "records": RecordIndexPage.objects.live().first(),
            "collections": CollectionIndexPage.objects.live().first(),
            # About, contact, publisher, terms, privacy: in footer order, and by kind.
            "info_pages": info_pages,
            "info": {page.kind: page for page in info_pages},
        }

    return {"site_nav": SimpleLazyObject(navigation)}
