"""Mutation testing with mutmut (not in CI: minutes to hours on a small machine).

    pip install '.[mutation]'
    python scripts/mutation.py domain                 # one package: tickettracker/domain, with tests/domain
    python scripts/mutation.py domain/workflow.py     # one module of it
    python scripts/mutation.py --list                 # the packages and the tests each one runs

It copies the committed tree (``git archive HEAD``) into a temporary folder, writes mutmut's settings there (what to
mutate, which tests judge it), runs ``mutmut run`` with ``--max-children`` (default 1: the machine is shared), and
prints killed / survived / other per file plus every surviving mutant's name (``mutmut show NAME`` in the printed
folder shows its diff). Nothing in the working tree is touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# package (under tickettracker/) -> the tests that judge its mutants
PACKAGES: dict[str, list[str]] = {
    "domain": ["tests/domain"],
    "store": ["tests/store", "tests/services"],
    "services": ["tests/services", "tests/reliability/test_faults.py"],
    "services/data": ["tests/services/data", "tests/reliability/test_faults.py"],
    # in-process tests only: mutmut's stats attribute a mutant to the tests that call it in the test process, so
    # the whole-app tests (tests/test_boundary.py, tests/reliability/test_lan.py) cannot judge it
    "ui/security.py": ["tests/test_boundary_rules.py", "tests/test_boundary_token.py"],
    "errors.py": ["tests/reliability/test_faults.py"],
}


def _tests_for(target: str) -> list[str]:
    for package in sorted(PACKAGES, key=len, reverse=True):
        if target == package or target.startswith(package.rstrip("/") + "/"):
            return PACKAGES[package]
    raise SystemExit(f"unknown target {target!r}; one of {', '.join(PACKAGES)} (or a module under one)")


def _settings(target: str, tests: list[str]) -> str:
    only = f"tickettracker/{target}" + ("" if target.endswith(".py") else "/*")
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["tickettracker"]\n'
        f'only_mutate = ["{only}"]\n'
        f"pytest_add_cli_args_test_selection = {tests!r}\n"
        'pytest_add_cli_args = ["-q", "-p", "no:cacheprovider", "-m", "not browser", '
        '"--hypothesis-profile=mutation"]\n'
    ).replace("'", '"')


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", nargs="?", help="a package or module under tickettracker/, e.g. domain")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list or not args.target:
        for package, tests in PACKAGES.items():
            print(f"{package:16} {' '.join(tests)}")
        return 0
    tests = _tests_for(args.target)
    work = Path(tempfile.mkdtemp(prefix="tt-mutation-"))
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    with open(work / "pyproject.toml", "a", encoding="utf-8") as fh:
        fh.write(_settings(args.target, tests))
    env = {**os.environ, "PYTHONPATH": str(work)}
    print(f"mutmut in {work} on tickettracker/{args.target}, judged by {' '.join(tests)}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children)], cwd=work, env=env
    )
    results = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return _report(results, work)


def _report(results: str, work: Path) -> int:
    per_file: dict[str, Counter[str]] = {}
    survivors = []
    for line in results.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name:
            continue
        module = name.split(".x_")[0].split(".xǁ")[0]
        per_file.setdefault(module, Counter())[status] += 1
        if status == "survived":
            survivors.append(name)
    total: Counter[str] = Counter()
    for module, counts in sorted(per_file.items()):
        total += counts
        print(
            f"{module:45} killed {counts['killed']:4}  survived {counts['survived']:4}  other {_other(counts)}"
        )
    judged = total["killed"] + total["survived"]
    share = f"{100 * total['killed'] / judged:.1f} %" if judged else "n/a"
    print(f"{'total':45} killed {total['killed']:4}  survived {total['survived']:4}  killed share {share}")
    for name in survivors:
        print(f"survived: {name}")
    print(f"(mutmut show NAME, in {work})")
    return 0


def _other(counts: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k not in ("killed", "survived")) or "0"


if __name__ == "__main__":
    sys.exit(main())
