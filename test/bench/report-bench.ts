// The report at scale (issue 5): 500 legs × 200 checks read from their results files, validated,
// aggregated, rendered in every format (summary, HTML, JSON, JUnit, SARIF) and written — by the
// committed bundle, run as the runner runs it (INPUT_* variables, GITHUB_OUTPUT, a step summary),
// in a child process so the peak RSS is the step's own. Targets: < 2 s, peak RSS < 300 MB.
// A second row runs it with NODE_OPTIONS=--max-semi-space-size=16, which a workflow can set on the
// step: what is left above the live heap (~55 MB) is mostly V8's young generation, grown to its
// largest while 100,000 checks are read and kept.
// Run alone with `node test/bench/report-bench.ts` (BENCH_RUNS, default 3; best run counts; BENCH_ROW).
// A third row records each run in a history database, as the action does by default on Actions.
// Sets process.exitCode = 1 only when the default run misses a target.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { pathToFileURL } from 'node:url'
import { bigLeg, writeLegs } from '../../actions/report/src/__tests__/make-results.ts'

const LEGS = 500
const CHECKS = 200
// REPORT_BUNDLE: another build of the bundle, to compare two versions under the same load.
const BUNDLE = path.resolve(
  process.env.REPORT_BUNDLE ?? path.join(import.meta.dirname, '../../actions/report/dist/index.js'),
)
const runs = Number(process.env.BENCH_RUNS ?? '3')

// Loads the bundle like `node dist/index.js` does, and reports the process's peak RSS on exit.
const WRAPPER = `await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});
process.on('exit', () => process.stderr.write('\\nPEAK_RSS_KIB=' + process.resourceUsage().maxRSS + '\\n'))`

async function runOnce(
  dir: string,
  nodeOptions: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ ms: number; rssMB: number; status: string }> {
  const step = await mkdtemp(path.join(dir, 'step-'))
  await writeFile(path.join(step, 'output'), '')
  await writeFile(path.join(step, 'summary'), '')
  const started = performance.now()
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', WRAPPER], {
    cwd: step,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: nodeOptions,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: path.join(step, 'output'),
      GITHUB_STEP_SUMMARY: path.join(step, 'summary'),
      INPUT_RESULTS: path.join(dir, 'in'),
      ...extraEnv,
    },
  })
  const ms = performance.now() - started
  const peak = /PEAK_RSS_KIB=(\d+)/.exec(child.stderr)?.[1]
  const output = await readFile(path.join(step, 'output'), 'utf8')
  const status = /status<<(\S+)\n(\w+)/.exec(output)?.[2] ?? 'none'
  // The generated release fails some checks on purpose: exit 1 is the expected verdict.
  if (child.status !== 1 || !peak)
    throw new Error(`report bundle exited ${child.status}: ${child.stderr.slice(-2000)}`)
  return { ms, rssMB: (Number(peak) * 1024) / 1e6, status }
}

// The history row measures a database that has been in use for a while: its window of 10 runs
// full and more runs behind it, as it is after a few weeks on Actions. The runs after the first are
// copies of it made in SQL (a bundle run each would add a minute to the bench); every index and
// table is written as a real run writes it, whatever the schema version.
const SEEDED_RUNS = 30

function seedHistory(file: string, runs: number): void {
  const db = new DatabaseSync(file)
  try {
    for (let n = 1; n < runs; n++) {
      db.exec(`BEGIN;
        INSERT INTO runs (generated_at, repo, tag, version, status)
          SELECT generated_at, repo, tag, version, status FROM runs WHERE id = 1;
        INSERT INTO results SELECT (SELECT MAX(id) FROM runs), key, status, duration_ms, attempts, flaky
          FROM results WHERE run_id = 1;
        COMMIT;`)
    }
  } finally {
    db.close()
  }
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-report-bench-'))
try {
  const suites = ['verify-artifacts', 'platform-smoke', 'container-scan', 'deploy-healthcheck']
  await writeLegs(
    path.join(dir, 'in'),
    Array.from({ length: LEGS }, (_, i) => bigLeg(suites[i % suites.length] as string, `leg-${i}`, CHECKS)),
  )
  console.log(`report bench — ${LEGS} legs × ${CHECKS} checks, the committed bundle, best of ${runs}`)
  console.log('| benchmark | time | target | peak RSS | target | verdict |')
  console.log('|---|---|---|---|---|---|')
  // The third row records every run in a history database (on Actions it is on by default, the
  // cache transfer aside): 100,000 rows a run, and the trends against the runs before (a window
  // of 10 of them, full).
  const history: NodeJS.ProcessEnv = { INPUT_HISTORY: path.join(dir, 'history.sqlite') }
  const rows: [string, string, NodeJS.ProcessEnv][] = [
    ['defaults', '', {}],
    ['NODE_OPTIONS=--max-semi-space-size=16', '--max-semi-space-size=16', {}],
    [`with history, after ${SEEDED_RUNS} earlier runs`, '', history],
  ]
  // BENCH_ROW: only the rows whose label contains it (`BENCH_ROW=history`).
  for (const [label, nodeOptions, extraEnv] of rows.filter(([l]) =>
    l.includes(process.env.BENCH_ROW ?? ''),
  )) {
    const results = []
    if (extraEnv === history) {
      await runOnce(dir, nodeOptions, extraEnv)
      seedHistory(history.INPUT_HISTORY as string, SEEDED_RUNS)
    }
    for (let i = 0; i < runs; i++) results.push(await runOnce(dir, nodeOptions, extraEnv))
    const ms = Math.min(...results.map((r) => r.ms))
    const rssMB = Math.max(...results.map((r) => r.rssMB))
    const ok = ms < 2000 && rssMB < 300
    console.log(
      `| read, validate, aggregate, render, write all formats (${label}) | ${(ms / 1000).toFixed(2)} s | < 2 s | ${rssMB.toFixed(0)} MB | < 300 MB | ${ok ? 'met' : 'MISSED'} |`,
    )
    if (!ok && nodeOptions === '') process.exitCode = 1
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
