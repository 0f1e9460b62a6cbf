"""Benchmark the build per region: wall time, peak memory, rows per mart, and dbt's time against the floor.

Usage: python scripts/benchmark.py [--job build|score-kit|health-year] [--regions icb england area:E54000055]
                                   [--runs 2] [--note TEXT] [--out FILE]

A region `area:CODE[,CODE...]` is `spi build --area CODE[,CODE...]` (any English ICB, council or region from
the national data; e.g. area:E54000055, Birmingham and Solihull ICB: target at most 20 s).

--job build (default) builds each region (below). --job score-kit times `spi score` on the SPI 2024 kit and,
alternately in the same run, a plain pandas implementation of the same arithmetic
(scripts/pandas_reference_score.py; target: `spi score` at most 3x pandas; benchmarks/score_kit_results.md).
--job health-year times generating one year of the synthetic record-level extract (about 1.13 million rows)
plus aggregating it to wards (target at most 20 s; benchmarks/health_year.md).

For each region:
- `--runs` fresh `spi build` processes, each into an emptied DuckDB file at a fixed path
  (warehouse/benchmark/<region>.duckdb, so dbt's partial parse is warm after run 1, as for a user's repeated
  build): wall time of the process and peak RSS of its process tree (polled from /proc every 50 ms, and at
  least the kernel's ru_maxrss of the child);
- rows of every mart of the last build;
- the floor: the same compiled SQL of the same models (`dbt compile`, target/manifest.json), executed
  directly in one DuckDB connection in DAG order into a fresh file, with the profile's DuckDB settings.
  Seeds are loaded with read_csv and the seed's column_types. The floor is timed for the model SQL alone
  and for the model SQL plus every data test's SQL; dbt's time is the in-process `dbt build` call the build
  records as dbt_seconds (parse, seeds, models, data tests; not the input validation before it). Like
  `spi build`, neither runs the tests of the SQL itself (dbt's unit tests, tag code_check: `make test` does).
The latest table replaces the block between the markers in the results file; each run set also appends one
line to the run-set table at its end (the script's original output, kept).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

import duckdb  # noqa: E402

from spi import compiled_sql  # noqa: E402
from spi.storage.build_record import BuildRecord  # noqa: E402
from spi.dbt_invoke import run_dbt  # noqa: E402
from spi.areas import (  # noqa: E402
    AreaError,
    area_codes_of,
    area_dbt_vars,
    is_area_region,
    parse_area_codes,
    region_string,
    resolve_area,
)
from spi.project import MART_SCHEMA, RAW_DATA_DIR, Target  # noqa: E402

BENCHMARK_DIR = PROJECT_DIR / "warehouse" / "benchmark"
LATEST_START = "<!-- latest:start -->"
LATEST_END = "<!-- latest:end -->"
RUN_SETS_HEADER = (
    "| when (UTC) | region | runs | median s | min s | max s | peak RSS MiB | cores |\n"
    "|---|---|---|---|---|---|---|---|\n"
)


@dataclass
class RegionResult:
    region: str
    walls: list[float] = field(default_factory=list)
    peaks_mib: list[float] = field(default_factory=list)
    dbt_seconds: list[float] = field(default_factory=list)
    mart_rows: dict[str, int] = field(default_factory=dict)
    floor_models: float = 0.0
    floor_tests: float = 0.0
    n_models: int = 0
    n_tests: int = 0


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 once it has gone)."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_build(database: Path, region: str) -> tuple[float, float]:
    """Return (wall seconds, peak RSS MiB of the process tree) of one `spi build` subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "spi.cli", "build", "--quiet", *_where(region), "--database", str(database)],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "scripts")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_tree = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss_kib(process.pid))
            done.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, stderr = process.communicate()
    done.set()
    poller.join()
    wall = time.perf_counter() - started
    database.with_name(database.name + ".log").write_text(stderr)  # the build's own output, for a slow run
    if process.returncode != 0:
        sys.exit(f"build failed (region {region}):\n{stderr[-4000:]}")
    # RUSAGE_CHILDREN's ru_maxrss is the largest of every child so far: it speaks for this build only if this
    # build raised it (else an earlier, bigger build's peak would be reported: the polled tree peak stands)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_child = after if after > before else 0
    return wall, max(peak_tree, peak_child) / 1024


