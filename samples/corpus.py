"""Labelled corpus of scans and photos of every material type, with acquisition and defect variants.

    python -m samples.corpus OUT_DIR [--n 420] [--seed 7] [--workers 2] [--profile submission|varied]

Deterministic for a given seed and size. Writes the images and ``labels.jsonl``
(one JSON object per image): file, material, page, person, fields (ground
truth of what is printed), acquisition, defects, skew_deg, rotation, and
``expected``: the verdict each check should reach (``pass``/``fail``, or
``null`` where the defect makes the check moot).

People get several documents each (as in a real submission), so the
cross-document checks can be scored: in about one person in eight, one
document carries a different name (``name_mismatch`` in the labels).
"""

from __future__ import annotations

import argparse
import io
import json
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from samples import docgen as g
from samples.materials import MATERIALS, rand_name, rand_person

CHECKS = ["SCAN_COLOUR", "SCAN_EXPOSURE", "SCAN_CLARITY", "SCAN_SKEW", "SCAN_ORIENTATION", "SCAN_RESOLUTION",
          "SCAN_CROPPED", "SCAN_EDITED", "FORM_SEAL_MISSING", "FORM_INK", "FORM_FIELD_BLANK", "ID_NUMBER_INVALID"]
#: The skew the labels call acceptable; kept equal to rules/data/scan.yaml skew.max_abs_deg.
SKEW_OK_DEG = 1.5
DEFECTS = {  # defect -> weight
    "grayscale": 6, "bw": 3, "photocopy_in_colour": 4, "faded_colour": 4, "skew": 10, "rotation": 4,
    "blur_mild": 4, "blur_strong": 5, "motion_mild": 2, "motion_strong": 3, "over_exposed": 4, "under_exposed": 4,
    "glare": 2, "low_resolution": 3, "cropped": 3, "editor_resave": 4, "editor_tables_only": 2, "pasted_field": 2,
    "pasted_subtle": 2, "copy_move": 2, "invalid_id": 3, "shadow": 2,
}
CAMERA_SOFTWARE = [("Xiaomi", "Redmi Note 12", "MediaTek Camera Application"), ("Google", "Pixel 7", "HDR+ 1.0.641377693zd"),
                   ("Apple", "iPhone 14", "17.1.2"), ("HUAWEI", "ELS-AN00", "ELS-AN00 4.0.0.120(C00E116R2P3)"),
                   ("OPPO", "PFTM20", "MediaTek Camera Application")]
#: The XMP packet an iPhone writes into its JPEGs (its layout; the date is fixed).
IPHONE_XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0"><rdf:RDF '
              'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
              '<xmp:CreateDate>2026-11-20T10:31:05</xmp:CreateDate><xmp:CreatorTool>{version}</xmp:CreatorTool>'
              '<photoshop:DateCreated>2026-11-20T10:31:05</photoshop:DateCreated></rdf:Description></rdf:RDF>'
              '</x:xmpmeta>')
#: The XMP packet Photoshop writes: its name as the creator tool and in the history of the saves.
PHOTOSHOP_XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 9.1-c001"><rdf:RDF '
                 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
                 'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
                 'xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" '
                 'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmp:CreatorTool="{tool}" '
                 'photoshop:ColorMode="3"><xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved" '
                 'stEvt:softwareAgent="{tool}" stEvt:changed="/"/></rdf:Seq></xmpMM:History></rdf:Description>'
                 '</rdf:RDF></x:xmpmeta>')
SCANNER_SOFTWARE = ["Epson Scan 2", "Canon MF Scan Utility", "HP Scan", "ScanSnap Home", None, None]
EDITORS = ["Adobe Photoshop 25.1 (Windows)", "Adobe Photoshop CC 2019 (Macintosh)", "GIMP 2.10.36", "Meitu", "PicsArt",
           "Snapseed 2.0"]
#: Materials that print no name of the applicant (a business licence names its company and legal representative).
NO_APPLICANT_NAME = {"business_licence", "graduation_cover", "id_card_back"}
WITH_ID = {"id_card_front", "application_form", "social_insurance_certificate", "residence_notice", "hukou_page",
           "tax_certificate", "sh_residence_permit", "zj_residence_permit", "vocational_certificate"}


