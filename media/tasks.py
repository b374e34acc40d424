from django_tasks import task


@task()
def make_responsive_renditions(image_id):
    """Make an image's responsive renditions ahead of the first visitor; safe to repeat."""
    from wagtail.images import get_image_model

    from .renditions import renditions_by_format

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        renditions_by_format(image)
