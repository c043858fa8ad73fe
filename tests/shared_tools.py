"""The shared matchmaking tools (``check.py``, ``generate.py``, ``perturb.py``)
that the scheduler's own tests are checked against.

They live in ``shared/matchmaking`` beside the repository; ``MATCHMAKING_TOOLS``
names another folder. A clean clone (CI's) sits elsewhere, so the folder beside
the repository it was cloned from counts too, and a git worktree's main checkout. When they can't be found the
tests that need them fail: a skip would let the independent checker's verdict
go unasked without anyone noticing.
"""

import functools
import importlib.util
import os
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


def _git(*arguments: str) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPOSITORY), *arguments], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _related_checkouts() -> list[Path]:
    """The repository this one was cloned from, and the main checkout of a worktree."""
    places = []
    origin = _git("config", "--get", "remote.origin.url").removeprefix("file://")
    if origin.startswith("/"):
        places.append(Path(origin))
    common = _git("rev-parse", "--path-format=absolute", "--git-common-dir")
    if common:
        places.append(Path(common).parent)
    return places


def _candidates() -> list[Path]:
    if os.environ.get("MATCHMAKING_TOOLS"):
        return [Path(os.environ["MATCHMAKING_TOOLS"])]
    return [checkout.parent / "shared" / "matchmaking" for checkout in [REPOSITORY, *_related_checkouts()]]


@functools.cache
def tools_folder() -> Path:
    for folder in _candidates():
        if (folder / "check.py").is_file():
            return folder
    looked = ", ".join(str(folder) for folder in _candidates())
    pytest.fail(f"the shared matchmaking tools are missing (looked in {looked}); set MATCHMAKING_TOOLS to their folder")


@functools.cache
def checker() -> ModuleType:
    """``check.py`` as a module: Problem, validate, figures, greedy."""
    spec = importlib.util.spec_from_file_location("shared_matchmaking_check", tools_folder() / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
