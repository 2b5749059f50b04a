"""Decode input files into page images (BGR uint8) with the metadata the checks need.

Images are opened with Pillow: the EXIF orientation is applied, 16-bit, CMYK,
palette, alpha and 1-bit images are converted to 8-bit RGB, and anything that
cannot be decoded raises :class:`Unreadable` with a reason a person can act on.
PDF pages are rendered with pypdfium2.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | PDF_SUFFIXES

#: Decoding refuses images above this many pixels (a decompression bomb or a
#: useless 100-megapixel scan); the finding says so instead of exhausting memory.
MAX_PIXELS = 120_000_000
#: Smallest side that can hold a readable document at all.
MIN_SIDE = 32
#: Larger JPEGs are decoded at a reduced scale (Pillow's draft mode: 1/2, 1/4 or 1/8 in the decoder itself),
#: which keeps time and memory bounded; no check needs more pixels than this.
DRAFT_PIXELS = 40_000_000
#: PDF pages are rendered at this resolution.
PDF_DPI = 200

Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False


class Unreadable(Exception):
    """The file (or one page of it) cannot be turned into an image; str() is the reason."""


@dataclass
class ImageMeta:
    format: str = ""
    mode: str = ""
    software: list[str] = field(default_factory=list)
    """Every tool name the file's metadata mentions (EXIF Software, XMP, IPTC, comments)."""
    quantization: dict[int, list[int]] | None = None
    exif_orientation: int | None = None
    dpi: float | None = None
    downscaled_from: tuple[int, int] | None = None  # original size, when decoded at a reduced scale


@dataclass
class DecodedPage:
    page: int
    image: np.ndarray  # BGR uint8, H x W x 3
    meta: ImageMeta


#: XMP properties that name the software that wrote or changed the file: xmp:CreatorTool (xap: in old packets),
#: tiff:Software, the history's stEvt:softwareAgent, pdf:Producer. Only their values are tool names: a packet's
#: other text is not (a phone's XMP uses the photoshop: namespace for the date a photo was taken).
XMP_TOOL_PROPERTIES = ("CreatorTool", "Software", "softwareAgent", "Producer")
_XMP_TOOL = re.compile(r"(?:[\w.-]+:)?(?:%s)"  # prefix:Property, then ="value", ='value' or >value<
                       r"(?:\s*=\s*\"([^\"]*)\"|\s*=\s*'([^']*)'|>\s*(?:<rdf:Alt>\s*<rdf:li[^>]*>)?([^<]*))"
                       % "|".join(XMP_TOOL_PROPERTIES))


def xmp_tools(packet: str) -> list[str]:
    """The software names an XMP packet records (``XMP_TOOL_PROPERTIES``), attribute or element form."""
    return [v.strip() for m in _XMP_TOOL.finditer(packet) for v in m.groups() if v and v.strip()]


def _metadata(img: Image.Image) -> ImageMeta:
    meta = ImageMeta(format=img.format or "", mode=img.mode)
    names: list[str] = []
    try:
        exif = img.getexif()
        for tag in (0x0131, 0x013B, 0x8298, 0x010E):  # Software, Artist, Copyright, ImageDescription
            val = exif.get(tag)
            if val:
                names.append(val.decode("utf-8", "replace") if isinstance(val, bytes) else str(val))
        if exif.get(0x000B):  # ProcessingSoftware
            names.append(str(exif[0x000B]))
        meta.exif_orientation = exif.get(0x0112)
    except Exception:  # malformed EXIF must not stop the page
        pass
    for key in ("xmp", "XML:com.adobe.xmp", "comment", "Software", "software", "Comment", "Description"):
        val = img.info.get(key)
        if val:
            text = val.decode("utf-8", "replace") if isinstance(val, bytes) else str(val)
            names += xmp_tools(text) if key in ("xmp", "XML:com.adobe.xmp") else [text]
    try:
        from PIL import IptcImagePlugin

        iptc = IptcImagePlugin.getiptcinfo(img) or {}
        for (rec, ds), val in iptc.items():
            if rec == 2 and ds in (65, 70):  # OriginatingProgram, ProgramVersion
                names.append(val.decode("utf-8", "replace") if isinstance(val, bytes) else str(val))
    except Exception:
        pass
    meta.software = names
    q = getattr(img, "quantization", None)
    if q:
        meta.quantization = {int(k): list(v) for k, v in q.items()}
    dpi = img.info.get("dpi")
    if dpi:
        try:
            meta.dpi = float(dpi[0])
        except (TypeError, ValueError, IndexError):
            pass
    return meta


