"""Render realistic fake materials (PIL, CJK fonts) and apply acquisition defects.

Used by the sample generator (``samples/generate.py``) and by the tests for
synthetic images. Every person, number and organisation here is invented.
Fonts come from Debian's ``fonts-wqy-microhei`` (print) and
``fonts-arphic-ukai`` (handwriting-like fill), installed by ``make setup``.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/truetype/arphic")]
PRINT_FONT = "wqy-microhei.ttc"
HAND_FONT = "ukai.ttc"

INK = (25, 25, 30)
RED = (205, 30, 35)


def font_path(name: str) -> Path:
    for d in FONT_DIRS:
        if (d / name).is_file():
            return d / name
    raise FileNotFoundError(
        f"font {name} not found in {', '.join(map(str, FONT_DIRS))}; run `make setup` "
        "(installs Debian's fonts-wqy-microhei and fonts-arphic-ukai)"
    )


_font_cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def font(size: int, hand: bool = False) -> ImageFont.FreeTypeFont:
    key = (HAND_FONT if hand else PRINT_FONT, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(str(font_path(key[0])), size)
    return _font_cache[key]


# ------------------------------------------------------------ identity data
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def make_id_number(area: str, birth: tuple[int, int, int], seq: int, male: bool) -> str:
    y, m, d = birth
    seq3 = seq % 1000
    if (seq3 % 2 == 1) != male:
        seq3 = (seq3 + 1) % 1000
    first = f"{area}{y:04d}{m:02d}{d:02d}{seq3:03d}"
    return first + id_check_char(first)


CN_DIGITS = "〇一二三四五六七八九"


def cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def cn_num(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")


def cn_date(y: int, m: int, d: int | None = None) -> str:
    s = f"{cn_year(y)}年{cn_num(m)}月"
    return s + (f"{cn_num(d)}日" if d else "")


@dataclass
class Person:
    name: str
    male: bool
    birth: tuple[int, int, int]
    ethnicity: str
    address: str
    id_number: str
    issuer: str
    valid_from: tuple[int, int, int]
    valid_to: tuple[int, int, int] | None  # None = 长期

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"


def make_person(name: str, male: bool, birth: tuple[int, int, int], area: str, address: str, issuer: str,
                seq: int = 123, ethnicity: str = "汉") -> Person:
    y = birth[0] + 22
    return Person(name, male, birth, ethnicity, address, make_id_number(area, birth, seq, male), issuer,
                  (y, birth[1], birth[2]), (y + 20, birth[1], birth[2]))


@dataclass
class Education:
    school: str
    school_code: str
    major: str
    level: str  # 本科 / 专科 / 硕士研究生
    years: int
    start: tuple[int, int]
    end: tuple[int, int]
    full_time: bool = True
    serial: int = 1234

    @property
    def certificate_number(self) -> str:
        level_code = {"博士研究生": "01", "硕士研究生": "02", "本科": "05", "专科": "06"}[self.level]
        kind = "1" if self.full_time else "5"
        return f"{self.school_code}{kind}{self.end[0]}{level_code}{self.serial:06d}"


# ------------------------------------------------------------ drawing helpers
def _spaced(draw: ImageDraw.ImageDraw, xy, text: str, f, fill, spacing: int) -> None:
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=f, fill=fill)
        x += f.getlength(ch) + spacing


def _centered(draw: ImageDraw.ImageDraw, cx: int, y: int, text: str, f, fill=INK, spacing: int = 0) -> None:
    w = sum(f.getlength(ch) for ch in text) + spacing * (len(text) - 1)
    _spaced(draw, (cx - w / 2, y), text, f, fill, spacing)


def _wrap(draw, xy, text: str, f, width: int, fill=INK, line_gap: float = 1.6) -> int:
    x0, y = xy
    line = ""
    step = int(f.size * line_gap)
    for ch in text:
        if f.getlength(line + ch) > width:
            draw.text((x0, y), line, font=f, fill=fill)
            y += step
            line = ch
        else:
            line += ch
    if line:
        draw.text((x0, y), line, font=f, fill=fill)
        y += step
    return y


def paper(size: tuple[int, int], tint=(250, 249, 245), rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(0)
    arr = np.empty((size[1], size[0], 3), np.float32)
    arr[:] = tint
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 2.0, (size[1], size[0], 1))
    arr += noise
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def seal(draw_img: Image.Image, center: tuple[int, int], radius: int, org: str, title: str = "", alpha: float = 0.85,
         colour=RED) -> None:
    """A round red company seal: ring, star, organisation name along the arc."""
    layer = Image.new("RGBA", draw_img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = center
    col = colour + (int(255 * alpha),)
    w = max(3, radius // 18)
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=col, width=w)
    r2 = radius * 0.28
    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        rr = r2 if i % 2 == 0 else r2 * 0.4
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    d.polygon(pts, fill=col)
    fs = max(10, int(radius * 0.22))
    f = font(fs)
    n = len(org)
    span = math.radians(250)
    for i, ch in enumerate(org):
        ang = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        rr = radius - w - fs * 0.75
        x, y = cx + rr * math.cos(ang), cy + rr * math.sin(ang)
        glyph = Image.new("RGBA", (fs * 2, fs * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((fs * 0.5, fs * 0.4), ch, font=f, fill=col)
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        layer.alpha_composite(glyph, (int(x - fs), int(y - fs)))
    if title:
        ft = font(max(10, int(radius * 0.16)))
        d.text((cx - ft.getlength(title) / 2, cy + radius * 0.38), title, font=ft, fill=col)
    base = draw_img.convert("RGBA")
    base.alpha_composite(layer)
    draw_img.paste(base.convert("RGB"))


# ------------------------------------------------------------ documents
def id_card_front(p: Person, rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(1)
    W, H = 1012, 638
    img = paper((W, H), (236, 240, 246), rng)
    d = ImageDraw.Draw(img)
    # guilloche-like background bands
    for i in range(0, W, 6):
        c = (205 + int(25 * math.sin(i / 40)), 212, 232 - int(12 * math.cos(i / 55)))
        d.line([(i, 0), (i + 80, H)], fill=c, width=1)
    for r in range(60, 420, 14):  # pale rosette behind the text
        d.ellipse((300 - r, 330 - r // 2, 300 + r, 330 + r // 2), outline=(238, 214, 222), width=1)
    d.rounded_rectangle((2, 2, W - 3, H - 3), radius=36, outline=(190, 200, 215), width=3)
    lab, val = font(30), font(38)
    x0, xv = 80, 210
    d.text((x0, 80), "姓  名", font=lab, fill=(60, 110, 170))
    d.text((xv, 74), p.name, font=val, fill=INK)
    d.text((x0, 160), "性  别", font=lab, fill=(60, 110, 170))
    d.text((xv, 154), p.sex, font=val, fill=INK)
    d.text((xv + 120, 160), "民  族", font=lab, fill=(60, 110, 170))
    d.text((xv + 250, 154), p.ethnicity, font=val, fill=INK)
    y, m, dd = p.birth
    d.text((x0, 240), "出  生", font=lab, fill=(60, 110, 170))
    d.text((xv, 234), f"{y}  年  {m}  月  {dd}  日", font=val, fill=INK)
    d.text((x0, 320), "住  址", font=lab, fill=(60, 110, 170))
    _wrap(d, (xv, 314), p.address, val, 440, line_gap=1.3)
    d.text((x0, 520), "公民身份号码", font=lab, fill=(60, 110, 170))
    _spaced(d, (320, 512), p.id_number, font(44), INK, 4)
    # colour photo: white background, skin, dark hair and clothes
    px, py = 690, 90
    d.rectangle((px, py, px + 250, py + 320), fill=(246, 247, 250))
    d.pieslice((px + 20, py + 200, px + 230, py + 440), 180, 360, fill=(40, 45, 60))
    d.ellipse((px + 68, py + 40, px + 182, py + 190), fill=(226, 186, 160))
    d.chord((px + 62, py + 30, px + 188, py + 130), 180, 360, fill=(30, 25, 25))
    return img


def id_card_back(p: Person, rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(2)
    W, H = 1012, 638
    img = paper((W, H), (238, 242, 247), rng)
    d = ImageDraw.Draw(img)
    for i in range(0, H, 5):
        d.line([(0, i), (W, i + 30)], fill=(215, 225, 238), width=1)
    d.rounded_rectangle((2, 2, W - 3, H - 3), radius=36, outline=(190, 200, 215), width=3)
    # the national emblem stand-in: red disc with gold star
    d.ellipse((70, 60, 230, 220), fill=(200, 30, 40))
    d.regular_polygon((150, 140, 50), 5, fill=(245, 200, 60))
    _centered(d, 620, 80, "中华人民共和国", font(52), INK, 8)
    _centered(d, 620, 170, "居民身份证", font(74), INK, 18)
    lab, val = font(30), font(34)
    d.text((190, 430), "签发机关", font=lab, fill=INK)
    d.text((360, 426), p.issuer, font=val, fill=INK)
    d.text((190, 510), "有效期限", font=lab, fill=INK)
    a = p.valid_from
    b = f"{p.valid_to[0]}.{p.valid_to[1]:02d}.{p.valid_to[2]:02d}" if p.valid_to else "长期"
    d.text((360, 506), f"{a[0]}.{a[1]:02d}.{a[2]:02d}-{b}", font=val, fill=INK)
    return img


def graduation_certificate(p: Person, e: Education, rng: random.Random | None = None,
                           principal: str = "王建国") -> Image.Image:
    rng = rng or random.Random(3)
    W, H = 1600, 1130
    img = paper((W, H), (252, 250, 243), rng)
    d = ImageDraw.Draw(img)
    d.rectangle((30, 30, W - 30, H - 30), outline=(150, 110, 60), width=8)
    d.rectangle((52, 52, W - 52, H - 52), outline=(180, 140, 80), width=2)
    header = "普通高等学校" if e.full_time else "成人高等教育"
    _centered(d, W // 2, 110, header, font(40), INK, 12)
    _centered(d, W // 2, 170, "毕业证书", font(84), (150, 20, 20), 40)
    # photo
    d.rectangle((170, 360, 390, 640), fill=(225, 230, 236), outline=(120, 120, 120))
    d.ellipse((225, 400, 335, 520), fill=(125, 125, 130))
    f = font(38)
    y1, m1 = e.start
    y2, m2 = e.end
    by, bm, bd = p.birth
    body = (f"学生{p.name}，性别{p.sex}，{cn_date(by, bm, bd)}生，于{cn_date(y1, m1)}至{cn_date(y2, m2)}"
            f"在本校{e.major}专业{cn_num(e.years)}年制{e.level}学习，修完教学计划规定的全部课程，成绩合格，准予毕业。")
    _wrap(d, (470, 360), body, f, 980, line_gap=1.75)
    g = font(34)
    d.text((470, 830), f"校名：{e.school}", font=g, fill=INK)
    d.text((470, 890), f"校（院）长：{principal}", font=g, fill=INK)
    d.text((1050, 890), f"{cn_date(y2, m2, 30)}", font=g, fill=INK)
    d.text((170, 990), f"证书编号：{e.certificate_number}", font=font(30), fill=INK)
    seal(img, (1200, 860), 130, e.school, "")
    return img


def degree_certificate(p: Person, e: Education, degree: str = "工学学士", rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(4)
    W, H = 1600, 1130
    img = paper((W, H), (250, 250, 246), rng)
    d = ImageDraw.Draw(img)
    d.rectangle((30, 30, W - 30, H - 30), outline=(40, 70, 130), width=8)
    _centered(d, W // 2, 130, "学士学位证书", font(80), (30, 50, 110), 30)
    by, bm, bd = p.birth
    y2, m2 = e.end
    body = (f"{p.name}，{p.sex}，{cn_date(by, bm, bd)}生。在{e.school}{e.major}专业完成了本科学习计划，"
            f"业已毕业。经审核符合《中华人民共和国学位条例》的规定，授予{degree}学位。")
    _wrap(d, (420, 380), body, font(38), 1000, line_gap=1.75)
    d.text((420, 800), f"{e.school}学位评定委员会主席", font=font(34), fill=INK)
    d.text((1050, 880), cn_date(y2, m2, 30), font=font(34), fill=INK)
    d.text((170, 990), f"证书编号：{e.school_code}42{y2}{e.serial:06d}", font=font(30), fill=INK)
    seal(img, (1150, 820), 125, e.school + "学位评定委员会")
    return img


@dataclass
class FormData:
    person: Person
    education: Education
    employer: str
    phone: str = "13812345678"
    residence_address: str = "杭州市西湖区文三路90号"
    title: str = "无"
    hukou: str = ""
    with_seal: bool = True
    blank: set[str] = field(default_factory=set)
    ink: tuple[int, int, int] = (20, 20, 40)  # black ink, as the form requires


def application_form(fd: FormData, rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(5)
    W, H = 1240, 1754
    img = paper((W, H), (252, 252, 250), rng)
    d = ImageDraw.Draw(img)
    _centered(d, W // 2, 90, "浙江省引进人才居住证申请表", font(46), INK, 2)
    d.text((900, 170), "填表日期：    年   月   日", font=font(22), fill=INK)
    p, e = fd.person, fd.education
    y0, rh, x0, x1, xm, x2 = 210, 78, 80, 1160, 300, 620
    rows = [
        ("姓名", p.name, "性别", p.sex),
        ("出生年月", f"{p.birth[0]}年{p.birth[1]}月", "民族", p.ethnicity),
        ("身份证号码", p.id_number, None, None),
        ("学历", e.level, "毕业时间", f"{e.end[0]}年{e.end[1]}月"),
        ("毕业院校", e.school, None, None),
        ("所学专业", e.major, "专业技术职称", fd.title),
        ("户籍所在地", fd.hukou or p.address, None, None),
        ("现居住地址", fd.residence_address, None, None),
        ("工作单位", fd.employer, None, None),
        ("联系电话", fd.phone, None, None),
    ]
    hand = font(34, hand=True)
    labf = font(28)
    fill = fd.ink
    for i, (l1, v1, l2, v2) in enumerate(rows):
        y = y0 + i * rh
        d.rectangle((x0, y, x1, y + rh), outline=INK, width=2)
        d.line([(xm, y), (xm, y + rh)], fill=INK, width=2)
        d.text((x0 + 16, y + 24), l1, font=labf, fill=INK)
        if l1 not in fd.blank:
            d.text((xm + 20, y + 18), v1, font=hand, fill=fill)
        if l2:
            d.line([(x2 + 150, y), (x2 + 150, y + rh)], fill=INK, width=2)
            d.line([(x2 + 360, y), (x2 + 360, y + rh)], fill=INK, width=2)
            d.text((x2 + 170, y + 24), l2, font=font(24 if len(l2) > 4 else 28), fill=INK)
            if l2 not in fd.blank:
                d.text((x2 + 380, y + 18), v2, font=hand, fill=fill)
    y = y0 + len(rows) * rh
    d.rectangle((x0, y, x1, y + 340), outline=INK, width=2)
    d.line([(xm, y), (xm, y + 340)], fill=INK, width=2)
    d.text((x0 + 16, y + 150), "用人单位意见", font=labf, fill=INK)
    d.text((xm + 20, y + 30), "情况属实，同意申请。", font=hand, fill=fill)
    d.text((xm + 420, y + 270), "（盖章）    年   月   日", font=font(24), fill=INK)
    if fd.with_seal:
        seal(img, (xm + 560, y + 170), 120, fd.employer, "人事专用章" if rng.random() < 0.3 else "")
    y += 340
    d.rectangle((x0, y, x1, y + 220), outline=INK, width=2)
    d.line([(xm, y), (xm, y + 220)], fill=INK, width=2)
    d.text((x0 + 16, y + 90), "审核意见", font=labf, fill=INK)
    d.text((x0, y + 250), "注：本表一式一份，请用黑色墨水笔填写，字迹清楚。", font=font(22), fill=INK)
    return img


def labour_contract(p: Person, employer: str, start: tuple[int, int, int], years: int,
                    rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(6)
    W, H = 1240, 1754
    img = paper((W, H), (253, 253, 251), rng)
    d = ImageDraw.Draw(img)
    _centered(d, W // 2, 120, "劳动合同书", font(60), INK, 20)
    f = font(30)
    y = 300
    for line in [
        f"甲方（用人单位）：{employer}",
        "法定代表人：李明华",
        "地址：杭州市西湖区文一西路998号",
        f"乙方（劳动者）：{p.name}",
        f"居民身份证号码：{p.id_number}",
        "",
        "根据《中华人民共和国劳动合同法》及有关法律法规，甲乙双方经平等自愿、协商一致，签订本合同。",
        "第一条 合同期限",
        f"本合同为固定期限劳动合同，自{start[0]}年{start[1]}月{start[2]}日起至{start[0] + years}年{start[1]}月{start[2] - 1 or 1}日止。",
        "第二条 工作内容和工作地点",
        "乙方同意根据甲方工作需要，担任软件工程师岗位工作，工作地点为杭州市。",
        "第三条 劳动报酬",
        "甲方按月以货币形式支付乙方工资，每月十五日前发放。",
        "第四条 社会保险",
        "甲乙双方依法在杭州市参加社会保险，按时足额缴纳社会保险费。",
    ]:
        y = _wrap(d, (110, y), line, f, 1020, line_gap=1.7) if line else y + 30
    d.text((110, 1450), "甲方（盖章）：", font=f, fill=INK)
    d.text((680, 1450), "乙方（签字）：", font=f, fill=INK)
    d.text((870, 1440), p.name, font=font(40, hand=True), fill=(20, 20, 40))
    seal(img, (330, 1470), 120, employer, "合同专用章")
    return img


def fingerprint(img: Image.Image, center: tuple[int, int], rng: random.Random, colour=(190, 25, 40)) -> None:
    """A red ink fingerprint (手印) beside a signature: concentric broken ridges."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = center
    d.ellipse((cx - 34, cy - 42, cx + 34, cy + 42), fill=colour + (90,))
    for r in range(4, 42, 6):
        start = rng.randint(0, 90)
        d.arc((cx - r * 0.8, cy - r, cx + r * 0.8, cy + r), start, start + 300, fill=colour + (210,), width=4)
    base = img.convert("RGBA")
    base.alpha_composite(layer)
    img.paste(base.convert("RGB"))


