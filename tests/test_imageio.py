"""Decoding: every odd input is either handled correctly or becomes a clear reason, never a traceback."""

import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from pipeline.imageio import Unreadable, decode_file, decode_image_bytes
from pipeline.ingest import load_submission
from pipeline.run import check_submission
from tests.synth import doc


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _jpeg(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


def test_truncated_jpeg_is_unreadable_with_the_reason():
    data = _jpeg(doc("id_front"))
    with pytest.raises(Unreadable, match="truncated|damaged"):
        decode_image_bytes(data[: len(data) // 2])


def test_a_1x1_image_is_refused_as_too_small():
    with pytest.raises(Unreadable, match="too small"):
        decode_image_bytes(_png(Image.new("RGB", (1, 1))))


def test_garbage_bytes_are_not_an_image():
    with pytest.raises(Unreadable, match="not an image"):
        decode_image_bytes(b"this is not an image at all" * 10)


def test_an_image_over_the_pixel_limit_is_refused_without_decoding(monkeypatch):
    import pipeline.imageio as io_mod

    monkeypatch.setattr(io_mod, "MAX_PIXELS", 1000 * 1000)
    with pytest.raises(Unreadable, match="megapixels"):
        decode_image_bytes(_png(Image.new("RGB", (1200, 1000), "white")))


def test_16_bit_grayscale_is_scaled_to_8_bit_rgb():
    arr = np.linspace(0, 65535, 200 * 300, dtype=np.uint16).reshape(200, 300)
    page = decode_image_bytes(_png(Image.fromarray(arr)))
    assert page.image.dtype == np.uint8 and page.image.shape == (200, 300, 3)
    assert page.image.max() >= 250 and page.image.min() <= 5


@pytest.mark.parametrize("mode", ["CMYK", "P", "RGBA", "LA", "1", "L"])
def test_other_modes_become_rgb(mode):
    src = doc("id_back").resize((400, 250))
    img = src.convert(mode)
    data = _jpeg(img) if mode == "CMYK" else _png(img)
    page = decode_image_bytes(data)
    assert page.image.shape == (250, 400, 3) and page.image.dtype == np.uint8


def test_alpha_is_composited_on_white():
    img = Image.new("RGBA", (100, 100), (255, 0, 0, 0))
    page = decode_image_bytes(_png(img))
    assert page.image.mean() > 250


def test_exif_rotation_tag_is_applied():
    img = doc("id_front")  # landscape
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 clockwise to display
    page = decode_image_bytes(_jpeg(img, exif=exif.tobytes()))
    h, w = page.image.shape[:2]
    assert (w, h) == (img.height, img.width)
    assert page.meta.exif_orientation == 6


def test_pdf_pages_are_all_rendered(tmp_path):
    pages = [doc("id_front"), doc("labour")]
    pages[0].save(tmp_path / "two.pdf", "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
    out = list(decode_file(tmp_path, "two.pdf"))
    assert [p.page for p in out] == [1, 2]
    assert out[1].image.shape[0] > out[1].image.shape[1]  # the A4 page is portrait


def test_broken_pdf_and_empty_file_are_unreadable(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(Unreadable, match="PDF"):
        list(decode_file(tmp_path, "bad.pdf"))
    with pytest.raises(Unreadable, match="empty"):
        list(decode_file(tmp_path, "empty.jpg"))


def test_zip_members_are_listed_and_decoded(tmp_path):
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as zf:
        zf.writestr("scans/a.png", _png(doc("id_back").resize((500, 320))))
        zf.writestr("scans/b.jpg", _jpeg(doc("id_front").resize((500, 320))))
    sub = load_submission(tmp_path, "hz-talent")
    assert sub.files == ["bundle.zip!scans/a.png", "bundle.zip!scans/b.jpg"]
    assert len(list(decode_file(tmp_path, sub.files[1]))) == 1


def test_every_input_file_appears_in_the_report_even_when_unreadable(tmp_path):
    data = _jpeg(doc("id_front"))
    (tmp_path / "good.jpg").write_bytes(data)
    (tmp_path / "half.jpg").write_bytes(data[: len(data) // 3])
    (tmp_path / "tiny.png").write_bytes(_png(Image.new("RGB", (1, 1))))
    (tmp_path / "readme.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    report = check_submission(tmp_path, "hz-talent", stages="scan")
    status = {i.file: i.status for i in report.inputs}
    assert status == {"bad.zip": "unreadable", "good.jpg": "ok", "half.jpg": "unreadable", "readme.docx": "ignored",
                      "tiny.png": "unreadable"}
    codes = {(f.file, f.code) for f in report.findings}
    assert ("half.jpg", "SCAN_UNREADABLE") in codes and ("readme.docx", "FILE_UNSUPPORTED") in codes
    assert all(f.file in f.message_zh and f.file in f.message_en for f in report.findings)


def test_a_100_megapixel_jpeg_is_decoded_at_a_reduced_scale_and_checked():
    from pipeline.imageio import DRAFT_PIXELS
    from pipeline.quality import ScanContext, check_page

    big = doc("labour").resize((8400, 11880))  # about 100 megapixels
    data = _jpeg(big)
    page = decode_image_bytes(data)
    h, w = page.image.shape[:2]
    assert w * h <= DRAFT_PIXELS and page.meta.downscaled_from == (8400, 11880)
    found = {f.code: f.status for f in check_page(page.image, page.meta, ScanContext("big.jpg", 1))}
    assert found["SCAN_COLOUR"] == "pass" and found["SCAN_SKEW"] == "pass"
