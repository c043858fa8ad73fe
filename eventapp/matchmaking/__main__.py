"""Schedule the meetings of a problem file and print the schedule JSON.

    python -m eventapp.matchmaking PROBLEM.json [--time-limit SECONDS] [--seed N]

``-`` reads the problem from standard input. A problem with ``previous`` (the
published schedule) is a re-run: the meetings that can stay where they were stay
(FORMAT.md, "After publication"). Bad input is reported on standard error with
exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from eventapp.domain.scheduling import Problem, ProblemError, solve

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        data = _read_json(args.problem)
        problem = Problem.from_json(data)
    except _InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ProblemError as error:
        print(f"error: {error.message}", file=sys.stderr)
        for where, what in list(error.fields.items())[:20]:
            print(f"  {where or 'problem'}: {what}", file=sys.stderr)
        return EXIT_BAD_INPUT
    schedule = solve(problem, time_limit=args.time_limit, seed=args.seed)
    sys.stdout.write(json.dumps(schedule.to_json(), ensure_ascii=False) + "\n")
    return 0


class _InputError(Exception):
    """The problem file cannot be read as JSON; the message says why."""


def _read_json(path: str) -> object:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except OSError as error:
        raise _InputError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise _InputError(f"{path} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _InputError(f"{path} is not valid JSON: {error}") from None


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eventapp.matchmaking",
        description="Schedule one-to-one meetings (exchange format of matchmaking/FORMAT.md).",
    )
    parser.add_argument("problem", help="problem JSON file, or - to read standard input")
    parser.add_argument(
        "--time-limit",
        type=_positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="wall-clock limit of the search (default: 10)",
    )
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same schedule (default: 0)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
