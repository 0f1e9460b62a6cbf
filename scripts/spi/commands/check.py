"""`spi check`: the project's conventions (layers, naming, sources, docs, tests, contracts, YAML style)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spi.conventions.exceptions import EXCEPTIONS_FILE
from spi.conventions.manifest import ParseError
from spi.conventions.runner import check_project
from spi.project import project_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check the project's conventions over dbt's manifest (like a linter)",
        description="Parse the dbt project (no database access) and check its conventions: layer folders and "
        "prefixes, staging names, source() only in staging, one staging model per source table, no unused "
        "sources, no hard-coded relations or paths, 100%% documentation, primary-key and other tests, at most "
        "6 direct parents, view chains of at most 5, enforced mart contracts, data_tests:/arguments: in YAML. "
        f"Exceptions, each with a reason, go in {EXCEPTIONS_FILE}. Exits 1 on any violation.",
    )
    parser.add_argument("--project-dir", type=Path, help="dbt project to check (default: this repository)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    project = (args.project_dir or project_dir()).resolve()
    try:
        violations = check_project(project)
    except ParseError as error:
        print(f"spi check: {error}", file=sys.stderr)
        return 1
    for violation in violations:
        print(violation.format())
    if violations:
        rules = sorted({violation.rule for violation in violations})
        print(f"spi check: {len(violations)} violation(s) of {len(rules)} rule(s): {', '.join(rules)}",
              file=sys.stderr)
        return 1
    print(f"spi check: {project.name}: every convention holds", file=sys.stderr)
    return 0