def rental_contract(tenant: Person, landlord: str, address: str, start: tuple[int, int, int], months: int, rent: int,
                    rng: random.Random | None = None) -> Image.Image:
    rng = rng or random.Random(7)
    W, H = 1240, 1754
    img = paper((W, H), (253, 252, 249), rng)
    d = ImageDraw.Draw(img)
    _centered(d, W // 2, 120, "房屋租赁合同", font(60), INK, 16)
    f = font(30)
    end_y, end_m = start[0] + (start[1] - 1 + months) // 12, (start[1] - 1 + months) % 12 + 1
    y = 300
    for line in [
        f"出租方（甲方）：{landlord}",
        f"承租方（乙方）：{tenant.name}",
        f"乙方身份证号码：{tenant.id_number}",
        "",
        "甲乙双方经协商一致，就房屋租赁事宜订立本合同。",
        f"第一条 房屋坐落：{address}。",
        f"第二条 租赁期限：自{start[0]}年{start[1]}月{start[2]}日起至{end_y}年{end_m}月{start[2]}日止。",
        f"第三条 租金：每月人民币{rent}元，按季度支付。",
        "第四条 乙方应合理使用房屋，不得擅自改变房屋结构和用途。",
    ]:
        y = _wrap(d, (110, y), line, f, 1020, line_gap=1.7) if line else y + 30
    d.text((110, 1450), "甲方（签字）：", font=f, fill=INK)
    d.text((300, 1440), landlord, font=font(40, hand=True), fill=(20, 20, 40))
    d.text((680, 1450), "乙方（签字）：", font=f, fill=INK)
    d.text((870, 1440), tenant.name, font=font(40, hand=True), fill=(20, 20, 40))
    fingerprint(img, (520, 1470), rng)
    fingerprint(img, (1060, 1470), rng)
    return img


# ------------------------------------------------------------ acquisition and defects
def on_scanner_bed(doc: Image.Image, margin: int = 40, bed=(246, 246, 244)) -> Image.Image:
    """Place a document on a flatbed scan with a light margin around it."""
    W, H = doc.size
    out = Image.new("RGB", (W + 2 * margin, H + 2 * margin), bed)
    out.paste(doc, (margin, margin))
    return out


def rotate(img: Image.Image, angle_ccw: float, fill=(246, 246, 244)) -> Image.Image:
    """Turn the page counter-clockwise by ``angle_ccw`` degrees (negative = clockwise), expanding the canvas."""
    return img.rotate(angle_ccw, resample=Image.BICUBIC, expand=True, fillcolor=fill)


def to_grayscale_rgb(img: Image.Image, seed: int = 0, cast=(3.0, 1.0, -2.0), noise: float = 2.5) -> Image.Image:
    """A grayscale scan saved as 3-channel RGB, with a scanner's slight colour cast and chroma noise."""
    g = np.asarray(img.convert("L"), np.float32)
    rng = np.random.default_rng(seed)
    out = np.stack([g + cast[2], g + cast[1], g + cast[0]], axis=2)[:, :, ::-1]  # RGB order
    out = out + rng.normal(0, noise, out.shape)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def blur(img: Image.Image, radius: float) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(radius))


def exposure(img: Image.Image, gain: float, offset: float) -> Image.Image:
    arr = np.asarray(img, np.float32) * gain + offset
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def jpeg_bytes(img: Image.Image, quality: int = 88, software: str | None = None, exif_camera: bool = False) -> bytes:
    exif = Image.Exif()
    if exif_camera:
        exif[0x010F] = "Xiaomi"
        exif[0x0110] = "Redmi Note 12"
    if software:
        exif[0x0131] = software
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif.tobytes() if len(exif) else b"")
    return buf.getvalue()
