"""Batch badge PDF: 1,000 badges four to an A4 sheet, time per badge, and the
same layout without the QR codes as the baseline, in the same run; then the
peak memory of fresh processes streaming 1,000 and 10,000 badges to a file,
beside one that only loads the code and the fonts.

    .venv/bin/python benchmarks/badges.py [--count 1000] [--rounds 3]

The goal is at most 1.5 ms a badge with its QR, and memory that does not grow
with the number of badges. Each time is the best of ``--rounds`` runs, so a
busy machine shows less noise.
"""

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventapp.domain.badge_pdf import Badge, BadgeFonts, SheetLayout, render_badges, write_badges
from eventapp.domain.badge_token import BadgeClaim, sign_badge

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Lâm", "Thạch")
MIDDLE = ("Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Quốc", "Thị Mỹ", "Hoàng Bảo", "Công Tôn Nữ Thị")
GIVEN = ("An", "Bình", "Hân", "Phước", "Duyên", "Khánh", "Thảo", "Quênh", "Tâm", "Hồng Ngọc Phương Thảo")
ORGANISATIONS = (
    "HTX Nông nghiệp Dịch vụ Mỹ Xuyên",
    "Cơ sở Bánh pía Tân Huê Viên",
    "DNTN Hồ Quang Trí",
    "Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)",
    "Công ty TNHH MM Mega Market Việt Nam",
)
ROLES = (
    ("exhibitor", "Đơn vị trưng bày"),
    ("buyer", "Nhà mua hàng"),
    ("delegate", "Đại biểu"),
    ("press", "Báo chí"),
    ("speaker", "Diễn giả"),
)


FONTS = BadgeFonts(regular=ROOT / "static/fonts/BeVietnamPro-Regular.ttf", bold=ROOT / "static/fonts/BeVietnamPro-Bold.ttf")


def badge_stream(count: int) -> Iterator[Badge]:
    rng = random.Random(2020)
    for number in range(1, count + 1):
        role, label = rng.choice(ROLES)
        yield (
            Badge(
                full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                position=rng.choice(("Giám đốc", "Chủ nhiệm HTX", "Trưởng phòng kinh doanh", "")),
                organisation=rng.choice(ORGANISATIONS),
                province="Sóc Trăng",
                role=role,
                role_label=label,
                event_name="Hội nghị kết nối cung cầu sản phẩm OCOP tỉnh Sóc Trăng năm 2020",
                event_dates="20 – 21 thg 11, 2020",
                code=sign_badge("benchmark", BadgeClaim(1, number, 1)),
            )
        )


def badges(count: int) -> list[Badge]:
    return list(badge_stream(count))


def stream_to_file(count: int) -> None:
    """In a fresh process: write ``count`` badges, made one at a time, to a
    file; print the process's peak resident memory in KiB."""
    render_badges(badges(4), FONTS, SheetLayout.A4_4UP)  # fonts and code paths loaded, as in the baseline
    if count:
        with tempfile.TemporaryFile() as output:
            write_badges(badge_stream(count), FONTS, output, SheetLayout.A4_4UP)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_memory_mb(count: int) -> float:
    answer = subprocess.run(
        [sys.executable, __file__, "--stream-to-file", str(count)], check=True, capture_output=True, text=True
    )
    return int(answer.stdout.split()[-1]) / 1024


def best_time(work, rounds: int) -> tuple[float, bytes]:
    best, output = float("inf"), b""
    for _ in range(rounds):
        started = time.perf_counter()
        output = work()
        best = min(best, time.perf_counter() - started)
    return best, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--stream-to-file", type=int, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.stream_to_file is not None:
        stream_to_file(arguments.stream_to_file)
        return
    fonts = FONTS
    cards = badges(arguments.count)
    render_badges(cards[:4], fonts, SheetLayout.A4_4UP)  # registers the fonts outside the timing

    with_qr, pdf = best_time(lambda: render_badges(cards, fonts, SheetLayout.A4_4UP), arguments.rounds)
    without_qr, plain = best_time(lambda: render_badges(cards, fonts, SheetLayout.A4_4UP, draw_qr=False), arguments.rounds)
    a6, a6_pdf = best_time(lambda: render_badges(cards, fonts, SheetLayout.A6), arguments.rounds)

    count = arguments.count
    print(f"{count} badges, A4 four-up with cut marks (best of {arguments.rounds})")
    print(f"  with QR     {with_qr:6.2f} s  {1000 * with_qr / count:6.2f} ms/badge  {len(pdf) / 1e6:5.2f} MB")
    print(f"  without QR  {without_qr:6.2f} s  {1000 * without_qr / count:6.2f} ms/badge  {len(plain) / 1e6:5.2f} MB")
    print(f"  ratio with/without QR: {with_qr / without_qr:.2f}")
    print(f"  A6, one per page, with QR: {a6:6.2f} s  {1000 * a6 / count:6.2f} ms/badge  {len(a6_pdf) / 1e6:5.2f} MB")
    per_badge = 1000 * with_qr / count
    print(f"  goal: at most 1.5 ms/badge with QR -> {'met' if per_badge <= 1.5 else 'NOT met'} ({per_badge:.2f} ms)")
    loaded, thousand, ten_thousand = peak_memory_mb(0), peak_memory_mb(1_000), peak_memory_mb(10_000)
    print("peak RSS of a fresh process streaming badges to a file (A4 four-up, with QR)")
    print(f"  code and fonts loaded, no badge: {loaded:6.1f} MB")
    print(f"  1,000 badges                   : {thousand:6.1f} MB")
    print(f"  10,000 badges                  : {ten_thousand:6.1f} MB")
    print(f"  growth from 1,000 to 10,000: {ten_thousand - thousand:+.1f} MB")


if __name__ == "__main__":
    main()