def _to_rgb8(img: Image.Image) -> Image.Image:
    """Any Pillow mode to 8-bit RGB: 16-bit scaled down, CMYK and palette converted, alpha on white."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(img, dtype=np.float64)
        hi = arr.max() if arr.size else 1.0
        scale = 255.0 / (65535.0 if hi > 255 else max(hi, 1.0))
        return Image.fromarray(np.clip(arr * scale, 0, 255).astype(np.uint8), "L").convert("RGB")
    if img.mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) / (hi - lo or 1.0) * 255.0
        return Image.fromarray(arr.astype(np.uint8), "L").convert("RGB")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if img.mode != "RGB":
        return img.convert("RGB")
    return img


def _check_size(w: int, h: int) -> None:
    if w * h > MAX_PIXELS:
        raise Unreadable(f"image is {w}×{h} ({w * h / 1e6:.0f} megapixels), more than the {MAX_PIXELS / 1e6:.0f} accepted")
    if min(w, h) < MIN_SIDE:
        raise Unreadable(f"image is only {w}×{h} pixels, too small to hold a readable document")


def decode_image_bytes(data: bytes, name: str = "") -> DecodedPage:
    try:
        img = Image.open(io.BytesIO(data))
        _check_size(*img.size)
        meta = _metadata(img)
        w, h = img.size
        if img.format == "JPEG" and w * h > DRAFT_PIXELS:
            f = next(f for f in (2, 4, 8, 16) if (w // f) * (h // f) <= DRAFT_PIXELS or f == 16)
            img.draft(img.mode, (w // f, h // f))  # the decoder picks the 1/f scale
            meta.downscaled_from = (w, h)
        img.load()
        if getattr(img, "n_frames", 1) > 1:
            img.seek(0)
        img = ImageOps.exif_transpose(img) or img
        rgb = _to_rgb8(img)
    except Unreadable:
        raise
    except Image.DecompressionBombError as exc:
        raise Unreadable(f"image too large to decode safely ({exc})") from None
    except UnidentifiedImageError:
        raise Unreadable("not an image Pillow can identify (wrong extension or corrupt file)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        msg = str(exc)
        if "truncated" in msg or "broken data stream" in msg or "premature" in msg.lower():
            raise Unreadable(f"the file is truncated or damaged ({msg})") from None
        raise Unreadable(f"cannot decode image: {msg}") from None
    arr = np.asarray(rgb, dtype=np.uint8)[:, :, ::-1].copy()
    return DecodedPage(page=1, image=arr, meta=meta)


def count_pdf_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise Unreadable(f"not a readable PDF ({exc})") from None
    try:
        return len(pdf)
    finally:
        pdf.close()


def decode_pdf_bytes(data: bytes) -> Iterator[DecodedPage]:
    """Render every page; a page that fails raises Unreadable for that page only (via the iterator)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise Unreadable(f"not a readable PDF ({exc})") from None
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            w_pt, h_pt = page.get_size()
            scale = PDF_DPI / 72.0
            if w_pt * h_pt * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (w_pt * h_pt)) ** 0.5 * 0.99
            bitmap = page.render(scale=scale)
            pil = bitmap.to_pil().convert("RGB")
            page.close()
            arr = np.asarray(pil, dtype=np.uint8)[:, :, ::-1].copy()
            yield DecodedPage(page=i + 1, image=arr, meta=ImageMeta(format="PDF", mode="RGB", dpi=72.0 * scale))
    finally:
        pdf.close()


def read_bytes(root: Path, name: str) -> bytes:
    """Bytes of a submission file; ``a.zip!inner/b.jpg`` names a member of a zip bundle."""
    if "!" in name:
        outer, inner = name.split("!", 1)
        with zipfile.ZipFile(root / outer) as zf:
            return zf.read(inner)
    return (root / name).read_bytes()


def decode_file(root: Path, name: str) -> Iterator[DecodedPage]:
    """Yield the pages of one submission file (an image yields one page)."""
    try:
        data = read_bytes(root, name)
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise Unreadable(f"cannot read the file ({exc})") from None
    if not data:
        raise Unreadable("the file is empty (0 bytes)")
    suffix = Path(name.split("!")[-1]).suffix.lower()
    if suffix == ".zip":  # listed whole only when it could not be opened as a bundle
        raise Unreadable("not a readable zip bundle (damaged or not a zip file)")
    if suffix in PDF_SUFFIXES:
        yield from decode_pdf_bytes(data)
    else:
        yield decode_image_bytes(data, name)
