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

    name: str | None = None
    id_number: str | None = None
    region: Region = PydField("mainland", description="mainland, hong_kong, macau, taiwan or foreign.")
    hukou_in_hangzhou_city_area: bool | None = PydField(
        None, description="True if the household registration (户籍) is in the Hangzhou city area (杭州市区)."
    )
    residence_district: str | None = PydField(None, description="District/county of residence registration.")
    insurance_district: str | None = PydField(None, description="District/county where social insurance is paid.")
    residence_registered: bool | None = PydField(None, description="Residence registered with the police (居住登记).")
    employer: str | None = None
    employer_provincial_or_central: bool = PydField(
        False, description="Employer is a provincial (省直) or central unit in Zhejiang (中央驻浙单位)."
    )
    education: Literal["doctorate", "master", "bachelor", "associate", "none"] | None = None
    full_time: bool | None = PydField(None, description="普通全日制高等院校 education.")
    major: str | None = None
    title_level: Literal["junior", "intermediate", "senior"] | None = None
    vocational_level: Literal["senior_worker", "technician", "senior_technician"] | None = None
    occupation: str | None = None
    returnee_work_permit: bool = False
    investment_cny: int | None = None
    housing: Literal["own", "rent_private", "other"] | None = None
    application_date: date | None = None


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
