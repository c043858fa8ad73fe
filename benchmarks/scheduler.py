"""Benchmark the meeting scheduler on the public presets against the naive greedy.

    python benchmarks/scheduler.py [--presets soctrang,regional] [--time-limit 10] [--no-after]

Each preset is made by the shared ``generate.py`` (its default seed), scheduled by
``python -m eventapp.matchmaking`` and by ``check.py --greedy``, and both schedules
are validated and measured by ``check.py``. Times are wall-clock seconds of the
whole command (interpreter start, reading and writing JSON included), the same for
both. Figures are printed, never asserted; the CP-SAT column quotes the reference
runs (CP-SAT given 60 s on the same model) from the issue.

Then the case after publication: our schedule is published, ``perturb.py`` (its
default seed and shares) makes the problem of a re-run, with the schedule as
``previous``; the re-run (which reads ``previous``) is measured beside a run from
scratch (the same problem without ``previous``), both by ``check.py`` against the
problem with ``previous``: moved of keepable, starved, weight.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MATCHMAKING_TOOLS") or ROOT.parent / "shared" / "matchmaking")
"""The shared tools (generate.py, check.py, perturb.py): beside the repository, or where
``MATCHMAKING_TOOLS`` says (a worktree elsewhere)."""
PRESETS = ("soctrang", "regional", "networking", "national")
CP_SAT_60S = {
    "soctrang": (82, 169, 17),
    "regional": (15, 1712, 676),
    "networking": (0, 2693, 663),
}


@dataclass(frozen=True)
class Run:
    starved: int
    weight: int
    idle_gaps: int
    seconds: float
    valid: bool
    bound: float | None
    keepable: int = 0
    moved: int = 0


def timed(command: list[str], output: Path) -> float:
    started = time.perf_counter()
    with output.open("w", encoding="utf-8") as out:
        subprocess.run(command, stdout=out, check=True, cwd=ROOT)
    return time.perf_counter() - started


def measure(problem: Path, schedule: Path, seconds: float) -> Run:
    done = subprocess.run(
        [sys.executable, str(SHARED / "check.py"), str(problem), str(schedule), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if not figures.get("valid"):
        print(done.stdout, file=sys.stderr)
        return Run(-1, -1, -1, seconds, False, None)
    return Run(
        figures["starved"],
        figures["weight"],
        figures["idle_gaps"],
        seconds,
        True,
        figures.get("bound"),
        figures.get("keepable", 0),
        figures.get("moved", 0),
    )


def schedule(problem: Path, output: Path, time_limit: float, seed: int) -> float:
    return timed(
        [sys.executable, "-m", "eventapp.matchmaking", str(problem), "--time-limit", str(time_limit), "--seed", str(seed)],
        output,
    )


def bench(preset: str, workdir: Path, time_limit: float, seed: int) -> tuple[Run, Run]:
    problem = workdir / f"{preset}.json"
    with problem.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, str(SHARED / "generate.py"), preset], stdout=out, check=True)
    ours_path, greedy_path = workdir / f"{preset}.ours.json", workdir / f"{preset}.greedy.json"
    ours_seconds = schedule(problem, ours_path, time_limit, seed)
    greedy_seconds = timed([sys.executable, str(SHARED / "check.py"), str(problem), "--greedy"], greedy_path)
    return measure(problem, ours_path, ours_seconds), measure(problem, greedy_path, greedy_seconds)


def bench_after_publication(preset: str, workdir: Path, time_limit: float, seed: int) -> tuple[Run, Run]:
    """The re-run of ``perturb.py``'s problem after publishing ours, and a run from scratch."""
    after = workdir / f"{preset}.after.json"
    with after.open("w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(SHARED / "perturb.py"), str(workdir / f"{preset}.json"), str(workdir / f"{preset}.ours.json")],
            stdout=out,
            check=True,
        )
    scratch = workdir / f"{preset}.scratch.json"
    without_previous = json.loads(after.read_text(encoding="utf-8"))
    del without_previous["previous"]
    scratch.write_text(json.dumps(without_previous), encoding="utf-8")
    rerun_path, scratch_path = workdir / f"{preset}.rerun.json", workdir / f"{preset}.scratch-run.json"
    rerun_seconds = schedule(after, rerun_path, time_limit, seed)
    scratch_seconds = schedule(scratch, scratch_path, time_limit, seed)
    return measure(after, rerun_path, rerun_seconds), measure(after, scratch_path, scratch_seconds)


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.3f}" if theirs else "-"


def report(preset: str, ours: Run, greedy: Run) -> None:
    print(f"\n{preset}  (LP upper bound on weight: {ours.bound})")
    print(f"  {'':10} {'starved':>8} {'weight':>8} {'gaps':>6} {'seconds':>8} {'valid':>6}")
    for name, run in (("ours", ours), ("greedy", greedy)):
        print(f"  {name:10} {run.starved:8d} {run.weight:8d} {run.idle_gaps:6d} {run.seconds:8.2f} {run.valid!s:>6}")
    if preset in CP_SAT_60S:
        starved, weight, gaps = CP_SAT_60S[preset]
        print(f"  {'CP-SAT 60s':10} {starved:8d} {weight:8d} {gaps:6d} {60.0:8.2f} {'(ref)':>6}")
    print(
        f"  ours/greedy: weight {ratio(ours.weight, greedy.weight)}, starved {ours.starved - greedy.starved:+d},"
        f" gaps {ours.idle_gaps - greedy.idle_gaps:+d}, time x{ratio(ours.seconds, greedy.seconds)}"
    )
    if preset in CP_SAT_60S:
        starved, weight, gaps = CP_SAT_60S[preset]
        print(
            f"  ours/CP-SAT: weight {ratio(ours.weight, weight)}, starved {ours.starved - starved:+d},"
            f" gaps {ours.idle_gaps - gaps:+d}"
        )


def report_after_publication(rerun: Run, scratch: Run) -> None:
    print(f"  after publication (perturb.py), {rerun.keepable} keepable meetings:")
    print(f"  {'':10} {'moved':>8} {'share':>6} {'starved':>8} {'weight':>8} {'seconds':>8} {'valid':>6}")
    for name, run in (("re-run", rerun), ("scratch", scratch)):
        share = f"{run.moved / run.keepable:.1%}" if run.keepable else "-"
        print(f"  {name:10} {run.moved:8d} {share:>6} {run.starved:8d} {run.weight:8d} {run.seconds:8.2f} {run.valid!s:>6}")
    print(
        f"  re-run/scratch: moved {rerun.moved} vs {scratch.moved}, starved {rerun.starved - scratch.starved:+d},"
        f" weight {ratio(rerun.weight, scratch.weight)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", default=",".join(PRESETS), help="comma-separated preset names")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0, help="the solver's seed (problems use generate.py's)")
    parser.add_argument("--no-after", action="store_true", help="skip the case after publication")
    args = parser.parse_args()
    if not (SHARED / "check.py").is_file():
        print(f"the shared matchmaking tools are not at {SHARED}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for preset in args.presets.split(","):
            ours, greedy = bench(preset, Path(tmp), args.time_limit, args.seed)
            report(preset, ours, greedy)
            if not args.no_after:
                report_after_publication(*bench_after_publication(preset, Path(tmp), args.time_limit, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
