"""Every material type of the five procedures, rendered with varied fake data and ground-truth fields.

``MATERIALS[type](rng, person)`` returns ``(image, fields)``. The people,
numbers and organisations are invented; layouts and wording follow the real
documents closely enough for OCR and classification to be meaningful.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from PIL import Image, ImageDraw

from samples import docgen as g
from samples.docgen import INK, RED, font

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣瑶佳怡子涵梓轩雨桐思远博文嘉懿晨阳一鸣可馨浩然天佑若曦诗琪俊熙"
AREAS = [  # (area code, province/city prefix of the address, issuing police bureau)
    ("350102", "福建省福州市鼓楼区", "福州市公安局鼓楼分局"),
    ("340104", "安徽省合肥市蜀山区", "合肥市公安局蜀山分局"),
    ("360102", "江西省南昌市东湖区", "南昌市公安局东湖分局"),
    ("430103", "湖南省长沙市天心区", "长沙市公安局天心分局"),
    ("320106", "江苏省南京市鼓楼区", "南京市公安局鼓楼分局"),
    ("410105", "河南省郑州市金水区", "郑州市公安局金水分局"),
    ("510104", "四川省成都市锦江区", "成都市公安局锦江分局"),
    ("420106", "湖北省武汉市武昌区", "武汉市公安局武昌分局"),
    ("370102", "山东省济南市历下区", "济南市公安局历下分局"),
    ("330382", "浙江省温州市乐清市", "乐清市公安局"),
]
STREETS = ["人民路", "解放路", "中山路", "建设路", "和平路", "五四路", "长江路", "黄河路", "新华路", "文化路", "胜利路", "朝阳路"]
HZ_ADDR = ["杭州市西湖区文三路", "杭州市拱墅区莫干山路", "杭州市滨江区江南大道", "杭州市上城区解放路", "杭州市余杭区文一西路",
           "杭州市萧山区市心中路", "杭州市钱塘区义蓬街道江东大道", "杭州市临平区南苑街道人民大道"]
SH_ADDR = ["上海市浦东新区张江路", "上海市徐汇区漕溪北路", "上海市闵行区七莘路", "上海市杨浦区国定路", "上海市静安区共和新路"]
SCHOOLS = [("浙江科技大学", "10336"), ("浙江工商大学", "10353"), ("杭州电子科技大学", "10336"), ("浙江工业大学", "10337"),
           ("中国计量大学", "10356"), ("浙江理工大学", "10338"), ("杭州师范大学", "10346"), ("浙江财经大学", "10347"),
           ("浙江经贸职业技术学院", "12065"), ("杭州职业技术学院", "12863"), ("浙江机电职业技术学院", "12861")]
MAJORS = ["计算机科学与技术", "软件工程", "电子信息工程", "国际经济与贸易", "会计学", "市场营销", "机械设计制造及其自动化", "护理",
          "土木工程", "环境工程", "金融学", "法学", "汉语言文学", "数学与应用数学", "临床医学", "电气工程及其自动化"]
EMPLOYERS = ["杭州云栖数智科技有限公司", "杭州钱江电气集团有限公司", "浙江恒远物流有限公司", "杭州西溪软件有限公司", "浙江众联医疗器械有限公司",
             "杭州湖畔网络科技有限公司", "杭州之江建设工程有限公司", "浙江新安化工股份有限公司"]
OCCUPATIONS = ["电工", "焊工", "车工", "钳工", "数控车工", "汽车维修工", "育婴员", "养老护理员", "中式烹调师", "美发师", "电子商务师"]
VOC_LEVELS = [("五级", "初级工"), ("四级", "中级工"), ("三级", "高级工"), ("二级", "技师"), ("一级", "高级技师")]
TITLES = [("初级", "助理工程师"), ("中级", "工程师"), ("高级", "高级工程师"), ("中级", "经济师"), ("中级", "会计师"),
          ("初级", "助理会计师"), ("高级", "高级经济师"), ("中级", "主管护师")]


def rand_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def rand_person(rng: random.Random) -> g.Person:
    male = rng.random() < 0.5
    birth = (rng.randint(1975, 2003), rng.randint(1, 12), rng.randint(1, 28))
    area, prefix, issuer = rng.choice(AREAS)
    addr = f"{prefix}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
    if rng.random() < 0.5:
        addr += f"{rng.randint(1, 20)}幢{rng.randint(1, 6)}单元{rng.randint(101, 2505)}室"
    return g.make_person(rand_name(rng), male, birth, area, addr, issuer, seq=rng.randint(0, 999),
                         ethnicity=rng.choice(["汉"] * 9 + ["回", "满", "壮", "土家"]))


#: The latest graduation year the generator prints (before the corpus's reference date, 2026-11-23).
LAST_GRADUATION_YEAR = 2025


def rand_education(rng: random.Random, p: g.Person) -> g.Education:
    school, code = rng.choice(SCHOOLS)
    level = "专科" if "职业" in school else rng.choice(["本科"] * 4 + ["硕士研究生"])
    years = {"专科": 3, "本科": 4, "硕士研究生": 3}[level]
    start_y = p.birth[0] + (18 if level != "硕士研究生" else 22) + rng.randint(0, 2)
    start_y = min(start_y, LAST_GRADUATION_YEAR - years)  # an applicant has graduated already: no future dates
    return g.Education(school, code, rng.choice(MAJORS), level, years, (start_y, 9), (start_y + years, 6),
                       full_time=rng.random() < 0.9, serial=rng.randint(1, 999999))


def _d(t: tuple[int, int, int]) -> str:
    return f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"


def _rand_date(rng: random.Random, y0: int, y1: int) -> tuple[int, int, int]:
    return (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def _cn(t: tuple[int, int, int]) -> str:
    return f"{t[0]}年{t[1]}月{t[2]}日"


# ------------------------------------------------------------ generic renderers
@dataclass
class Style:
    size: tuple[int, int] = (1240, 1754)
    tint: tuple[int, int, int] = (252, 252, 249)
    border: tuple[int, int, int] | None = None
    title_colour: tuple[int, int, int] = INK
    title_size: int = 56


def titled_document(rng: random.Random, title: str, rows: list[tuple[str, str]], style: Style | None = None,
                    seal_org: str | None = None, subtitle: str | None = None, paragraphs: list[str] | None = None,
                    photo: bool = False, table: tuple[list[str], list[list[str]]] | None = None,
                    number: str | None = None) -> Image.Image:
    """A certificate or official letter: title, key-value rows, optional paragraphs, table, photo and seal."""
    st = style or Style()
    W, H = st.size
    img = g.paper((W, H), st.tint, rng)
    d = ImageDraw.Draw(img)
    if st.border:
        d.rectangle((24, 24, W - 24, H - 24), outline=st.border, width=6)
    scale = W / 1240
    y = int(110 * scale)
    g._centered(d, W // 2, y, title, font(int(st.title_size * scale)), st.title_colour, int(6 * scale))
    y += int(st.title_size * scale * 1.8)
    if subtitle:
        g._centered(d, W // 2, y, subtitle, font(int(26 * scale)), INK)
        y += int(60 * scale)
    if number:
        d.text((W - int(520 * scale), y), number, font=font(int(24 * scale)), fill=INK)
        y += int(60 * scale)
    x0 = int(120 * scale)
    f = font(int(30 * scale))
    if photo:
        px = W - int(360 * scale)
        d.rectangle((px, y, px + int(220 * scale), y + int(290 * scale)), fill=(240, 242, 246))
        d.ellipse((px + int(55 * scale), y + int(40 * scale), px + int(165 * scale), y + int(170 * scale)), fill=(226, 186, 160))
        d.pieslice((px + int(10 * scale), y + int(170 * scale), px + int(210 * scale), y + int(400 * scale)), 180, 360,
                   fill=(40, 45, 70))
    for k, v in rows:
        d.text((x0, y), f"{k}：{v}", font=f, fill=INK)
        y += int(f.size * 1.9)
    if paragraphs:
        y += int(20 * scale)
        for para in paragraphs:
            y = g._wrap(d, (x0, y), para, f, W - 2 * x0, line_gap=1.7)
    if table:
        head, body = table
        y += int(30 * scale)
        cw = (W - 2 * x0) // len(head)
        rh = int(44 * scale)
        tf = font(int(22 * scale))
        for r, row in enumerate([head] + body):
            if y + rh > H - int(260 * scale):
                break
            for c, cell in enumerate(row):
                d.rectangle((x0 + c * cw, y, x0 + (c + 1) * cw, y + rh), outline=INK, width=1)
                d.text((x0 + c * cw + 8, y + int(10 * scale)), cell, font=tf, fill=INK)
            y += rh
    if seal_org:
        seal_y = min(H - int(230 * scale), y + int(160 * scale))
        d.text((W - int(560 * scale), seal_y + int(40 * scale)), f"{seal_org}", font=font(int(26 * scale)), fill=INK)
        g.seal(img, (W - int(330 * scale), seal_y + int(40 * scale)), int(115 * scale), seal_org)
    return img


def card(rng: random.Random, title: str, rows: list[tuple[str, str]], tint: tuple[int, int, int],
         accent: tuple[int, int, int], photo: bool = True) -> Image.Image:
    """An ID-card-sized permit (85.6 × 54 mm at 300 dpi)."""
    W, H = 1012, 638
    img = g.paper((W, H), tint, rng)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((2, 2, W - 3, H - 3), radius=36, outline=accent, width=4)
    d.rectangle((0, 0, W, 110), fill=accent)
    g._centered(d, W // 2, 26, title, font(54), (255, 255, 255), 10)
    y = 150
    for k, v in rows:
        d.text((60, y), k, font=font(28), fill=accent)
        d.text((60 + font(28).getlength(k) + 24, y - 4), v, font=font(32), fill=INK)
        y += 72
    if photo:
        px, py = 760, 160
        d.rectangle((px, py, px + 200, py + 260), fill=(70, 120, 200))
        d.ellipse((px + 50, py + 30, px + 150, py + 150), fill=(226, 186, 160))
        d.pieslice((px + 10, py + 150, px + 190, py + 340), 180, 360, fill=(30, 30, 40))
    return img


# ------------------------------------------------------------ per material
Rendered = tuple[Image.Image, dict[str, str]]


def m_id_front(rng, p) -> Rendered:
    return g.id_card_front(p, rng), {"name": p.name, "sex": p.sex, "ethnicity": p.ethnicity, "birth_date": _d(p.birth),
                                     "address": p.address, "id_number": p.id_number}


def m_id_back(rng, p) -> Rendered:
    return g.id_card_back(p, rng), {"issuing_authority": p.issuer, "valid_from": _d(p.valid_from),
                                    "valid_to": _d(p.valid_to) if p.valid_to else "长期"}


def m_graduation(rng, p) -> Rendered:
    e = rand_education(rng, p)
    e.full_time = True if rng.random() < 0.85 else e.full_time
    img = g.graduation_certificate(p, e, rng, principal=rand_name(rng))
    return img, {"name": p.name, "sex": p.sex, "birth_date": _d(p.birth), "school": e.school, "major": e.major,
                 "level": e.level, "length_of_study": g.cn_num(e.years),
                 "study_period": f"{e.start[0]:04d}-{e.start[1]:02d}/{e.end[0]:04d}-{e.end[1]:02d}",
                 "school_type": "普通高等学校" if e.full_time else "成人高等教育", "certificate_number": e.certificate_number,
                 "date": f"{e.end[0]:04d}-{e.end[1]:02d}-30"}


def m_graduation_cover(rng, p) -> Rendered:
    W, H = 1130, 1600
    colour = rng.choice([(150, 25, 30), (25, 45, 100), (120, 20, 40)])
    img = Image.new("RGB", (W, H), colour)
    d = ImageDraw.Draw(img)
    gold = (222, 188, 110)
    d.rectangle((40, 40, W - 40, H - 40), outline=gold, width=5)
    d.ellipse((W // 2 - 130, 380, W // 2 + 130, 640), outline=gold, width=8)
    d.regular_polygon((W // 2, 510, 70), 5, fill=gold)
    g._centered(d, W // 2, 820, "毕业证书", font(120), gold, 30)
    g._centered(d, W // 2, 1030, "中华人民共和国教育部监制", font(40), gold, 6)
    return img, {}


def m_degree(rng, p) -> Rendered:
    e = rand_education(rng, p)
    e.level = "本科"
    degree = rng.choice(["工学学士", "管理学学士", "经济学学士", "理学学士", "文学学士"])
    return g.degree_certificate(p, e, degree, rng), {
        "name": p.name, "sex": p.sex, "birth_date": _d(p.birth), "school": e.school, "major": e.major, "degree": degree,
        "date": f"{e.end[0]:04d}-{e.end[1]:02d}-30", "certificate_number": f"{e.school_code}42{e.end[0]}{e.serial:06d}"}


def m_title(rng, p) -> Rendered:
    level, title = rng.choice(TITLES)
    number = f"{rng.choice(['浙', '苏', '皖'])}{rng.randint(2010, 2024)}{rng.randint(100000, 999999)}"
    date = _rand_date(rng, 2012, 2024)
    org = "浙江省人力资源和社会保障厅"
    specialty = rng.choice(MAJORS)
    body = "浙江省工程系列高级工程师评审委员会"
    rows = [("姓名", p.name), ("性别", p.sex), ("出生年月", f"{p.birth[0]}年{p.birth[1]}月"), ("资格名称", title),
            ("级别", level), ("专业", specialty), ("评审机构", body),
            ("批准日期", _cn(date))]
    img = titled_document(rng, "专业技术职务任职资格证书", rows, Style((1240, 1754), (250, 246, 236), (150, 40, 40), (150, 30, 30)),
                          seal_org=org, photo=True, number=f"证书编号：{number}")
    return img, {"name": p.name, "sex": p.sex, "birth_month": f"{p.birth[0]:04d}-{p.birth[1]:02d}", "title": title,
                 "level": level, "specialty": specialty, "issuing_body": body, "date": _d(date), "number": number}


def m_vocational(rng, p) -> Rendered:
    grade, name = rng.choice(VOC_LEVELS)
    occ = rng.choice(OCCUPATIONS)
    skill = rng.random() < 0.5
    title = "职业技能等级证书" if skill else "职业资格证书"
    number = f"S{rng.randint(10**15, 10**16 - 1)}" if skill else f"{rng.randint(10**13, 10**14 - 1)}"
    date = _rand_date(rng, 2015, 2024)
    rows = [("姓名", p.name), ("证件号码", p.id_number), ("职业（工种）", occ), ("职业技能等级", f"{grade}/{name}"),
            ("发证日期", _cn(date)), ("证书编号", number)]
    img = titled_document(rng, title, rows, Style((1240, 1754), (248, 250, 244), (30, 90, 60), (20, 80, 50)),
                          seal_org=rng.choice(["杭州市职业技能鉴定中心", "浙江省职业技能教学研究所"]), photo=True)
    return img, {"name": p.name, "id_number": p.id_number, "occupation": occ, "level": grade, "level_name": name,
                 "date": _d(date), "number": number}


def m_application_form(rng, p) -> Rendered:
    e = rand_education(rng, p)
    fd = g.FormData(p, e, rng.choice(EMPLOYERS), phone=f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
                    residence_address=f"{rng.choice(HZ_ADDR)}{rng.randint(1, 300)}号")
    fd.with_seal = rng.random() < 0.85
    if rng.random() < 0.15:
        fd.blank = {rng.choice(["联系电话", "现居住地址", "所学专业"])}
    if rng.random() < 0.12:
        fd.ink = rng.choice([(30, 60, 170), (20, 90, 200), (160, 30, 40)])  # blue or red pen instead of black
    form = {"seal": fd.with_seal, "blank": sorted(fd.blank), "black_ink": fd.ink == (20, 20, 40)}
    cells = {"name": p.name, "sex": p.sex, "birth_month": f"{p.birth[0]:04d}-{p.birth[1]:02d}", "ethnicity": p.ethnicity,
             "id_number": p.id_number, "education": e.level, "graduation_month": f"{e.end[0]:04d}-{e.end[1]:02d}",
             "school": e.school, "major": e.major, "title": fd.title, "hukou_address": fd.hukou or p.address,
             "residence_address": fd.residence_address, "employer": fd.employer, "phone": fd.phone}
    blanked = {"联系电话": "phone", "现居住地址": "residence_address", "所学专业": "major"}
    for label in fd.blank:  # a blank cell prints nothing
        cells.pop(blanked[label], None)
    return g.application_form(fd, rng), {**cells, "_form": form}


def m_labour(rng, p) -> Rendered:
    emp = rng.choice(EMPLOYERS)
    start = _rand_date(rng, 2018, 2025)
    years = rng.choice([1, 2, 3, 5])
    end = (start[0] + years, start[1], start[2] - 1 or 1)
    return g.labour_contract(p, emp, start, years, rng), {"employer": emp, "employee": p.name, "id_number": p.id_number,
                                                          "start": _d(start), "end": _d(end)}


def m_rental(rng, p) -> Rendered:
    addr = f"{rng.choice(HZ_ADDR)}{rng.randint(1, 300)}号{rng.randint(1, 20)}幢{rng.randint(101, 1802)}室"
    rent = rng.randrange(1500, 9000, 100)
    landlord = rand_name(rng)
    start = _rand_date(rng, 2021, 2025)
    months = rng.choice([12, 24, 36])
    end = (start[0] + (start[1] - 1 + months) // 12, (start[1] - 1 + months) % 12 + 1, start[2])
    return g.rental_contract(p, landlord, addr, start, months, rent, rng), {
        "landlord": landlord, "tenant": p.name, "id_number": p.id_number, "address": addr, "start": _d(start),
        "end": _d(end), "rent": str(rent)}


def m_property(rng, p) -> Rendered:
    addr = f"{rng.choice(HZ_ADDR)}{rng.randint(1, 300)}号{rng.randint(1, 30)}幢{rng.randint(101, 2802)}室"
    number = f"浙（{rng.randint(2016, 2024)}）杭州市不动产权第{rng.randint(10**6, 10**7 - 1):07d}号"
    area = f"{rng.randint(45, 180)}.{rng.randint(10, 99)}"
    share = rng.choice(["单独所有", "共同共有"])
    unit = f"330106{rng.randint(10**10, 10**11 - 1)}"
    rows = [("权利人", p.name), ("共有情况", share), ("坐落", addr),
            ("不动产单元号", unit), ("权利类型", "国有建设用地使用权/房屋所有权"),
            ("用途", "城镇住宅用地/住宅"), ("面积", f"房屋建筑面积{area}㎡")]
    img = titled_document(rng, "不动产权证书", rows, Style((1240, 1754), (248, 246, 238), (120, 90, 40), (120, 60, 20)),
                          seal_org="杭州市规划和自然资源局", number=number, subtitle="房屋所有权证")
    return img, {"owner": p.name, "address": addr, "number": number, "unit_number": unit, "area": area}


def m_social_insurance(rng, p) -> Rendered:
    emp = rng.choice(EMPLOYERS)
    y, m = rng.randint(2022, 2024), rng.randint(1, 12)
    rows_t, months, backpaid, gaps = [], 0, 0, 0
    for i in range(rng.randint(8, 18)):
        yy, mm = y + (m - 1 + i) // 12, (m - 1 + i) % 12 + 1
        state = rng.choices(["正常", "补缴", "未缴"], [0.85, 0.1, 0.05])[0]
        months += state == "正常"
        backpaid += state == "补缴"
        gaps += state == "未缴"
        base = rng.randrange(4500, 20000, 100)
        rows_t.append([f"{yy}{mm:02d}", emp[:8], str(base), "已缴" if state != "未缴" else "—", state])
    rows = [("姓名", p.name), ("公民身份号码", p.id_number), ("参保单位", emp), ("参保地", "杭州市")]
    img = titled_document(rng, "杭州市社会保险参保证明（个人）", rows, seal_org="杭州市社会保险事业管理中心",
                          table=(["缴费年月", "单位", "缴费基数", "养老", "缴费状态"], rows_t))
    return img, {"name": p.name, "id_number": p.id_number, "employer": emp, "city": "杭州市", "months_paid": str(months),
                 "months_backpaid": str(backpaid), "months_missing": str(gaps)}


def m_returnee_permit(rng, p) -> Rendered:
    number = f"杭留{rng.randint(2015, 2024)}{rng.randint(1000, 9999)}"
    country = rng.choice(["英国", "美国", "澳大利亚", "日本", "德国"])
    degree = rng.choice(["硕士", "博士"])
    employer = rng.choice(EMPLOYERS)
    rows = [("姓名", p.name), ("性别", p.sex), ("出生日期", _cn(p.birth)), ("留学国家", country),
            ("学位", degree), ("工作单位", employer), ("证书编号", number)]
    img = titled_document(rng, "杭州市留学回国人员工作证", rows, Style((1240, 1754), (246, 248, 252), (40, 70, 140), (30, 60, 130)),
                          seal_org="杭州市人力资源和社会保障局", photo=True)
    return img, {"name": p.name, "sex": p.sex, "birth_date": _d(p.birth), "country": country, "degree": degree,
                 "employer": employer, "number": number}


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(rng: random.Random) -> str:
    """A unified social credit code (GB 32100-2015) with a valid check character."""
    body = "91" + "330106" + "".join(rng.choice(USCC_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def m_business_licence(rng, p) -> Rendered:
    code = uscc(rng)
    name = rng.choice(EMPLOYERS)
    capital = rng.choice([50, 100, 200, 500, 1000])
    date = _rand_date(rng, 2005, 2023)
    address = f"{rng.choice(HZ_ADDR)}{rng.randint(1, 300)}号"
    rows = [("统一社会信用代码", code), ("名称", name), ("类型", "有限责任公司(自然人投资或控股)"), ("法定代表人", p.name),
            ("注册资本", f"{capital}万元人民币"), ("成立日期", _cn(date)), ("住所", address)]
    img = titled_document(rng, "营业执照", rows, Style((1754, 1240), (250, 248, 240), (170, 40, 40), (170, 30, 30), 80),
                          seal_org="杭州市市场监督管理局", subtitle="（副本）")
    return img, {"uscc": code, "name": name, "legal_representative": p.name, "capital": f"{capital}万元", "date": _d(date),
                 "address": address}


def m_capital_report(rng, p) -> Rendered:
    amount = rng.choice([300000, 500000, 800000, 1000000, 2000000])
    firm = rng.choice(["浙江天健会计师事务所", "杭州中信会计师事务所", "浙江正大会计师事务所"])
    company = rng.choice(EMPLOYERS)
    paras = [f"{company}全体股东：",
             f"我们接受委托，审验了贵公司截至{_cn(_rand_date(rng, 2018, 2024))}止申请设立登记的注册资本实收情况。",
             f"经我们审验，截至该日止，贵公司已收到股东{p.name}缴纳的注册资本（实收资本）合计人民币{amount}元，以货币出资。"]
    img = titled_document(rng, "验资报告", [("报告文号", f"{firm[:4]}验字〔{rng.randint(2018, 2024)}〕{rng.randint(10, 999)}号")],
                          seal_org=firm, paragraphs=paras)
    return img, {"investor": p.name, "amount": str(amount), "company": company}


def m_residence_notice(rng, p) -> Rendered:
    addr = f"{rng.choice(HZ_ADDR)}{rng.randint(1, 300)}号"
    date = _rand_date(rng, 2021, 2025)
    station = rng.choice(["杭州市公安局西湖区分局文新派出所", "杭州市公安局拱墅区分局米市巷派出所", "杭州市公安局滨江区分局长河派出所"])
    rows = [("姓名", p.name), ("公民身份号码", p.id_number), ("居住地址", addr), ("居住登记日期", _cn(date)), ("登记机关", station)]
    paras = ["您的居住登记信息已录入，居住证办理进度请通过浙里办APP查询。请妥善保管本告知单。"]
    img = titled_document(rng, "居住证信息告知单", rows, seal_org=station[-5:] if len(station) > 5 else station,
                          paragraphs=paras)
    return img, {"name": p.name, "id_number": p.id_number, "address": addr, "date": _d(date), "authority": station}


def m_hukou(rng, p) -> Rendered:
    relation = rng.choice(["户主", "子", "女", "妻"])
    rows = [("姓名", p.name), ("户主或与户主关系", relation), ("性别", p.sex),
            ("出生地", p.address[:6]), ("民族", p.ethnicity), ("出生日期", _cn(p.birth)), ("公民身份号码", p.id_number),
            ("文化程度", rng.choice(["大学本科", "大学专科", "研究生"])), ("何时由何地迁来本址", "")]
    education = rows[7][1]
    img = titled_document(rng, "常住人口登记卡", rows, Style((1240, 1754), (246, 244, 236), (120, 120, 120), INK),
                          seal_org=p.issuer + "户口专用章")
    return img, {"name": p.name, "id_number": p.id_number, "birth_date": _d(p.birth), "sex": p.sex, "ethnicity": p.ethnicity,
                 "relation": relation, "birthplace": p.address[:6], "education": education}


def m_marriage(rng, p) -> Rendered:
    spouse = rand_person(rng)
    date = _rand_date(rng, 2008, 2025)
    number = f"J{p.id_number[:6]}-{date[0]}-{rng.randint(1, 99999):05d}"
    rows = [("持证人", p.name), ("登记日期", _cn(date)), ("结婚证字号", number), ("姓名", p.name), ("性别", p.sex),
            ("国籍", "中国"), ("身份证件号", p.id_number), ("姓名", spouse.name), ("性别", spouse.sex), ("身份证件号", spouse.id_number)]
    img = titled_document(rng, "结婚证", rows, Style((1240, 1754), (250, 240, 238), (190, 40, 50), (190, 30, 40), 80),
                          seal_org=f"{p.address[:3]}民政局婚姻登记专用章"[:12], photo=True)
    return img, {"holder": p.name, "date": _d(date), "number": number, "id_number": p.id_number, "spouse": spouse.name,
                 "spouse_id_number": spouse.id_number}


def m_tax(rng, p) -> Rendered:
    y = rng.randint(2021, 2024)
    rows_t, total = [], 0
    for mm in range(1, rng.randint(6, 12) + 1):
        tax = rng.randrange(0, 3000, 10)
        total += tax
        rows_t.append([f"{y}{mm:02d}", "工资薪金所得", f"{tax:.2f}", "国家税务总局杭州市税务局"])
    rows = [("纳税人名称", p.name), ("纳税人识别号", p.id_number), ("税款所属期", f"{y}-01-01至{y}-12-31")]
    img = titled_document(rng, "中华人民共和国个人所得税完税证明", rows, seal_org="国家税务总局杭州市税务局",
                          table=(["所属期", "所得项目", "实缴税额", "入库机关"], rows_t))
    return img, {"name": p.name, "id_number": p.id_number, "period": f"{y}-01-01/{y}-12-31", "months": str(len(rows_t)),
                 "total_tax": f"{total:.2f}"}


def m_sh_permit(rng, p) -> Rendered:
    number = f"310{rng.randint(10**14, 10**15 - 1)}"
    valid = _rand_date(rng, 2025, 2029)
    address = rng.choice(SH_ADDR)[3:] + f"{rng.randint(1, 999)}号"
    rows = [("姓名", p.name), ("性别", p.sex), ("公民身份号码", p.id_number), ("居住地址", address),
            ("有效期限", f"至{_cn(valid)}")]
    img = card(rng, "上海市居住证", rows, (232, 242, 250), (30, 90, 160))
    return img, {"name": p.name, "sex": p.sex, "id_number": p.id_number, "address": address, "valid_to": _d(valid)}


def m_zj_permit(rng, p) -> Rendered:
    valid = _rand_date(rng, 2025, 2029)
    address = rng.choice(HZ_ADDR)[3:] + f"{rng.randint(1, 300)}号"
    rows = [("姓名", p.name), ("性别", p.sex), ("公民身份号码", p.id_number), ("居住地址", address),
            ("签注有效期", f"至{_cn(valid)}")]
    img = card(rng, "浙江省居住证", rows, (236, 248, 240), (20, 120, 80))
    return img, {"name": p.name, "sex": p.sex, "id_number": p.id_number, "address": address, "valid_to": _d(valid)}


MATERIALS: dict[str, Callable[[random.Random, g.Person], Rendered]] = {
    "id_card_front": m_id_front,
    "id_card_back": m_id_back,
    "graduation_certificate": m_graduation,
    "graduation_cover": m_graduation_cover,
    "degree_certificate": m_degree,
    "title_certificate": m_title,
    "vocational_certificate": m_vocational,
    "application_form": m_application_form,
    "labour_contract": m_labour,
    "rental_contract": m_rental,
    "property_certificate": m_property,
    "social_insurance_certificate": m_social_insurance,
    "returnee_work_permit": m_returnee_permit,
    "business_licence": m_business_licence,
    "capital_verification_report": m_capital_report,
    "residence_notice": m_residence_notice,
    "hukou_page": m_hukou,
    "marriage_certificate": m_marriage,
    "tax_certificate": m_tax,
    "sh_residence_permit": m_sh_permit,
    "zj_residence_permit": m_zj_permit,
}
