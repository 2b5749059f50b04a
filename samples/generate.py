"""Generate the bundled hz-talent sample submissions (deterministic).

    python -m samples.generate [--out samples/hz-talent]

Each submission folder holds the scans, a ``submission.yaml`` (procedure and the
data typed online) and an ``expected.yaml`` (the outcome the pipeline must reach
and why), which ``tests/test_samples.py`` holds the pipeline to.
The generated files are committed, so the demo needs no regeneration.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
from pathlib import Path

import yaml
from PIL import Image

from samples import docgen as g
from samples.materials import m_graduation_cover

HERE = Path(__file__).parent
EMPLOYER = "杭州云栖数智科技有限公司"


def _save_jpeg(img: Image.Image, path: Path, quality: int = 88, **kw) -> None:
    path.write_bytes(g.jpeg_bytes(img, quality, **kw))


def _save_pdf(pages: list[Image.Image], path: Path) -> None:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
    path.write_bytes(buf.getvalue())


def _write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _declared(p: g.Person, **kw) -> dict:
    base = {
        "name": p.name,
        "id_number": p.id_number,
        "region": "mainland",
        "hukou_in_hangzhou_city_area": False,
        "residence_district": "西湖区",
        "insurance_district": "西湖区",
        "residence_registered": True,
        "employer": EMPLOYER,
        "housing": "rent_private",
    }
    base.update(kw)
    return base


def eligible_bachelor(out: Path) -> None:
    rng = random.Random(11)
    p = g.make_person("林晓峰", True, (1997, 5, 14), "350102", "福建省福州市鼓楼区五四路128号", "福州市公安局鼓楼分局", 271)
    e = g.Education("浙江科技大学", "10336", "计算机科学与技术", "本科", 4, (2015, 9), (2019, 6), serial=4521)
    bed = g.on_scanner_bed
    _save_jpeg(bed(g.id_card_front(p, rng)), out / "01_身份证_人像面.jpg", exif_camera=True)
    _save_jpeg(bed(g.id_card_back(p, rng)), out / "02_身份证_国徽面.jpg", exif_camera=True)
    _save_jpeg(bed(m_graduation_cover(rng, p)[0]), out / "03_毕业证书_封面.jpg")
    _save_jpeg(bed(g.graduation_certificate(p, e, rng)), out / "03_毕业证书.jpg")
    bed(g.degree_certificate(p, e, "工学学士", rng)).save(out / "04_学位证书.png")
    _save_jpeg(bed(g.application_form(g.FormData(p, e, EMPLOYER, residence_address="杭州市西湖区文三路90号"), rng)),
               out / "05_申请表.jpg", software="Epson Scan 2")
    _save_pdf([bed(g.labour_contract(p, EMPLOYER, (2023, 7, 1), 3, rng))], out / "06_劳动合同.pdf")
    _save_jpeg(bed(g.rental_contract(p, "陈秀英", "杭州市西湖区文三路90号2幢1单元302室", (2024, 3, 1), 24, 3800, rng)),
               out / "07_租赁合同.jpg")
    _write_yaml(out / "submission.yaml", {"procedure": "hz-talent", "id": "hz-01-eligible-bachelor",
                                          "declared": _declared(p, education="bachelor", full_time=True,
                                                                major=e.major)})
    _write_yaml(out / "expected.yaml", {
        "outcome": "eligible",
        "why": "Full-time bachelor (condition 1), insured and living in 西湖区, all required materials present, scans fine.",
        "materials": {"application_form": "provided", "graduation_certificate": "provided", "id_card": "provided",
                      "rental_contract": "provided", "residence_notice": "system_fetched"},
        "scan_failures": [],
        "reason_codes": ["CONDITION_MET"],
    })


def defects_no_form(out: Path) -> None:
    rng = random.Random(22)
    p = g.make_person("赵雨桐", False, (1998, 11, 2), "340104", "安徽省合肥市蜀山区长江西路66号", "合肥市公安局蜀山分局", 388)
    e = g.Education("浙江工商学院", "10353", "国际经济与贸易", "本科", 4, (2016, 9), (2020, 6), serial=1187)
    bed = g.on_scanner_bed
    # a phone photo held at an angle: turned about 6 degrees clockwise
    _save_jpeg(g.rotate(bed(g.id_card_front(p, rng)), -6.0), out / "身份证正面.jpg", quality=85, exif_camera=True)
    _save_jpeg(bed(g.id_card_back(p, rng)), out / "身份证反面.jpg", exif_camera=True)
    # scanned in grayscale mode, saved as an RGB JPEG with the scanner's colour cast and chroma noise
    _save_jpeg(g.to_grayscale_rgb(bed(g.graduation_certificate(p, e, rng)), seed=3), out / "毕业证.jpg")
    _save_jpeg(bed(g.labour_contract(p, EMPLOYER, (2024, 2, 1), 3, rng)), out / "劳动合同.jpg")
    # the application form is missing
    _write_yaml(out / "submission.yaml", {"procedure": "hz-talent", "id": "hz-02-defects-no-form",
                                          "declared": _declared(p, education="bachelor", full_time=True,
                                                                major=e.major, residence_district="拱墅区",
                                                                insurance_district="拱墅区", housing="own")})
    _write_yaml(out / "expected.yaml", {
        "outcome": "incomplete",
        "why": ("The application form (必要) is missing, the ID card photo is tilted about 6°, the graduation certificate "
                "is a grayscale scan and its cover is missing."),
        "materials": {"application_form": "missing", "graduation_certificate": "provided", "id_card": "provided"},
        "scan_failures": [["身份证正面.jpg", "SCAN_SKEW"], ["毕业证.jpg", "SCAN_COLOUR"]],
        "reason_codes": ["MATERIAL_MISSING", "SCAN_REQUIREMENTS_NOT_MET", "CERT_PAGES_INCOMPLETE", "CONDITION_MET"],
    })


def ineligible_associate(out: Path) -> None:
    rng = random.Random(33)
    p = g.make_person("黄志强", True, (1999, 8, 21), "360102", "江西省南昌市东湖区八一大道300号", "南昌市公安局东湖分局", 515)
    e = g.Education("杭州职业技术学院", "12863", "市场营销", "专科", 3, (2017, 9), (2020, 6), serial=3310)
    bed = g.on_scanner_bed
    _save_jpeg(bed(g.id_card_front(p, rng)), out / "id_front.jpg")
    _save_jpeg(bed(g.id_card_back(p, rng)), out / "id_back.jpg")
    _save_jpeg(bed(m_graduation_cover(rng, p)[0]), out / "diploma_cover.jpg")
    _save_jpeg(bed(g.graduation_certificate(p, e, rng)), out / "diploma.jpg")
    _save_jpeg(bed(g.application_form(g.FormData(p, e, "建德市新安江物流有限公司",
                                                 residence_address="杭州市西湖区古墩路55号"), rng)), out / "form.jpg")
    _write_yaml(out / "submission.yaml", {"procedure": "hz-talent", "id": "hz-03-ineligible-associate",
                                          "declared": _declared(p, education="associate", full_time=True,
                                                                major=e.major, insurance_district="建德市",
                                                                employer="建德市新安江物流有限公司")})
    _write_yaml(out / "expected.yaml", {
        "outcome": "ineligible",
        "why": ("Associate degree in 市场营销 (whether it is on the shortage list cannot be known from the sources), "
                "but insured in 建德市, not where he lives (西湖区): FAQ 11 excludes him whatever the list says. "
                "Whether a county (建德市) insurance could count at all is a conflict of §八 and FAQ 5, reported too."),
        "materials": {"application_form": "provided", "graduation_certificate": "provided"},
        "scan_failures": [],
        "reason_codes": ["RESIDENCE_INSURANCE_DIFFER", "SOURCES_CONFLICT", "CONDITION_UNVERIFIED"],
    })


def associate_needs_review(out: Path) -> None:
    rng = random.Random(44)
    p = g.make_person("吴佳琪", False, (2000, 2, 9), "430103", "湖南省长沙市天心区书院路18号", "长沙市公安局天心分局", 642)
    e = g.Education("浙江经贸职业技术学院", "12065", "护理", "专科", 3, (2018, 9), (2021, 6), serial=2208)
    bed = g.on_scanner_bed
    _save_jpeg(bed(g.id_card_front(p, rng)), out / "id_front.jpg")
    _save_jpeg(bed(g.id_card_back(p, rng)), out / "id_back.jpg")
    _save_jpeg(bed(m_graduation_cover(rng, p)[0]), out / "diploma_cover.jpg")
    _save_jpeg(bed(g.graduation_certificate(p, e, rng)), out / "diploma.jpg")
    _save_jpeg(bed(g.application_form(g.FormData(p, e, "杭州仁和护理院", residence_address="杭州市拱墅区莫干山路77号"), rng)),
               out / "form.jpg")
    (out / "notes.txt").write_text("联系电话 13900001111\n", encoding="utf-8")
    _write_yaml(out / "submission.yaml", {"procedure": "hz-talent", "id": "hz-04-associate-needs-review",
                                          "declared": _declared(p, education="associate", full_time=True,
                                                                major=e.major, residence_district="拱墅区",
                                                                insurance_district="拱墅区", employer="杭州仁和护理院",
                                                                housing="other")})
    _write_yaml(out / "expected.yaml", {
        "outcome": "needs_review",
        "why": ("Full-time associate degree in 护理, insured and living in 拱墅区: condition 2 depends on the "
                "《杭州市紧缺人才目录》, which the sources do not contain, so a clerk must decide. "
                "notes.txt is not a scan: it is listed as ignored, with a warning, and changes nothing."),
        "materials": {"application_form": "provided", "graduation_certificate": "provided", "rental_contract": "not_required"},
        "scan_failures": [],
        "reason_codes": ["CONDITION_UNVERIFIED"],
    })


SAMPLES = {
    "01-eligible-bachelor": eligible_bachelor,
    "02-defects-no-form": defects_no_form,
    "03-ineligible-associate": ineligible_associate,
    "04-associate-needs-review": associate_needs_review,
}


def generate(out_root: Path) -> list[Path]:
    made = []
    for name, fn in SAMPLES.items():
        out = out_root / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        fn(out)
        made.append(out)
    return made


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "hz-talent")
    args = ap.parse_args(argv)
    for path in generate(args.out):
        print(path)


if __name__ == "__main__":
    main()
