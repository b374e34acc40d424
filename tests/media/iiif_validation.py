"""The official IIIF Image API validator (`iiif-validator`), run against a live server.

Called from the one live-server test (tests/browser): transactional tests empty the
database when they end, so all live-server checks share a single test. The validator
expects its own test pattern: 1000 × 1000 pixels in 10 × 10 squares of known colours,
which we draw with Pillow from the validator's table of colours.
"""

import io
import logging

from PIL import Image, ImageDraw

from tests.factories import make_image, make_record


def validator_test_pattern():
    from iiif_validator.validator import ValidationInfo

    colours = ValidationInfo().colorInfo
    image = Image.new("RGB", (1000, 1000), (0, 0, 0))
    draw = ImageDraw.Draw(image)
    for x in range(10):
        for y in range(10):
            draw.rectangle([x * 100 + 1, y * 100 + 1, x * 100 + 99, y * 100 + 99], fill=colours[x][y])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def run_validator(server, identifier, level):
    from iiif_validator.validator import ImageAPI, TestSuite, ValidationInfo

    failures, passed = [], []
    for name, about in sorted(TestSuite(ValidationInfo()).list_tests("3.0").items()):
        if about["level"] > level:
            continue
        result = ImageAPI(identifier, server, prefix="iiif/3", version="3.0", debug=False)
        TestSuite(ValidationInfo()).run_test(name, result)
        if result.exception:
            failures.append(f"{name}: {result.exception.message or result.exception}")
        else:
            passed.append(name)
    return passed, failures


def assert_image_api_passes_the_official_validator(live_server, record_index):
    """Every Image API 3.0 test of levels 0 and 1, against the live server."""
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the validator asks for errors on purpose
    pattern = make_image(title="Mẫu kiểm tra IIIF", file_bytes=validator_test_pattern())
    make_record(record_index, title="Hồ sơ có mẫu kiểm tra", main_image=pattern)
    server = live_server.url.removeprefix("http://")
    passed, failures = run_validator(server, str(pattern.pk), level=1)
    assert failures == []
    assert len(passed) >= 20