@dataclass
class Label:
    file: str
    material: str
    person: str
    page: int = 1
    fields: dict = field(default_factory=dict)
    acquisition: dict = field(default_factory=dict)
    defects: list = field(default_factory=list)
    skew_deg: float = 0.0
    rotation: int = 0
    name_mismatch: bool = False
    expected: dict = field(default_factory=dict)


# ------------------------------------------------------------ acquisition
#: A glare defect is labelled a failure when it fades (to at least halfway to white) print darker than
#: GLARE_INK_LEVEL over at least GLARE_MIN_FADED_SHARE of a square character's area (about one character's strokes).
GLARE_INK_LEVEL, GLARE_MIN_FADED_SHARE = 110, 0.2


def _bgr(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))[:, :, ::-1].copy()


def _pil(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)[:, :, ::-1])


def _rotate_points(pts: np.ndarray, angle: float, before: tuple[int, int], after: tuple[int, int]) -> np.ndarray:
    """Where points land when an image of size ``before`` is turned counter-clockwise by ``angle`` degrees and
    expanded to ``after`` (as PIL's rotate(expand=True) does)."""
    a = np.deg2rad(angle)
    c = pts - np.array(before, np.float64) / 2
    x = c[:, 0] * np.cos(a) + c[:, 1] * np.sin(a)
    y = -c[:, 0] * np.sin(a) + c[:, 1] * np.cos(a)
    return np.stack([x, y], axis=1) + np.array(after, np.float64) / 2


def _corners(x: float, y: float, w: float, h: float) -> np.ndarray:
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float64)


def scan(doc: Image.Image, rng: random.Random, angle: float) -> tuple[Image.Image, np.ndarray]:
    """A flatbed scan, and the document's four corners in it."""
    m = rng.randint(20, 60)
    bed = g.on_scanner_bed(doc, margin=m, bed=(246, 246, 244))
    corners = _corners(m, m, *doc.size)
    if not angle:
        return bed, corners
    out = g.rotate(bed, angle)
    return out, _rotate_points(corners, angle, bed.size, out.size)


#: Desks of the photos: half plain, half textured.
DESKS = (None, None, None, "wood", "fabric", "stone")


def desk_texture(kind: str | None, w: int, h: int, seed: int = 0) -> np.ndarray:
    """A desk's surface (BGR float32, h×w×3): ``wood`` (wavy grain), ``fabric`` (a fine weave), ``stone``
    (speckled granite), else plain grey."""
    rs = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)

    def noise(sigma: float) -> np.ndarray:
        return cv2.GaussianBlur(rs.normal(0, 1, (h, w)).astype(np.float32), (0, 0), sigma)

    if kind == "wood":
        grain = np.sin((yy + noise(25) * 400) / rs.uniform(6, 14) + xx * 0.002) * 22 + noise(1.0) * 8
        tone = np.float32(rs.choice([(60, 100, 150), (40, 70, 110), (90, 140, 190)]))
        return np.clip(tone + grain[:, :, None] * np.float32([0.6, 0.8, 1.0]), 0, 255)
    if kind == "fabric":
        weave = noise(1.2) * rs.uniform(40, 70) + np.sin(xx * 1.3) * np.sin(yy * 1.3) * 15
        return np.clip(np.float32(rs.choice([(120, 110, 100), (70, 60, 120), (60, 90, 60)])) + weave[:, :, None], 0, 255)
    if kind == "stone":
        level = np.full((h, w), rs.uniform(110, 170), np.float32)
        u = rs.random((h, w))
        level[u < 0.08], level[u > 0.95] = 40, 230
        return np.repeat(cv2.GaussianBlur(level, (0, 0), 1.0)[:, :, None], 3, axis=2)
    return np.full((h, w, 3), (90, 90, 95), np.float32)


