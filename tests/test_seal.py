"""Text under a red seal: the seal redrawn from the colour image, the red channel's remnants lifted (fast unit
tests + real-engine tests)."""

import io
import random

import cv2
import numpy as np
from PIL import Image

from pipeline.ocr.seal import find_seals, lift_seal, seal_free_red

PAPER = (243, 250, 252)  # BGR of the certificates' paper
SEAL_RED = (35, 30, 205)


def _jpeg(bgr, quality=85):
    """Through JPEG as scanners and phones save (colour at half resolution)."""
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def _page(seal="over", alpha=0.85):
    """A page with lines of black text, one of them crossing a round red seal (ring and star) stamped over it:
    ``over`` paints the seal's ink over the print (as the corpus does), ``multiply`` lets the print show through
    (as stamp ink does)."""
    page = np.empty((1200, 1600, 3), np.uint8)
    page[:] = PAPER
    for y in range(120, 1200, 110):
        cv2.putText(page, "2014 PRECHECK 2014", (140, y), cv2.FONT_HERSHEY_SIMPLEX, 2.2, (20, 20, 20), 6)
    ink = np.zeros(page.shape[:2], np.uint8)
    cv2.circle(ink, (900, 590), 100, 255, 6)  # ring as wide as a real seal's (and the corpus's): 1/18 of its radius
    star = np.array([[900 + 28 * np.cos(a - np.pi / 2) * (1 if k % 2 == 0 else 0.4),
                      590 + 28 * np.sin(a - np.pi / 2) * (1 if k % 2 == 0 else 0.4)]
                     for k, a in enumerate(np.arange(10) * np.pi / 5)], np.int32)
    cv2.fillPoly(ink, [star], 255)
    a = (ink[..., None] / 255.0) * alpha
    red = np.array(SEAL_RED, np.float32)
    if seal == "over":
        out = page * (1 - a) + red * a
    else:  # the stamp's ink filters what is under it
        out = page * (1 - a + a * red / 255.0)
    return np.clip(out, 0, 255).astype(np.uint8), ink > 0


def _text_mask():
    page, _ = _page()
    plain = np.empty_like(page)
    plain[:] = PAPER
    for y in range(120, 1200, 110):
        cv2.putText(plain, "2014 PRECHECK 2014", (140, y), cv2.FONT_HERSHEY_SIMPLEX, 2.2, (20, 20, 20), 6)
    return plain[..., 0] < 100


def test_a_round_red_seal_is_found_and_red_print_that_is_not_round_is_not():
    page, _ = _page()
    boxes, _, _ = find_seals(_jpeg(page))
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert abs((x0 + x1) / 2 - 900) < 10 and abs((y0 + y1) / 2 - 590) < 10 and abs((x1 - x0) - 206) < 16
    title = np.empty((1200, 1600, 3), np.uint8)
    title[:] = PAPER
    cv2.putText(title, "CERTIFICATE", (200, 300), cv2.FONT_HERSHEY_SIMPLEX, 3, (20, 20, 150), 12)  # a red title
    cv2.rectangle(title, (200, 340), (1400, 356), (20, 20, 150), -1)  # and a red rule under it
    assert find_seals(_jpeg(title))[0] == []
    assert np.array_equal(seal_free_red(title)[..., 0], title[..., 2])


def test_the_seal_and_its_jpeg_outline_vanish_while_the_text_under_it_stays_whole():
    text = _text_mask()
    for mode in ("over", "multiply"):
        page, ink = _page(mode)
        img = _jpeg(page)
        out = seal_free_red(img)
        assert out.shape == img.shape and is_grey(out)
        near_text = cv2.dilate(text.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
        seal_only = cv2.dilate(ink.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool) & ~near_text
        # the red channel alone: the seal's ink and the outline JPEG leaves around it are darker than paper
        assert (img[..., 2][seal_only] < 200).mean() > 0.02
        assert (out[..., 0][seal_only] < 200).mean() < 0.01  # a few pixels at the star's tips
        # the text stays dark, also where the ring crosses it: wholly where the print shows through the stamp's
        # ink; where the ink was painted over it, most of what the red channel loses comes back
        crossed = text & cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        assert crossed.sum() > 200
        kept, before = (out[..., 0][crossed] < 120).mean(), (img[..., 2][crossed] < 120).mean()
        assert kept > 0.95 if mode == "multiply" else (kept > 0.6 and before < 0.4), (mode, kept, before)
        assert (out[..., 0][text] < 120).mean() > 0.99


def is_grey(img):
    return np.array_equal(img[..., 0], img[..., 1]) and np.array_equal(img[..., 1], img[..., 2])


def test_pages_without_a_seal_give_the_red_channel():
    grey = np.full((900, 1200, 3), 200, np.uint8)
    cv2.putText(grey, "NO COLOUR", (100, 400), cv2.FONT_HERSHEY_SIMPLEX, 3, (20, 20, 20), 8)
    assert np.array_equal(seal_free_red(grey)[..., 0], grey[..., 2])
    cover = np.empty((1100, 1600, 3), np.uint8)
    cover[:] = (30, 30, 150)  # a red cover with gold print: red all over, no seal
    cv2.putText(cover, "GRADUATION", (200, 500), cv2.FONT_HERSHEY_SIMPLEX, 4, (90, 180, 220), 10)
    assert find_seals(cover)[0] == []
    assert np.array_equal(seal_free_red(cover)[..., 0], cover[..., 2])


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


def _certificate(seed):
    from samples.materials import MATERIALS, rand_person

    img, fields = MATERIALS["graduation_certificate"](random.Random(seed), rand_person(random.Random(seed)))
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)  # as a scanner saves it
    return cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_COLOR), fields


def test_the_date_under_a_schools_seal_is_read_with_the_default_engine():
    from pipeline.extract import extract
    from pipeline.ocr import get_engine

    # the graduation certificate prints its date under the school's seal; in the red channel alone the
    # ring cut a stroke of 三 and the date came out as 2025-06-20
    bgr, fields = _certificate(1)
    got = extract("graduation_certificate", get_engine().read(seal_free_red(bgr)))
    assert got["date"].value == fields["date"] == "2025-06-30"
    assert got["name"].value == fields["name"] and got["certificate_number"].value == fields["certificate_number"]


def test_the_date_under_a_schools_seal_is_read_through_the_pipeline():
    from pipeline.extract import extract
    from pipeline.ocr import get_engine
    from pipeline.run import read_page

    img, fields = _certificate(91)
    got = extract("graduation_certificate", read_page(get_engine(), img))
    assert got["date"].value == fields["date"]
