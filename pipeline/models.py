"""Typed models of the pipeline (pydantic v2).

These are the io types every stage reads and writes: ingest produces a
:class:`Submission` of :class:`Page` objects, the scan checks and the OCR
attach :class:`Finding` and :class:`Field` objects to pages, the catalogue
matcher produces :class:`MaterialStatus` rows and the rules a
:class:`Decision`. :class:`Report` is the published output contract
(``precheck schema`` prints its JSON schema).

Coordinates: every box is ``[x0, y0, x1, y1]`` in pixels of the page image as
ingested (after the EXIF orientation has been applied), origin top left; for a
page that was turned upright to be read (a ``SCAN_ORIENTATION`` failure), in
pixels of the upright page.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field as PydField

SCHEMA_VERSION = "1"

Status = Literal["pass", "fail", "warn", "error"]
Outcome = Literal["eligible", "ineligible", "incomplete", "needs_review"]
Region = Literal["mainland", "hong_kong", "macau", "taiwan", "foreign"]


class Finding(BaseModel):
    """One user-facing outcome of a check, with what was measured and why."""

    code: str = PydField(description="Stable code, e.g. SCAN_COLOUR.")
    status: Status
    value: Any = PydField(default=None, description="What was measured.")
    threshold: Any = PydField(default=None, description="What it was held to.")
    message_zh: str
    message_en: str
    source: str = PydField(description="Seed file and section the requirement comes from.")
    variant: str | None = PydField(default=None, description="Which way the check failed or warned, where it can "
                                   "in several (SCAN_EXPOSURE: over, under, glare, shadow, ...); its message's.")
    file: str | None = PydField(default=None, description="Input file the finding is about.")
    page: int | None = PydField(default=None, description="1-based page number within the file.")


class Field(BaseModel):
    """One value read from a page."""

    value: str
    confidence: float | None = None
    box: list[int] | None = None
    valid: bool | None = PydField(default=None, description="Result of the field's validator, if any.")


class OcrLine(BaseModel):
    text: str
    confidence: float
    box: list[int]


class Page(BaseModel):
    """One page image: a whole image file, or one page of a PDF."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    file: str = PydField(description="Path of the input file, relative to the submission folder.")
    page: int = PydField(default=1, description="1-based page number within the file.")
    width: int = 0
    height: int = 0
    material: str | None = PydField(default=None, description="Material type id, or 'unrecognized'.")
    material_score: float | None = None
    fields: dict[str, Field] = PydField(default_factory=dict)
    findings: list[Finding] = PydField(default_factory=list)
    text: list[OcrLine] = PydField(default_factory=list, description="OCR lines, top to bottom.")
    legible: bool = PydField(default=True, description=(
        "False when the scan checks found the page too blurred, too coarse or badly exposed to read reliably: "
        "a problem found in what was read from it is then reported as a warning, not as a fact."))

    @property
    def ref(self) -> str:
        return f"{self.file}#{self.page}"