def photo(doc: Image.Image, rng: random.Random, angle: float) -> tuple[Image.Image, dict]:
    """A phone photo: the page on a desk (plain or textured), slight perspective, uneven light, sensor noise (the
    capture facts, with the document's corners in the photo under ``corners``)."""
    w, h = doc.size
    pad = int(max(w, h) * rng.uniform(0.08, 0.18))
    bg = rng.choice([(120, 90, 60), (90, 90, 95), (200, 195, 185), (60, 55, 50), (150, 120, 90)])
    desk = rng.choice(DESKS)
    canvas = Image.new("RGB", (w + 2 * pad, h + 2 * pad), bg)
    canvas.paste(doc, (pad, pad))
    paper = Image.new("L", canvas.size, 0)
    paper.paste(255, (pad, pad, pad + w, pad + h))
    corners = _corners(pad, pad, w, h)
    if angle:
        before = canvas.size
        canvas = g.rotate(canvas, angle, fill=bg)
        paper = paper.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=0)
        corners = _rotate_points(corners, angle, before, canvas.size)
    arr = _bgr(canvas).astype(np.float32)
    if desk is not None:
        share = (np.asarray(paper, np.float32) / 255.0)[:, :, None]
        arr = arr * share + desk_texture(desk, arr.shape[1], arr.shape[0], rng.randint(0, 2**31)) * (1 - share)
    H, W = arr.shape[:2]
    j = 0.02 * min(W, H)
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    dst = src + np.float32([[rng.uniform(-j, j), rng.uniform(-j, j)] for _ in range(4)])
    M = cv2.getPerspectiveTransform(src, dst)
    arr = cv2.warpPerspective(arr, M, (W, H), borderMode=cv2.BORDER_REPLICATE)
    corners = cv2.perspectiveTransform(corners.astype(np.float32)[None], M)[0].astype(np.float64)
    line_angles = _mapped_line_angles(M, W, H, angle, w, h)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cx, cy = rng.uniform(0, W), rng.uniform(0, H)
    light = 1.04 - 0.22 * np.sqrt(((xx - cx) / W) ** 2 + ((yy - cy) / H) ** 2)
    warm = np.array(rng.choice([(1.0, 1.0, 1.0), (0.94, 0.98, 1.03), (1.03, 1.0, 0.96)]), np.float32)  # BGR gains
    arr = arr * light[:, :, None] * warm[None, None, :]
    arr = cv2.GaussianBlur(arr, (0, 0), 0.6)
    arr += np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(1.5, 4.0), arr.shape)
    make, model, software = rng.choice(CAMERA_SOFTWARE)
    return _pil(arr), {"make": make, "model": model, "software": software, "corners": corners, "desk": desk or "plain",
                       "skew_deg": round(float(np.mean(line_angles)), 2),
                       "perspective_deg": round(float(max(line_angles) - min(line_angles)), 2)}


def _mapped_line_angles(M: np.ndarray, W: int, H: int, angle: float, w: int, h: int) -> list[float]:
    """Skew (counter-clockwise positive) of the page's text lines after rotation by ``angle`` and the warp M.

    Lines at 20-80 % of the page height are mapped through the homography; their mean is the
    photo's true skew, their spread the keystone (perspective) the camera added.
    """
    a = np.deg2rad(angle)
    d = np.array([np.cos(a), -np.sin(a)])  # a text line's direction after the counter-clockwise rotation
    nrm = np.array([np.sin(a), np.cos(a)])  # down the page
    c = np.array([W / 2, H / 2])
    out = []
    for off in np.linspace(-0.3, 0.3, 5) * h:
        p = np.float32([[c + nrm * off - d * w / 3, c + nrm * off + d * w / 3]])
        q = cv2.perspectiveTransform(p, M)[0]
        dx, dy = q[1] - q[0]
        out.append(-float(np.degrees(np.arctan2(dy, dx))))
    return out


def encode(img: Image.Image, rng: random.Random, kind: str, exif: dict | None, quality: int | None = None,
           software: str | None = None, png: bool = False, preset: str | None = None) -> bytes:
    """Encode as a camera, scanner or editor would; ``preset`` is a Photoshop quality (Pillow's JpegPresets)."""
    buf = io.BytesIO()
    if png:
        img.save(buf, "PNG")
        return buf.getvalue()
    extra = {}
    if software and software.startswith("Adobe Photoshop"):
        # Photoshop records itself in XMP (creator tool, history); its Mac export here leaves EXIF's Software as
        # the camera wrote it, so that only XMP names the editor
        extra["xmp"] = PHOTOSHOP_XMP.format(tool=software).encode()
    elif exif and exif.get("make") == "Apple" and not software:
        # an iPhone's own XMP: the date taken in the photoshop: namespace, which names no editor
        extra["xmp"] = IPHONE_XMP.format(version=exif.get("software", "")).encode()
    ex = Image.Exif()
    if exif and exif.get("make"):
        ex[0x010F] = exif["make"]
        ex[0x0110] = exif["model"]
    exif_software = (exif or {}).get("software") if software and "Macintosh" in software else \
        software or (exif or {}).get("software")
    if exif_software:
        ex[0x0131] = exif_software
    q = preset or quality or (rng.randint(80, 94) if kind == "scan" else rng.randint(72, 92))
    img.save(buf, "JPEG", quality=q, exif=ex.tobytes() if len(ex) else b"", **extra)
    return buf.getvalue()