def _where(region: str) -> list[str]:
    """The `spi build` options of a benchmark region: --region icb|england, or --area CODES for area:CODES."""
    return ["--area", region.removeprefix("area:")] if is_area_region(region) else ["--region", region]


def _dbt_vars(region: str) -> dict:
    if not is_area_region(region):
        return {"region": region}
    return area_dbt_vars(resolve_area(area_codes_of(region), RAW_DATA_DIR))


def _file_stem(region: str) -> str:
    return region.replace(":", "-").replace(",", "_")


def mart_rows(database: Path) -> dict[str, int]:
    connection = duckdb.connect(str(database))
    try:
        tables = connection.execute(
            "select table_name from information_schema.tables where table_schema = ? order by table_name",
            [MART_SCHEMA],
        ).fetchall()
        return {
            name: connection.execute(f'select count(*) from {MART_SCHEMA}."{name}"').fetchone()[0]
            for (name,) in tables
        }
    finally:
        connection.close()


def compile_manifest(scratch: Path, region: str) -> dict:
    """`dbt compile` into a scratch target path; the database file is named like the floor's (spi.duckdb)."""
    target_path = scratch / "target"
    outcome = run_dbt(
        ["compile", "--target-path", str(target_path)],
        Target(database=scratch / "compile" / "spi.duckdb", region=region),
        dbt_vars=_dbt_vars(region),
        show_progress=False,
    )
    if not outcome.success:
        sys.exit(f"dbt compile failed:\n{outcome.summary()}")
    manifest = json.loads((target_path / "manifest.json").read_text())
    # what `spi build` runs: not the code checks (tag code_check: their seeds and tests; unit tests are not
    # manifest nodes), which `make test` runs (spi build --code-tests)
    code_checks = {unique_id for unique_id, node in manifest["nodes"].items() if "code_check" in node.get("tags", [])}
    # and, as dbt's selection does, the tests of an excluded node (the key tests of the code checks' seeds)
    code_checks |= {unique_id for unique_id, node in manifest["nodes"].items()
                    if node["resource_type"] == "test" and code_checks & set(node["depends_on"].get("nodes", []))}
    manifest["nodes"] = {unique_id: node for unique_id, node in manifest["nodes"].items()
                         if unique_id not in code_checks}
    return manifest


def run_floor(manifest: dict, database: Path) -> tuple[float, float, int, int]:
    """Execute the compiled models (then the tests) in one connection; return (model s, test s, n models, n tests)."""
    connection = compiled_sql.connect(database)
    try:
        try:
            ordered = compiled_sql.dag_order(manifest)
        except compiled_sql.CycleError as problem:
            sys.exit(str(problem))
        compiled_sql.create_schemas(connection, (node["schema"] for node in ordered))
        for hook in compiled_sql.hook_statements(manifest):
            connection.execute(hook)
        model_seconds = 0.0
        for node in ordered:
            sql = compiled_sql.create_statement(node, PROJECT_DIR)
            started = time.perf_counter()
            connection.execute(sql)
            model_seconds += time.perf_counter() - started
        tests = [
            node
            for node in manifest["nodes"].values()
            if node["resource_type"] == "test" and node["config"].get("enabled", True) and node.get("compiled_code")
        ]
        started = time.perf_counter()
        for node in tests:
            connection.execute(f"select count(*) from ({node['compiled_code']}) as test_rows").fetchone()
        test_seconds = time.perf_counter() - started
        return model_seconds, test_seconds, len(ordered), len(tests)
    finally:
        connection.close()