class Declared(BaseModel):
    """What the applicant typed into the online form (``submission.yaml``, key ``declared``).

    Every field is optional: what is not declared is unknown, and the rules say
    so instead of guessing. District names are written as in the seeds
    (``西湖区``, ``桐庐县``, ``建德市``).
    """

    model_config = ConfigDict(extra="forbid")

    name: str | None = PydField(None, description="Applicant's name as on the ID card (cross-checked with the pages).")
    id_number: str | None = PydField(None, description="Resident ID number (cross-checked with the pages).")
    region: Region = PydField("mainland", description="mainland, hong_kong, macau, taiwan or foreign.")
    hukou_in_hangzhou_city_area: bool | None = PydField(
        None, description="True if the household registration (户籍) is in the Hangzhou city area (杭州市区)."
    )
    residence_district: str | None = PydField(None, description="District/county of residence registration.")
    insurance_district: str | None = PydField(None, description="District/county where social insurance is paid.")
    residence_registered: bool | None = PydField(None, description="Residence registered with the police (居住登记).")
    employer: str | None = PydField(None, description="Name of the employer (cross-checked with the pages).")
    employer_provincial_or_central: bool = PydField(
        False, description="Employer is a provincial (省直) or central unit in Zhejiang (中央驻浙单位)."
    )
    education: Literal["doctorate", "master", "bachelor", "associate", "none"] | None = PydField(
        None, description="Highest education; the graduation certificate read from the pages takes precedence (hz-talent).")
    full_time: bool | None = PydField(None, description="普通全日制高等院校 education.")
    major: str | None = PydField(None, description="Major as on the graduation certificate (shortage-major lists).")
    title_level: Literal["junior", "intermediate", "senior"] | None = PydField(
        None, description="Professional title (专业技术职称): 初级, 中级 or 高级.")
    vocational_level: Literal["senior_worker", "technician", "senior_technician"] | None = PydField(
        None, description="National vocational qualification: 高级工, 技师 or 高级技师.")
    occupation: str | None = PydField(None, description="Occupation (工种) of the vocational qualification.")
    returnee_work_permit: bool = PydField(False, description="Holds the 杭州市留学回国人员工作证 (hz-talent condition 6).")
    investment_cny: int | None = PydField(None, description="Personal investment in Hangzhou, CNY (hz-talent condition 7).")
    housing: Literal["own", "rent_private", "rent_collective", "dormitory", "other"] | None = PydField(
        None, description="Where the applicant lives: own home (自购房), rented private home on state land "
        "(rent_private), rented home on collective land (rent_collective), employer's dormitory, other.")
    application_date: date | None = PydField(None, description="Date of the application, if not today.")

    # ---- zj-residence, sh-residence, sh-points, sh-hukou (all optional; unknown is asked for, never guessed)
    basis: Literal["employment", "housing", "study", "talent", "minor", "family"] | None = PydField(
        None, description="zj-/sh-residence: the condition the applicant applies under; the materials follow it "
        "(the rules still judge every condition).")
    request: Literal["apply", "renew", "endorse"] = PydField(
        "apply", description="First application, renewal of a permit about to expire (hz-talent 续期), "
        "or the yearly endorsement of a residence permit (签注).")
    birth_date: date | None = PydField(None, description="Birth date (age for sh-points, minors for zj-residence).")
    hukou_city: str | None = PydField(None, description="City of the household registration, e.g. 上海市, 杭州市, 安徽省合肥市.")
    residence_city: str | None = PydField(None, description="City of residence, e.g. 上海市, 杭州市.")
    insurance_city: str | None = PydField(None, description="City where employee social insurance is paid.")
    residence_registered_months: int | None = PydField(
        None, description="Months of continuous residence since the residence registration (居住登记) in this city.")
    insurance_months: int | None = PydField(
        None, description="Months of the current continuous stretch of employee social insurance in the city, "
        "back-paid months (补缴) included; see insurance_backpaid_months.")
    insurance_backpaid_months: int = PydField(
        0, description="How many of insurance_months were back-paid (补缴) rather than paid on time.")
    insurance_gap_months: int = PydField(
        0, description="Longest interruption (中断) of the insurance, in months, in the period counted.")
    insurance_months_last_12: int | None = PydField(
        None, description="sh-points: months of Shanghai employee insurance paid on time within the 12 months "
        "before the application month (back-paid months excluded).")
    insured_now: bool | None = PydField(
        None, description="sh-points: employed and paying Shanghai employee insurance in the application month.")
    insurance_total_months: int | None = PydField(
        None, description="Cumulative months of employee insurance paid on time in the city (back-paid excluded).")
    insurance_employer_matches_contract: bool | None = PydField(
        None, description="sh-points: the unit paying the insurance is the unit of the labour contract.")
    lease_registered: bool | None = PydField(
        None, description="The lease is registered (备案) with the housing authority (or, on collective land, "
        "the 出租安全排查表 was issued).")
    lease_months: int | None = PydField(None, description="Term of the lease in months.")
    study_semesters: int | None = PydField(
        None, description="Full-time semesters completed without a break at a school in the city (连续就读).")
    holds_talent_permit: bool = PydField(
        False, description="Holds a valid 浙江省引进人才居住证 or 海外高层次人才居住证 (zj-residence fast track).")
    parent_holds_permit: bool | None = PydField(
        None, description="zj-residence, minors: a parent (Gongshu draft: both parents) holds a valid residence permit.")
    parent_insurance_months: int | None = PydField(
        None, description="zj-residence, minors (Gongshu draft): months of continuous city insurance of one parent.")
    permit_issued: date | None = PydField(
        None, description="Start of the current validity year of the permit held: its issue date or last "
        "endorsement (签注); the next endorsement falls due a year later.")
    permit_expires: date | None = PydField(None, description="Expiry date of the permit held (for renewal).")
    talent_recognised: bool | None = PydField(
        None, description="sh-residence talent route: passed the talent recognition (人才认定).")
    holds_sh_residence_permit: bool | None = PydField(
        None, description="sh-points, sh-hukou: holds a valid 上海市居住证.")
    permit_held_months: int | None = PydField(
        None, description="sh-hukou: cumulative months of holding the 上海市居住证.")
    employer_registered_in_city: bool | None = PydField(
        None, description="sh-points: the employer is registered, operating and paying tax in Shanghai.")
    works_at_branch_outside_city: bool = PydField(
        False, description="sh-points: works at a branch that a Shanghai unit set up in another province.")
    points_application_barred: bool = PydField(
        False, description="sh-points: barred by the authorities from applying after falsified materials "
        "(情节严重, 第十四条) and the bar has not yet run out.")
    serious_crime: bool | None = PydField(
        None, description="sh-points veto: a criminal sentence of five years or more (严重刑事犯罪).")
    remote_area: Literal["lingang", "new_city", "north_south", "other_key_area"] | None = PydField(
        None, description="sh-points: key remote area where the applicant both works and lives.")
    remote_area_years: int | None = PydField(None, description="sh-points: full years worked and lived there.")
    award: Literal["municipal", "provincial_or_above"] | None = PydField(
        None, description="Award while working in the city: municipal bureau (市级机关) level, or provincial/"
        "ministerial government award or above (sh-hukou incentive 1).")
    tax_paid_in_city: bool | None = PydField(
        None, description="sh-hukou: income tax paid in Shanghai while holding the permit.")
    qualification_in_city: bool | None = PydField(
        None, description="sh-hukou: the title is appointed in Shanghai (or held and appointed before the permit), "
        "or the technician certificate is Shanghai's or passed Shanghai's re-assessment.")
    profession_matches_post: bool | None = PydField(
        None, description="sh-hukou: the title's speciality or the occupation matches the post.")
    clean_record: bool | None = PydField(
        None, description="sh-hukou: no family-planning violation, no public-security penalty or criminal record.")
    remote_post_years: int | None = PydField(
        None, description="sh-hukou incentive 2: years in education/health posts in remote suburbs.")
    insurance_base_cny: int | None = PydField(
        None, description="sh-hukou incentive 3: the lowest monthly insurance base of the last 3 years (CNY).")
    entrepreneur_avg_tax_cny: int | None = PydField(
        None, description="sh-hukou incentive 4: average yearly tax of the applicant's company (own share), "
        "last 3 tax years.")
    entrepreneur_avg_staff: int | None = PydField(
        None, description="sh-hukou incentive 4: average Shanghai employees per year, last 3 years.")
    venture_first_round_cny: int | None = PydField(
        None, description="sh-hukou incentive 5(1): first-round venture investment in the applicant's company.")
    venture_total_cny: int | None = PydField(
        None, description="sh-hukou incentive 5(1): cumulative venture investment (in place for a year).")
    venture_share_pct: float | None = PydField(None, description="sh-hukou incentive 5(1): applicant's shareholding (%).")
    venture_months_in_company: int | None = PydField(
        None, description="sh-hukou incentive 5(1): months worked continuously in that company.")