# ------------------------------------------------------------ defects
#: Font size of the smallest print of materials laid out otherwise than ``_font_px`` assumes, and the width of the
#: document it is set on (pixels of the rendered document). A graduation cover's smallest print (中华人民共和国教育部
#: 监制) is set at 40 px on its 1130 px, where 27 px was assumed: its low-resolution copies, meant to bring the print to
#: 9 px, kept it at 13-14 px, above the minimum and legible, yet labelled too small (a SCAN_RESOLUTION miss on seeds
#: 55, 111, 144 and 155). Only the low-resolution copy is sized by it: blur, shake and glare, labelled by their kind,
#: keep the sizes the measured corpora were made with.
SMALLEST_FONT_PX = {"graduation_cover": (40.0, 1130)}


def _font_px(doc: Image.Image, material: str | None = None) -> float:
    """Font size of the document's smallest ordinary print: 30 px per 1240 px of an A4 page, 38 px on a card."""
    if material in SMALLEST_FONT_PX:
        size, width = SMALLEST_FONT_PX[material]
        return size * doc.size[0] / width
    return 30 * doc.size[0] / 1240 if doc.size[0] > 1100 else 38.0


def has_colour(doc: Image.Image) -> bool:
    """Whether the rendered document itself has clearly coloured marks (seal, photo, coloured print) on ≥ 0.2% of it."""
    hsv = np.asarray(doc.convert("HSV"))
    return float(((hsv[:, :, 1] > 90) & (hsv[:, :, 2] > 60)).mean()) >= 0.002


def motion_blur(img: Image.Image, length: int, angle: float) -> Image.Image:
    k = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1.0
    M = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    k = cv2.warpAffine(k, M, (length, length))
    k /= k.sum()
    return _pil(cv2.filter2D(_bgr(img).astype(np.float32), -1, k))


def photocopy(doc: Image.Image, rng: random.Random) -> Image.Image:
    """A black-and-white photocopy: gray levels crushed, the seal turned gray, on tinted paper."""
    gray = np.asarray(doc.convert("L"), np.float32)
    gray = np.clip((gray - 60) * 1.5, 0, 255)
    tint = np.array(rng.choice([(238, 244, 250), (226, 238, 246), (232, 250, 236), (250, 246, 240)]), np.float32)  # BGR
    out = gray[:, :, None] / 255.0 * tint[None, None, :]
    return _pil(out)


def shadow(img: Image.Image, corners: np.ndarray, rng: random.Random, acq: dict) -> Image.Image:
    """A shadow over part of the photographed page (``corners``: the page in ``img``): the phone's or the hand's
    edge across 40-60 % of the page from a random side, or a hand's round shadow over its middle; the light there
    cut by 55-75 %, a soft penumbra. What it covers is recorded in ``acq``."""
    arr = _bgr(img).astype(np.float32)
    H, W = arr.shape[:2]
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    size = float(max(x1 - x0, y1 - y0))
    depth = rng.uniform(0.55, 0.75)
    if rng.random() < 0.6:
        theta = rng.uniform(0, 2 * np.pi)
        ux, uy = np.cos(theta), np.sin(theta)  # the shadow lies on the side the direction points to
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        reach = abs(ux) * (x1 - x0) / 2 + abs(uy) * (y1 - y0) / 2  # from the page's middle to its edge that way
        cover = rng.uniform(0.4, 0.6)
        offset = reach * (1 - 2 * cover)  # the edge's distance from the middle, towards the shadowed side
        d = (xx - cx) * ux + (yy - cy) * uy - offset
        lit = np.clip(0.5 - d / (rng.uniform(0.02, 0.06) * size), 0, 1)
        acq["shadow"] = {"kind": "edge", "cover": round(cover, 2), "depth": round(depth, 2)}
    else:
        cx = rng.uniform(x0 + 0.4 * (x1 - x0), x1 - 0.4 * (x1 - x0))
        cy = rng.uniform(y0 + 0.4 * (y1 - y0), y1 - 0.4 * (y1 - y0))
        rx, ry = rng.uniform(0.3, 0.4) * (x1 - x0), rng.uniform(0.3, 0.4) * (y1 - y0)
        r = np.sqrt(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2)
        lit = np.clip((r - 1) / 0.3 + 0.5, 0, 1)
        acq["shadow"] = {"kind": "hand", "depth": round(depth, 2)}
    return _pil(arr * (1 - depth * (1 - lit))[:, :, None])


