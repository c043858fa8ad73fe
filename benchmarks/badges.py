"""Batch badge PDF: 1,000 badges four to an A4 sheet, time per badge, and the
same layout without the QR codes as the baseline, in the same run.

    .venv/bin/python benchmarks/badges.py [--count 1000] [--rounds 3]

The goal is 1,000 badges well under 10 s. Each figure is the best of
``--rounds`` runs, so a busy machine shows less noise.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventapp.domain.badge_pdf import Badge, BadgeFonts, SheetLayout, render_badges  # noqa: E402
from eventapp.domain.badge_token import BadgeClaim, sign_badge  # noqa: E402

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


def badges(count: int) -> list[Badge]:
    rng = random.Random(2020)
    made = []
    for number in range(1, count + 1):
        role, label = rng.choice(ROLES)
        made.append(
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
    return made


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
    arguments = parser.parse_args()
    fonts = BadgeFonts(regular=ROOT / "static/fonts/BeVietnamPro-Regular.ttf", bold=ROOT / "static/fonts/BeVietnamPro-Bold.ttf")
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
    print(f"  goal: {count} badges well under 10 s -> {'met' if with_qr < 10 else 'NOT met'} ({with_qr:.2f} s)")


if __name__ == "__main__":
    main()