class Submission(BaseModel):
    """A submission as ingested: where it came from, what was declared, and its pages."""

    id: str
    procedure: str
    root: str = PydField(description="Folder the submission was read from.")
    declared: Declared = PydField(default_factory=Declared)
    files: list[str] = PydField(default_factory=list, description="Every input file, relative to root.")
    pages: list[Page] = PydField(default_factory=list)
    findings: list[Finding] = PydField(default_factory=list, description="Findings not tied to one page.")


class MaterialStatus(BaseModel):
    material: str = PydField(description="Catalogue item id.")
    name_zh: str
    name_en: str
    status: Literal["provided", "missing", "system_fetched", "not_required", "optional"]
    necessity: str = PydField(description="Necessity as the catalogue states it.")
    pages: list[str] = PydField(default_factory=list, description="Pages matched, as 'file#page'.")
    missing_pages: list[str] = PydField(default_factory=list,
                                        description="Page types of a provided item that are missing (cover, back).")
    source: str


class Reason(BaseModel):
    code: str
    rule: str = PydField(description="The rule that produced the reason.")
    effect: Literal["ineligible", "incomplete", "needs_review", "info"]
    message_zh: str
    message_en: str
    fix_zh: str | None = None
    fix_en: str | None = None
    source: str
    facts: dict[str, Any] = PydField(default_factory=dict, description="Facts the rule used (trace).")
    pages: list[str] = PydField(default_factory=list)


class Decision(BaseModel):
    outcome: Outcome
    reasons: list[Reason] = PydField(default_factory=list)


class InputFile(BaseModel):
    file: str
    pages: int
    status: Literal["ok", "unreadable", "ignored"]
    detail: str | None = None


class Report(BaseModel):
    """The published report of one submission (the JSON output contract)."""

    schema_version: str = SCHEMA_VERSION
    submission: str
    procedure: str
    stages: list[str]
    decision: Decision | None = PydField(description="null when the rules stage was not run.")
    materials: list[MaterialStatus] = PydField(default_factory=list)
    pages: list[Page] = PydField(default_factory=list)
    findings: list[Finding] = PydField(default_factory=list)
    inputs: list[InputFile] = PydField(default_factory=list, description="Every input file, readable or not.")
    timings: dict[str, float] = PydField(default_factory=dict, description="Seconds per stage.")