def paste_field(img: Image.Image, rng: random.Random) -> Image.Image:
    """Cover part of the page with a re-rendered patch of different text (a pasted field)."""
    out = img.copy()
    W, H = out.size
    x, y = int(W * rng.uniform(0.15, 0.5)), int(H * rng.uniform(0.15, 0.6))
    w, h = int(W * 0.25), int(H * 0.05)
    patch = Image.new("RGB", (w, h), tuple(int(c) for c in np.asarray(out.crop((x, y, x + w, y + h))).reshape(-1, 3).max(0)))
    ImageDraw.Draw(patch).text((4, 2), rand_name(rng) + "学士学位", font=g.font(max(12, h - 10)), fill=g.INK)
    out.paste(patch, (x, y))
    return out


def paste_subtle(img: Image.Image, rng: random.Random) -> Image.Image:
    """Replace a strip of the captured image with re-rendered text whose background and noise match the surroundings."""
    arr = _bgr(img).astype(np.float32)
    H, W = arr.shape[:2]
    w, h = int(W * 0.22), max(16, int(H * 0.035))
    x, y = int(W * rng.uniform(0.2, 0.55)), int(H * rng.uniform(0.2, 0.7))
    region = arr[y:y + h, x:x + w]
    bg = np.median(region.reshape(-1, 3), axis=0)
    flat = region[np.abs(region - bg).sum(axis=2) < 30]
    sigma = float(flat.std()) if flat.size else 2.0
    patch = Image.new("RGB", (w, h), tuple(int(c) for c in bg[::-1]))
    ImageDraw.Draw(patch).text((3, 1), str(rng.randint(10**9, 10**10 - 1)), font=g.font(max(10, h - 8)), fill=g.INK)
    p = _bgr(patch).astype(np.float32) + np.random.default_rng(rng.randint(0, 2**31)).normal(0, sigma, (h, w, 3))
    arr[y:y + h, x:x + w] = cv2.GaussianBlur(p, (0, 0), 0.5)
    return _pil(arr)


def copy_move(img: Image.Image, rng: random.Random) -> Image.Image:
    out = img.copy()
    W, H = out.size
    w, h = int(W * 0.2), int(H * 0.08)
    x, y = int(W * rng.uniform(0.1, 0.6)), int(H * rng.uniform(0.1, 0.7))
    region = out.crop((x, y, x + w, y + h))
    out.paste(region, (min(W - w, x + int(W * 0.15)), min(H - h, y + int(H * 0.12))))
    return out


def wrong_id(p: g.Person, rng: random.Random) -> g.Person:
    good = p.id_number[17]
    bad = rng.choice([c for c in "0123456789X" if c != good])
    p.id_number = p.id_number[:17] + bad
    return p


