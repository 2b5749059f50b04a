"""Benchmark: decode, scan checks and OCR per page and in total, and the end-to-end run.

Run with ``make bench`` or ``precheck bench [PATH]``. It measures; it asserts
nothing (speed targets are read from its output, never from tests).
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

from pipeline.ingest import is_supported, iter_pages, load_submission

DEFAULT = Path(__file__).resolve().parent.parent / "samples" / "hz-talent" / "01-eligible-bachelor"


def _rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _current_rss_mb() -> float:
    """Resident memory now (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return _rss_mb()


def run_memory(path: Path | None, pages: int, stages: str = "scan") -> str:
    """Decode and check ``pages`` pages (the submission's pages over and over) and print resident memory as it goes."""
    from pipeline.run import parse_stages, process_page

    path = path or DEFAULT
    stage_set = parse_stages(stages)
    engine = None
    if "ocr" in stage_set:
        from pipeline.ocr import get_engine

        engine = get_engine()
    sub = load_submission(path)
    names = [n for n in sub.files if is_supported(n)]
    lines = [f"memory over {pages} pages of {path} (stages {','.join(stage_set)})", f"{'pages':>7} {'RSS MB':>8} {'s/page':>7}"]
    done, t0, t = 0, time.perf_counter(), time.perf_counter()
    step = max(1, pages // 10)
    while done < pages:
        for name in names:
            for dp in iter_pages(sub, name):
                process_page(dp, name, stage_set, engine)
                done += 1
                if done % step == 0 or done == pages:
                    lines.append(f"{done:>7} {_current_rss_mb():>8.0f} {(time.perf_counter() - t) / step:>7.3f}")
                    t = time.perf_counter()
                if done >= pages:
                    break
            if done >= pages:
                break
    lines.append(f"total {time.perf_counter() - t0:.1f} s, peak RSS {_rss_mb():.0f} MB")
    return "\n".join(lines)


def run_bench(path: Path | None = None, engine_name: str | None = None, repeat: int = 1) -> str:
    from pipeline.ocr import get_engine
    from pipeline.run import STAGES, check_submission, process_page

    path = path or DEFAULT
    sub = load_submission(path)
    lines = [f"benchmark: {path} ({len(sub.files)} files), OCR threads {os.environ.get('PRECHECK_OCR_THREADS', '2')}"]
    t = time.perf_counter()
    engine = get_engine(engine_name)
    lines.append(f"engine {engine.name}: load {time.perf_counter() - t:.2f} s")
    lines.append(f"{'file':<28} {'page':>4} {'pixels':>11} {'decode s':>9} {'scan s':>8} {'scan/dec':>8} {'ocr s':>7}")  # ocr = OCR, classification, extraction
    # warm-up, as for the engine: one page through every stage first, so one-time costs (rules data parsed,
    # lazy imports, first-call allocations) are not charged to the first page timed
    first = next((n for n in sub.files if is_supported(n)), None)
    if first is not None:
        for dp in iter_pages(sub, first):
            process_page(dp, first, STAGES, engine)
            break
    tot = {"decode": 0.0, "scan": 0.0, "ocr": 0.0}
    ratios: list[tuple[float, str]] = []
    for name in sub.files:
        if not is_supported(name):
            continue
        t = time.perf_counter()
        for dp in iter_pages(sub, name):
            dec = time.perf_counter() - t
            times = {"scan": 0.0, "ocr": 0.0}
            process_page(dp, name, STAGES, engine, None, times)
            scan, ocr = times["scan"], times["ocr"]
            h, w = dp.image.shape[:2]
            lines.append(f"{name[:28]:<28} {dp.page:>4} {f'{w}x{h}':>11} {dec:>9.3f} {scan:>8.3f} {scan / dec:>8.1f} {ocr:>7.2f}")
            ratios.append((scan / max(dec, 1e-9), f"{name}#{dp.page}"))
            tot["decode"] += dec
            tot["scan"] += scan
            tot["ocr"] += ocr
            t = time.perf_counter()
    lines.append(f"{'total':<28} {'':>4} {'':>11} {tot['decode']:>9.3f} {tot['scan']:>8.3f} "
                 f"{tot['scan'] / max(tot['decode'], 1e-9):>8.1f} {tot['ocr']:>7.2f}")
    lines.append(ratio_summary(ratios))
    runs = []
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        report = check_submission(path, engine_name=engine_name)
        runs.append(time.perf_counter() - t)
    outcome = report.decision.outcome if report.decision else "-"
    lines.append(f"end-to-end (warm engine): {min(runs):.2f} s best of {len(runs)}, outcome {outcome}")
    lines.append(f"peak RSS: {_rss_mb():.0f} MB")
    if engine_name is None:
        lines.append(run_engines(path))
    return "\n".join(lines)


def ratio_summary(ratios: list[tuple[float, str]]) -> str:
    """One line on the per-page ratios of scan checks to decode (``(ratio, page)`` pairs): the speed target is
    that every page's checks cost at most its decode (1.0)."""
    import statistics

    if not ratios:
        return "per page scan/decode: no page"
    worst = max(ratios)
    at_most = sum(r <= 1.0 for r, _ in ratios)
    return (f"per page scan/decode: median {statistics.median(r for r, _ in ratios):.2f}, worst {worst[0]:.2f} "
            f"({worst[1]}), {at_most} of {len(ratios)} pages at most 1.0")


#: Pixel counts (megapixels) the pages of ``run_scan_pages`` are grouped by.
SIZE_CLASSES = ((0.0, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, float("inf")))


def run_scan_pages(folder: Path, limit: int | None = None) -> str:
    """Decode and scan checks only, page by page, over the images and PDFs of ``folder`` (a corpus from
    ``python -m samples.corpus``, or any folder of scans: no submission.yaml or procedure needed), grouped by the
    decoded page's size: how the per-page ratio of scan checks to decode depends on it."""
    import statistics

    import cv2

    from pipeline.imageio import Unreadable, decode_file
    from pipeline.quality import ScanContext, check_page

    names = sorted(p.name for p in Path(folder).iterdir() if p.is_file() and is_supported(p.name))[:limit]
    rows: list[tuple[float, float, float, str]] = []  # megapixels, decode s, scan s, page
    cpu = {"decode": 0.0, "scan": 0.0}  # processor time (every thread of the process: OpenCV runs its own)
    skipped, warm = 0, False
    for name in names:
        pages = decode_file(Path(folder), name)
        while True:
            t, c = time.perf_counter(), time.process_time()
            try:
                dp = next(pages)
            except StopIteration:
                break
            except Unreadable:
                skipped += 1
                break
            dec, dec_cpu = time.perf_counter() - t, time.process_time() - c
            if not warm:  # warm-up on the first page: one-time costs (rules data parsed, first-call allocations)
                check_page(dp.image, dp.meta, ScanContext(name, dp.page))
                warm = True
            t, c = time.perf_counter(), time.process_time()
            check_page(dp.image, dp.meta, ScanContext(name, dp.page))
            scan = time.perf_counter() - t
            cpu["decode"] += dec_cpu
            cpu["scan"] += time.process_time() - c
            h, w = dp.image.shape[:2]
            rows.append((w * h / 1e6, dec, scan, f"{name}#{dp.page}"))
    lines = [f"scan checks against decode, page by page: {folder} ({len(rows)} pages"
             + (f", {skipped} {'file' if skipped == 1 else 'files'} unreadable" if skipped else "") + ")",
             f"{'megapixels':<11} {'pages':>5} {'decode ms':>9} {'scan ms':>8} {'scan/dec':>8} {'<=1.0':>6}  (medians)"]
    for lo, hi in SIZE_CLASSES:
        sel = [r for r in rows if lo <= r[0] < hi]
        if not sel:
            continue
        ratios = [s / max(d, 1e-9) for _, d, s, _ in sel]
        label = f"{lo:g}-{hi:g}" if hi != float("inf") else f">={lo:g}"
        lines.append(f"{label:<11} {len(sel):>5} {statistics.median(d for _, d, _, _ in sel) * 1e3:>9.1f} "
                     f"{statistics.median(s for _, _, s, _ in sel) * 1e3:>8.1f} {statistics.median(ratios):>8.2f} "
                     f"{sum(r <= 1.0 for r in ratios) / len(ratios):>6.0%}")
    dec_total, scan_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    lines.append(f"total decode {dec_total:.2f} s, scan {scan_total:.2f} s, "
                 f"scan/decode {scan_total / max(dec_total, 1e-9):.2f}")
    lines.append(f"processor time (all threads; OpenCV uses {cv2.getNumThreads()}): decode {cpu['decode']:.2f} s, "
                 f"scan {cpu['scan']:.2f} s, scan/decode {cpu['scan'] / max(cpu['decode'], 1e-9):.2f}")
    lines.append(ratio_summary([(s / max(d, 1e-9), page) for _, d, s, page in rows]))
    return "\n".join(lines)


#: The pages the engines are timed on: an ID card and an A4 page of the sample submission.
ENGINE_PAGES = (("ID card", "01_身份证_人像面.jpg"), ("A4 page", "05_申请表.jpg"))


def run_engines(path: Path | None = None, reads: int = 3) -> str:
    """Both engines side by side: load time, then OCR of an ID card and of an A4 page with the engine warm
    (median of ``reads`` reads after one warm-up read; the image as the pipeline gives it to OCR)."""
    import statistics

    from pipeline.imageio import decode_file
    from pipeline.ocr import ENGINES, get_engine
    from pipeline.run import read_page

    path = path or DEFAULT
    pages = [(label, next(decode_file(path, name)).image) for label, name in ENGINE_PAGES if (path / name).is_file()]
    if not pages:
        return f"engines side by side: {path} has none of {', '.join(n for _, n in ENGINE_PAGES)}"
    out = [f"engines side by side (OCR threads {os.environ.get('PRECHECK_OCR_THREADS', '2')}, warm, median of {reads}):",
           f"  {'engine':<10} {'load s':>7} " + " ".join(f"{label + ' s':>10} {'lines':>5}" for label, _ in pages)]
    from pipeline.ocr import _cache

    for name in ENGINES:
        built = name in _cache
        t = time.perf_counter()
        engine = get_engine(name)
        load = f"{time.perf_counter() - t:>7.2f}" if not built else f"{'(built)':>7}"
        cells = []
        for _, image in pages:
            read_page(engine, image)  # warm-up
            times, n = [], 0
            for _ in range(reads):
                t = time.perf_counter()
                n = len(read_page(engine, image))
                times.append(time.perf_counter() - t)
            cells.append(f"{statistics.median(times):>10.2f} {n:>5}")
        out.append(f"  {name:<10} {load} " + " ".join(cells))
    return "\n".join(out)
