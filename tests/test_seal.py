"""Text under a red seal: the red channel with the seal's remnants lifted (fast unit test + one real-engine test)."""

import random

import cv2
import numpy as np

from pipeline.ocr.seal import lift_seal


def test_a_seal_remnant_vanishes_while_text_keeps_its_strokes():
    page = np.full((1200, 1600), 250, np.uint8)
    cv2.circle(page, (800, 600), 200, 212, 12)            # a red seal's ring, as the red channel shows it
    for y in range(100, 1200, 90):  # lines of black text, one across the ring
        cv2.putText(page, "2017 PRECHECK 2017", (120, y), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 20, 7)
    out = lift_seal(np.dstack([page] * 3))
    assert out[600, 1000 - 6].max() == 255 and out[400 + 6, 800].max() == 255  # ring → paper
    assert out[out < 60].size > 0.8 * page[page < 60].size  # text strokes stay dark


def test_colour_images_and_small_images_are_left_alone():
    colour = np.zeros((1200, 1200, 3), np.uint8)
    colour[..., 2] = 200
    assert lift_seal(colour) is colour
    small = np.full((300, 400, 3), 212, np.uint8)
    assert lift_seal(small) is small


def test_the_date_under_a_schools_seal_is_read_with_the_default_engine():
    from pipeline.extract import extract
    from pipeline.ocr import get_engine
    from pipeline.run import read_page
    from samples.materials import MATERIALS, rand_person

    # the graduation certificate prints its date under the school's seal
    img, fields = MATERIALS["graduation_certificate"](random.Random(91), rand_person(random.Random(91)))
    bgr = cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)
    got = extract("graduation_certificate", read_page(get_engine(), bgr))
    assert got["date"].value == fields["date"]
    assert got["name"].value == fields["name"] and got["certificate_number"].value == fields["certificate_number"]