# ------------------------------------------------------------ one image
def make_one(i: int, material: str, person_seed: int, name_override: str | None, defect: str | None, seed: int,
             out_dir: str) -> dict:
    rng = random.Random(seed * 1_000_003 + i)
    prng = random.Random(person_seed)
    person = rand_person(prng)
    if defect == "invalid_id":
        person = wrong_id(person, rng)
    if name_override:
        person.name = name_override
    doc, fields = MATERIALS[material](rng, person)
    expected = {c: "pass" for c in CHECKS}
    expected["ID_NUMBER_INVALID"] = "pass" if material in WITH_ID else None
    # a document that carries no colour at all (a form without its seal) cannot show whether it was captured in colour
    expected["SCAN_COLOUR"] = "pass" if has_colour(doc) else None
    form = fields.pop("_form", None)
    for check, ok in (("FORM_SEAL_MISSING", form and form["seal"]), ("FORM_INK", form and form["black_ink"]),
                      ("FORM_FIELD_BLANK", form and not form["blank"])):
        expected[check] = None if form is None else ("pass" if ok else "fail")
    kind = rng.choices(["scan", "photo", "messaging"], [0.5, 0.35, 0.15])[0]
    if defect == "shadow" and kind == "scan":
        kind = "photo"  # a shadow falls on a page photographed, not on a scanner's bed
    angle = round(rng.uniform(-0.3, 0.3), 2) if kind == "scan" else round(rng.uniform(-0.8, 0.8), 2)
    rotation = 0
    acq: dict = {"kind": kind}
    if defect == "faded_colour":
        doc = ImageEnhance.Color(doc).enhance(rng.uniform(0.25, 0.45))
    if defect == "photocopy_in_colour":
        doc = photocopy(doc, rng)
        expected["SCAN_COLOUR"] = "fail"
    if defect == "skew":
        angle = round(rng.choice([-1, 1]) * rng.uniform(0.5, 15.0), 2)
    if defect == "invalid_id":
        expected["ID_NUMBER_INVALID"] = "fail" if material in WITH_ID else None
    if defect in ("pasted_field", "copy_move"):
        doc = paste_field(doc, rng) if defect == "pasted_field" else copy_move(doc, rng)
        expected["SCAN_EDITED"] = "fail"
    if kind == "scan":
        img, corners = scan(doc, rng, angle)
        sw = rng.choice(SCANNER_SOFTWARE)
        acq["software"] = sw
        exif = {"software": sw} if sw else None
    else:
        img, exif = photo(doc, rng, angle)
        corners = exif.pop("corners")
        angle = exif.pop("skew_deg")
        acq["perspective_deg"] = exif.pop("perspective_deg")
        acq.update(exif)
    # the verdict follows the skew the capture really has (a photo's perspective adds to the applied angle)
    expected["SCAN_SKEW"] = "fail" if abs(angle) > SKEW_OK_DEG else "pass"
    if kind == "messaging":
        before = img.size
        img.thumbnail((1280, 1280), Image.LANCZOS)
        corners = corners * (img.size[0] / before[0])
        exif = None
        acq["stripped"] = True
    # defects applied to the captured image
    fpx = _font_px(doc) * img.size[0] / max(1, doc.size[0] + 80)
    if defect == "grayscale":
        img = g.to_grayscale_rgb(img, seed=rng.randint(0, 9999), cast=(rng.uniform(-4, 4), rng.uniform(-2, 2), rng.uniform(-4, 4)),
                                 noise=rng.uniform(1.5, 3.5))
        expected["SCAN_COLOUR"] = "fail"
    elif defect == "bw":
        bw = np.asarray(img.convert("L")) > rng.randint(140, 180)
        img = g.to_grayscale_rgb(Image.fromarray((bw * 255).astype(np.uint8)), seed=rng.randint(0, 9999), noise=1.0)
        expected["SCAN_COLOUR"] = "fail"
    elif defect == "rotation":
        rotation = rng.choice([90, 180, 270])
        img = img.rotate(rotation, expand=True)
        expected["SCAN_ORIENTATION"] = "fail"
        expected["SCAN_SKEW"] = None
    elif defect in ("blur_mild", "blur_strong"):
        sigma = fpx * (rng.uniform(0.02, 0.035) if defect == "blur_mild" else rng.uniform(0.12, 0.18))
        img = img.filter(ImageFilter.GaussianBlur(sigma))
        acq["blur_sigma"] = round(sigma, 2)
        expected["SCAN_CLARITY"] = "pass" if defect == "blur_mild" else "fail"
        if defect == "blur_strong":
            expected["SCAN_EXPOSURE"] = None  # heavy blur greys the ink: exposure is moot
    elif defect in ("motion_mild", "motion_strong"):
        length = max(3, int(fpx * (0.08 if defect == "motion_mild" else rng.uniform(0.35, 0.5))))
        img = motion_blur(img, length, rng.uniform(0, 180))
        acq["motion_px"] = length
        expected["SCAN_CLARITY"] = "pass" if defect == "motion_mild" else "fail"
        if defect == "motion_strong":
            expected["SCAN_EXPOSURE"] = None
    elif defect == "over_exposed":
        img = g.exposure(img, rng.uniform(0.35, 0.5), rng.uniform(150, 175))
        expected["SCAN_EXPOSURE"] = "fail"
        expected["SCAN_COLOUR"] = None
    elif defect == "under_exposed":
        img = g.exposure(img, rng.uniform(0.3, 0.42), rng.uniform(0, 10))
        expected["SCAN_EXPOSURE"] = "fail"
        expected["SCAN_COLOUR"] = None
    elif defect == "glare":
        arr = _bgr(img).astype(np.float32)
        H, W = arr.shape[:2]
        yy, xx = np.mgrid[0:H, 0:W]
        cx, cy, r = W * rng.uniform(0.3, 0.7), H * rng.uniform(0.3, 0.7), min(W, H) * rng.uniform(0.25, 0.35)
        spot = np.clip(1.4 - np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / r, 0, 1)[:, :, None]
        # the check is of glare that wipes out text (or a photo's face): print faded at least halfway to white,
        # about a character's strokes of it; a spot on blank paper hides nothing and is not scored either way
        faded = int(((arr.min(axis=2) < GLARE_INK_LEVEL) & (spot[..., 0] >= 0.5)).sum())
        acq["glare_faded_px"] = faded
        img = _pil(arr * (1 - spot) + 255 * spot)
        expected["SCAN_EXPOSURE"] = "fail" if faded >= GLARE_MIN_FADED_SHARE * fpx * fpx else None
    elif defect == "shadow":
        img = shadow(img, corners, rng, acq)
        expected["SCAN_EXPOSURE"] = "fail"
    elif defect == "low_resolution":
        # shrunk until the document's smallest print is about 9 px high (below resolution.min_text_height_px)
        factor = 9.0 / max(_font_px(doc, material) * img.size[0] / max(1, doc.size[0] + 80), 1)
        img = img.resize((max(32, int(img.size[0] * factor)), max(32, int(img.size[1] * factor))), Image.LANCZOS)
        expected["SCAN_RESOLUTION"] = "fail"
        expected["SCAN_CLARITY"] = None
        expected["SCAN_COLOUR"] = None  # a seal a few pixels wide is no evidence either way
    elif defect == "cropped":
        # the image edge cuts through the document: 8-20 % of the document's extent on that side is lost
        W, H = img.size
        side = rng.choice(["left", "right", "top", "bottom"])
        cut = rng.uniform(0.08, 0.2)
        x0, y0 = corners.min(axis=0)
        x1, y1 = corners.max(axis=0)
        dx, dy = cut * (x1 - x0), cut * (y1 - y0)
        box = {"left": (int(max(0, x0) + dx), 0, W, H), "right": (0, 0, int(min(W, x1) - dx), H),
               "top": (0, int(max(0, y0) + dy), W, H), "bottom": (0, 0, W, int(min(H, y1) - dy))}[side]
        img = img.crop(box)
        acq["cropped"] = side
        acq["cut_fraction"] = round(cut, 3)
        expected["SCAN_CROPPED"] = "fail"
    elif defect == "pasted_subtle":
        img = paste_subtle(img, rng)
        expected["SCAN_EDITED"] = "fail"
    software, preset = None, None
    if defect == "editor_resave":
        software = rng.choice(EDITORS)
        acq["editor"] = software
        if software.startswith("Adobe Photoshop"):
            preset = rng.choice(["high", "maximum", "medium"])
        expected["SCAN_EDITED"] = "fail"
    elif defect == "editor_tables_only":  # Photoshop "Save for Web": metadata stripped, the editor's tables remain
        # (web_maximum writes all-ones tables, the same as any encoder at quality 100: not identifiable)
        preset = rng.choice(["web_high", "web_very_high", "web_medium"])
        exif = None
        acq["editor"] = f"Photoshop save-for-web ({preset})"
        expected["SCAN_EDITED"] = "fail"
    if defect == "grayscale" and rng.random() < 0.3:
        img = img.convert("L")  # some scanners save a true single-channel file
        acq["channels"] = 1
    png = kind == "scan" and rng.random() < 0.08 and defect not in ("editor_resave", "editor_tables_only")
    ext = ".png" if png else ".jpg"
    name = f"{i:05d}_{material}{ext}"
    if form is not None:
        acq["form"] = form
        if defect in {"grayscale", "bw", "photocopy_in_colour", "over_exposed", "glare", "shadow"}:
            expected["FORM_SEAL_MISSING"] = None  # the capture lost the seal's red: presence cannot be judged by colour
        if defect in {"grayscale", "bw", "photocopy_in_colour", "under_exposed", "shadow"}:
            expected["FORM_INK"] = None  # nor the pen's colour (SCAN_COLOUR / SCAN_EXPOSURE refuse such a capture)
        if defect in {"blur_strong", "motion_strong", "low_resolution", "over_exposed", "under_exposed", "shadow"}:
            # writing blurred, shrunk, washed out or darkened beyond reading, whole or in a shadow (SCAN_CLARITY /
            # SCAN_RESOLUTION / SCAN_EXPOSURE refuse the capture, and what is read from it is reported as possibly
            # misread): neither the pen's colour nor what is written in each field can be judged
            expected["FORM_INK"] = None
            expected["FORM_FIELD_BLANK"] = None
    data = encode(img, rng, kind, exif, software=software, png=png, preset=preset)
    (Path(out_dir) / name).write_bytes(data)
    label = Label(file=name, material=material, person=f"p{person_seed}", fields=fields, acquisition=acq,
                  defects=[defect] if defect else [], skew_deg=angle if rotation == 0 else 0.0, rotation=rotation,
                  name_mismatch=name_override is not None, expected=expected)
    return asdict(label)