def _fresh(database: Path) -> Path:
    """Remove a database and its side files, so the next build starts from an empty file."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(database.with_name(database.name + ".tmp"), ignore_errors=True)
    return database


def benchmark_region(region: str, runs: int, scratch: Path) -> RegionResult:
    result = RegionResult(region=region)
    # A fixed path per region: dbt's partial parse is keyed on the profile (the database path), so runs
    # after the first are warm like a user's repeated `spi build`; run 1 may be a cold parse.
    database = BENCHMARK_DIR / f"{_file_stem(region)}.duckdb"
    for run in range(1, runs + 1):
        wall, peak = run_build(_fresh(database), region)
        record = BuildRecord.read(database)
        result.walls.append(wall)
        result.peaks_mib.append(peak)
        result.dbt_seconds.append(record.dbt_seconds if record and record.dbt_seconds else float("nan"))
        print(
            f"{region} run {run}/{runs}: {wall:.1f} s (dbt {result.dbt_seconds[-1]:.1f} s), peak RSS {peak:.0f} MiB",
            file=sys.stderr,
            flush=True,
        )
    result.mart_rows = mart_rows(database)
    floor_dir = scratch / f"floor-{_file_stem(region)}"
    floor_dir.mkdir()
    manifest = compile_manifest(floor_dir, region)
    result.floor_models, result.floor_tests, result.n_models, result.n_tests = run_floor(
        manifest, floor_dir / "spi.duckdb"
    )
    print(
        f"{region} floor: models {result.floor_models:.1f} s ({result.n_models} nodes), "
        f"+ tests {result.floor_tests:.1f} s ({result.n_tests} tests)",
        file=sys.stderr,
        flush=True,
    )
    return result


def latest_table(results: list[RegionResult], contention: str) -> str:
    marts = sorted({name for result in results for name in result.mart_rows})
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; {contention}",
        "",
        "| region | runs | wall s (median) | wall s (run 1) | peak RSS MiB | dbt build s | floor models s | floor models+tests s "
        "| dbt / floor (models) | dbt / floor (models+tests) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        dbt = statistics.median(result.dbt_seconds)
        with_tests = result.floor_models + result.floor_tests
        lines.append(
            f"| {result.region} | {len(result.walls)} | {statistics.median(result.walls):.1f} | {result.walls[0]:.1f} | "
            f"{max(result.peaks_mib):.0f} | {dbt:.1f} | {result.floor_models:.1f} | {with_tests:.1f} | "
            f"{dbt / result.floor_models:.2f} | {dbt / with_tests:.2f} |"
        )
    lines += ["", "Rows per mart:", "", "| mart | " + " | ".join(r.region for r in results) + " |"]
    lines.append("|---|" + "---|" * len(results))
    for mart in marts:
        lines.append(f"| {mart} | " + " | ".join(f"{r.mart_rows.get(mart, 0):,}" for r in results) + " |")
    return "\n".join(lines)


def write_results(out: Path, results: list[RegionResult], contention: str) -> None:
    text = out.read_text() if out.exists() else "# Build benchmark\n"
    block = f"{LATEST_START}\n{latest_table(results, contention)}\n{LATEST_END}"
    if LATEST_START in text:
        head, rest = text.split(LATEST_START, 1)
        text = head + block + rest.split(LATEST_END, 1)[1]
    else:
        head, sep, runs = text.partition("| when (UTC) |")
        text = (
            head.rstrip("\n")
            + "\n\n`python scripts/benchmark.py` (see its docstring for what is measured).\n\n## Latest, per region\n\n"
            + block
            + "\n\n## Run sets\n\nOne line per region per benchmark run.\n\n"
            + (sep + runs if sep else RUN_SETS_HEADER)
        )
    for result in results:
        line = (
            f"| {datetime.now(UTC):%Y-%m-%d %H:%M} | {result.region} | {len(result.walls)} | "
            f"{statistics.median(result.walls):.1f} | {min(result.walls):.1f} | {max(result.walls):.1f} | "
            f"{max(result.peaks_mib):.0f} | {os.cpu_count()} |"
        )
        text = text.rstrip("\n") + "\n" + line + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)


KIT = PROJECT_DIR / "tests" / "fixtures" / "spi2024"
JOB_RESULTS = {
    "score-kit": PROJECT_DIR / "benchmarks" / "score_kit_results.md",
    "health-year": PROJECT_DIR / "benchmarks" / "health_year.md",
}


def job_command(job: str, database: Path, region: str) -> list[str]:
    """The `spi` arguments of one run of the job."""
    if job == "score-kit":
        return [
            "score",
            "--quiet",
            "--framework",
            str(KIT / "framework.csv"),
            "--values",
            str(KIT / "values.csv"),
            "--out",
            str(database.parent / f"{database.stem}-scores"),
        ]  # as a user runs it: the default in-memory database and the cached compiled engine SQL
    return ["build", "--quiet", *_where(region), "--database", str(database)]


def run_spi_job(database: Path, region: str, job: str) -> tuple[float, float]:
    """Return (wall seconds, peak RSS MiB) of one `spi build` (or `spi score`) subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "spi.cli", *job_command(job, database, region)],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "scripts")},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{job} failed:\n{completed.stderr[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # CPU seconds show how much of the wall time is waiting for a busy machine
    print(f"  {job}: {wall:.1f} s wall, {cpu:.1f} s CPU", file=sys.stderr, flush=True)
    # an upper bound: RUSAGE_CHILDREN's peak is the largest of every child so far (one job per run set here)
    peak_kib = max(before.ru_maxrss, after.ru_maxrss)
    return wall, peak_kib / 1024


def run_health_year(out_dir: Path) -> tuple[float, float, int]:
    """Return (generate seconds, aggregate seconds, record rows) of one year of the synthetic extract."""
    import duckdb

    from spi.health.generate import generate
    from spi.project import RAW_DATA_DIR

    started = time.perf_counter()
    report = generate(out_dir, years=[2024])
    generated = time.perf_counter() - started
    started = time.perf_counter()
    # the same grouping as int_ward_record_counts_aggregated: LSOA first, then wards
    rows = duckdb.sql(
        f"""
        with lsoa_counts as (
            select lsoa21_code, age_band, count(*) as residents, sum(ae_attendances) as ae_attendances,
                   sum(emergency_admissions) as emergency_admissions,
                   count(*) filter (where long_term_conditions >= 2) as multimorbid,
                   count(*) filter (where smoking_status = 'current') as current_smokers
            from read_parquet('{out_dir}/patient_records_2024.parquet')
            group by lsoa21_code, age_band
        ),
        lookup as (
            select lsoa21_code, ward24_code as ward_code
            from read_csv('{RAW_DATA_DIR}/icb/lsoa21_to_wd24_ssot.csv', all_varchar = true)
        )
        select lookup.ward_code, lsoa_counts.age_band, sum(residents), sum(ae_attendances),
               sum(emergency_admissions), sum(multimorbid), sum(current_smokers)
        from lsoa_counts inner join lookup on lsoa_counts.lsoa21_code = lookup.lsoa21_code
        group by lookup.ward_code, lsoa_counts.age_band
        """
    ).fetchall()
    aggregated = time.perf_counter() - started
    assert rows, "aggregation returned no wards"
    return generated, aggregated, report.rows["patient_records"]


def health_year_job(args: argparse.Namespace) -> int:
    totals = []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(1, args.runs + 1):
            generated, aggregated, rows = run_health_year(Path(scratch) / f"run{run}")
            totals.append(generated + aggregated)
            print(f"run {run}/{args.runs}: generate {generated:.1f} s + aggregate {aggregated:.1f} s "
                  f"({rows:,} record rows)", file=sys.stderr, flush=True)
    out = args.out
    line = (
        f"| {datetime.now(UTC):%Y-%m-%d %H:%M} | {rows:,} | {args.runs} | {statistics.median(totals):.1f} | "
        f"{min(totals):.1f} | {max(totals):.1f} | {'yes' if statistics.median(totals) <= 20 else 'NO'} | {os.cpu_count()} |"
    )
    if not out.exists():
        out.write_text(
            "# Health year benchmark\n\n`python scripts/benchmark.py --job health-year`: generate one year of the "
            "synthetic record-level extract and aggregate it to wards (target at most 20 s).\n\n"
            "| when (UTC) | record rows | runs | median s | min s | max s | within 20 s | cores |\n"
            "|---|---|---|---|---|---|---|---|\n"
        )
    with out.open("a") as handle:
        handle.write(line + "\n")
    print(line)
    return 0


PANDAS_REFERENCE = PROJECT_DIR / "scripts" / "pandas_reference_score.py"
SCORE_KIT_TARGET_RATIO = 3.0
SCORE_KIT_RATIO_HEADER = (
    "| when (UTC) | runs | spi score median s | pandas median s | spi score / pandas (median of per-run ratios) "
    "| within 3x | pandas after imports median s | spi score / pandas after imports | max abs score difference "
    "| spi score CPU s | peak RSS MiB | load average (1, 5 min) | cores |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)


def run_pandas_reference(out_dir: Path) -> tuple[float, float, float]:
    """Return (wall seconds, CPU seconds, seconds after imports) of one pandas reference process on the kit
    (same files, same outputs)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(PANDAS_REFERENCE), str(KIT / "framework.csv"), str(KIT / "values.csv"), str(out_dir)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"pandas reference failed (pip install -e '.[dev]' installs pandas):\n{completed.stderr[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    inside = float(completed.stderr.rsplit(" in ", 1)[1].split()[0])
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), inside


def score_difference(spi_dir: Path, pandas_dir: Path) -> float:
    """The largest score difference between the two outputs; infinite if any row, null, rank or flag differs."""
    spi, pandas = (f"read_parquet('{folder / 'scores.parquet'}')" for folder in (spi_dir, pandas_dir))
    n_rows, n_unmatched, largest = duckdb.sql(
        f"""
        select count(*), count(*) filter (where pandas.area_code is null
            or (spi.score is null) <> (pandas.score is null) or spi.rank is distinct from pandas.rank
            or spi.is_imputed <> pandas.is_imputed or spi.n_indicators_imputed <> pandas.n_indicators_imputed),
            coalesce(max(abs(spi.score - pandas.score)), 0)
        from {spi} as spi left join {pandas} as pandas using (area_code, period, level, name)
        """
    ).fetchone()
    n_pandas = duckdb.sql(f"select count(*) from {pandas}").fetchone()[0]
    return float("inf") if n_unmatched or n_rows != n_pandas else largest


def score_kit_job(args: argparse.Namespace) -> int:
    """`spi score` and the pandas reference on the kit, alternately, `--runs` times each, in one run."""
    args.region = "spi2024 kit"
    walls, peaks, cpus, pandas_walls, ratios, insides, inside_ratios = [], [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(1, args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, peak = run_spi_job(Path(scratch) / f"run{run}.duckdb", args.region, args.job)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
            pandas_wall, pandas_cpu, inside = run_pandas_reference(Path(scratch) / f"run{run}-pandas")
            insides.append(inside)
            inside_ratios.append(wall / inside)
            walls.append(wall)
            peaks.append(peak)
            pandas_walls.append(pandas_wall)
            ratios.append(wall / pandas_wall)
            print(f"run {run}/{args.runs}: spi score {wall:.2f} s, pandas {pandas_wall:.2f} s ({pandas_cpu:.1f} s CPU, "
                  f"{inside:.2f} s after imports), "
                  f"ratio {wall / pandas_wall:.2f}, peak RSS {peak:.0f} MiB; {_load_average()}",
                  file=sys.stderr, flush=True)
        last = Path(scratch) / f"run{args.runs}"
        difference = score_difference(last.with_name(last.name + "-scores"), last.with_name(last.name + "-pandas"))
    ratio = statistics.median(ratios)
    one, five, _ = os.getloadavg()
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
    line = (
        f"| {when} | {args.region} | {args.runs} | "
        f"{statistics.median(walls):.1f} | {min(walls):.1f} | {max(walls):.1f} | {max(peaks):.0f} | {os.cpu_count()} |"
    )
    ratio_line = (
        f"| {when} | {args.runs} | {statistics.median(walls):.2f} | {statistics.median(pandas_walls):.2f} | "
        f"{ratio:.2f} | {'yes' if ratio <= SCORE_KIT_TARGET_RATIO else 'NO'} | {statistics.median(insides):.2f} | "
        f"{statistics.median(inside_ratios):.2f} | {difference:.1e} | "
        f"{statistics.median(cpus):.1f} | {max(peaks):.0f} | {one:.1f}, {five:.1f} | {os.cpu_count()} |"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.out.exists():
        title = "`spi score` on the SPI 2024 kit" if args.job == "score-kit" else "Build"
        args.out.write_text(
            f"# {title} benchmark\n\n`python scripts/benchmark.py --job {args.job}` appends one line per run set.\n\n"
            "| when (UTC) | region | runs | median s | min s | max s | peak RSS MiB | cores |\n"
            "|---|---|---|---|---|---|---|---|\n"
        )
    text = args.out.read_text()
    marker = "## spi score against pandas"
    before_ratio, _, ratio_table = text.partition(marker)
    before_ratio = before_ratio.rstrip("\n") + "\n" + line + "\n"
    if not ratio_table:
        ratio_table = (
            "\n\nTarget (issue 14): `spi score` at most 3x a plain pandas implementation of the same arithmetic "
            "(scripts/pandas_reference_score.py), both timed as whole processes (start, imports, read both files, "
            "score, write scores.csv and scores.parquet) alternately in the same benchmark run; `spi score` also "
            "checks both files. The ratio is the median of the per-run ratios, less sensitive to load than the "
            "times. A stricter ratio divides by pandas' time after its interpreter started and imported pandas "
            "(read, score, write), which `spi score`'s own time includes. The score difference compares the two "
            "outputs row by row (inf: a row, null, rank or flag differs).\n\n" + SCORE_KIT_RATIO_HEADER
        )
    text = before_ratio + "\n" + marker + ratio_table.rstrip("\n") + "\n" + ratio_line + "\n"
    args.out.write_text(text)
    print(line)
    print(ratio_line)
    return 0


def _load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) when it finished"


def _region_argument(text: str) -> str:
    if text in ("icb", "england"):
        return text
    if is_area_region(text):
        try:
            return region_string(parse_area_codes(text.removeprefix("area:")))
        except AreaError as problem:
            raise argparse.ArgumentTypeError(str(problem)) from problem
    raise argparse.ArgumentTypeError(f"{text!r}: icb, england or area:CODE[,CODE...]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--regions", nargs="+", default=["icb", "england"], type=_region_argument,
                        help="icb, england, or area:CODE[,CODE...] (default: icb england)")
    parser.add_argument("--region", help="one region only (the script's original option)")
    parser.add_argument("--note", default="", help="contention note written beside the table")
    parser.add_argument("--job", choices=("build", "score-kit", "health-year"), default="build")
    parser.add_argument("--out", type=Path, help="results file (default: benchmarks/results.md for build)")
    args = parser.parse_args()
    if args.job != "build":
        args.out = args.out or JOB_RESULTS[args.job]
        return health_year_job(args) if args.job == "health-year" else score_kit_job(args)
    args.out = args.out or PROJECT_DIR / "benchmarks" / "results.md"
    regions = [args.region] if args.region else args.regions
    with tempfile.TemporaryDirectory(prefix="spi-benchmark-") as scratch:
        results = [benchmark_region(region, args.runs, Path(scratch)) for region in regions]
    contention = ((args.note + "; ") if args.note else "") + _load_average()
    write_results(args.out, results, contention)
    print(latest_table(results, contention))
    return 0


if __name__ == "__main__":
    sys.exit(main())