PROFILES = {
    # a submission-like mix: every person has an ID card, a graduation certificate and the form, plus 1-2 others
    "submission": {"base": ["id_card_front", "graduation_certificate", "application_form"], "extra": (1, 2), "p_defect": 0.55},
    # many material types in few images (the committed slice): an ID card plus 2-3 others per person
    "varied": {"base": ["id_card_front"], "extra": (2, 3), "p_defect": 0.7},
}


def plan(n: int, seed: int, profile: str = "submission") -> list[tuple]:
    """What to render: (index, material, person seed, name override, defect), deterministic."""
    prof = PROFILES[profile]
    rng = random.Random(seed)
    types = list(MATERIALS)
    jobs, i, t = [], 0, 0
    defects, weights = list(DEFECTS), list(DEFECTS.values())
    while i < n:
        person_seed = rng.randint(0, 10**9)
        mats = list(prof["base"])
        for _ in range(rng.randint(*prof["extra"])):
            mats.append(types[t % len(types)])
            t += 1
        mismatch_at = rng.randrange(len(mats)) if rng.random() < 0.125 else None
        for k, m in enumerate(mats):
            if i >= n:
                break
            defect = rng.choices(defects, weights)[0] if rng.random() < prof["p_defect"] else None
            if defect == "invalid_id" and m not in WITH_ID:
                defect = None
            override = rand_name(rng) if k == mismatch_at else None
            if m in NO_APPLICANT_NAME:
                override = None  # nothing on it names the applicant: no mismatch to find (drawn all the same)
            jobs.append((i, m, person_seed, override, defect))
            i += 1
    return jobs


def generate(out_dir: Path, n: int = 420, seed: int = 7, workers: int = 2, profile: str = "submission") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = plan(n, seed, profile)
    args = [(i, m, ps, ov, d, seed, str(out_dir)) for i, m, ps, ov, d in jobs]
    if workers > 1:
        with ProcessPoolExecutor(workers) as ex:
            labels = list(ex.map(_star, args, chunksize=4))
    else:
        labels = [_star(a) for a in args]
    path = out_dir / "labels.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for lab in labels:
            fh.write(json.dumps(lab, ensure_ascii=False) + "\n")
    return path


def _star(a):
    return make_one(*a)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Generate the labelled corpus.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=420, help="number of images (default 420)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile", choices=sorted(PROFILES), default="submission")
    args = ap.parse_args(argv)
    path = generate(args.out, args.n, args.seed, args.workers, args.profile)
    print(f"{args.n} images and {path}")


if __name__ == "__main__":
    main()
