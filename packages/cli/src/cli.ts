import {
  cancellationSignal,
  consoleSink,
  describeError,
  executeSuite,
  type LogSink,
  nearest,
  type Progress,
  renderSuiteText,
} from '@postflight/core'
import manifest from '../package.json' with { type: 'json' }
import { findCommand, SUITE_COMMANDS } from './commands.ts'
import { failOnNote } from './fail-on-note.ts'
import { describeFlags, parseArgs } from './flags.ts'
import { RunInputs } from './run/inputs.ts'
import { progressText } from './run/progress.ts'
import { RUN_SUMMARY, runCommand } from './run/run-command.ts'
import { selectAssetCommand } from './select-asset.ts'

export const VERSION: string = manifest.version

export interface CliIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
}

const GLOBAL_HELP = [
  'Global flags:',
  '  --json                 print the results as JSON on stdout (default: false)',
  '  --verbose              list passing checks and debug logs (default: false)',
  '  --log-format <fmt>     human or json log lines on stderr (default: human)',
  '  --help, -h             this help; after a command, its flags with their defaults',
  "  --version              before a command: postflight's version (after one: the suite's version input)",
  '',
  'Exit codes: 0 passed, 1 the release failed a check, 2 bad usage or the tool could not do its job.',
  "--fail-on moves the line for findings: 'warn' makes warnings exit 1, 'never' makes failures exit 0.",
  '',
]

function usage(): string {
  const lines = [
    'Usage: postflight <command> [--flag value ...]',
    '',
    'Commands:',
    ...SUITE_COMMANDS.map(
      (c) =>
        `  ${c.name.padEnd(12)} ${c.summary}${c.aliases.length ? ` (alias: ${c.aliases.join(', ')})` : ''}`,
    ),
    `  ${'run'.padEnd(12)} ${RUN_SUMMARY}`,
    `  ${'select-asset'.padEnd(12)} Print the release asset a platform should use: --platform <os>-<arch> --assets FILE`,
    '',
    "Every command's flags, with their defaults: postflight <command> --help",
    '',
    ...GLOBAL_HELP,
  ]
  return `${lines.join('\n')}\n`
}

/**
 * On a terminal, the suite's progress (`hash 45% of 266 MB`) on one line of stderr, redrawn at most
 * every 100 ms and cleared before each log line and at the end; nothing in CI, a pipe, or --json.
 */
function statusLine(io: CliIO, quiet: boolean) {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true && !io.env.CI && !quiet
  let shown = false
  let last = 0
  const clear = (): void => {
    if (shown) io.stderr.write('\r\x1b[2K')
    shown = false
  }
  return {
    clear,
    wrap:
      (sink: LogSink): LogSink =>
      (record) => {
        clear()
        sink(record)
      },
    progress: tty
      ? (p: Progress): void => {
          const now = Date.now()
          if (now - last < 100) return
          last = now
          io.stderr.write(`\r\x1b[2K${progressText(p)}`)
          shown = true
        }
      : undefined,
  }
}

/** Runs the CLI and returns its exit code; never calls process.exit itself (testable). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv)
  if (args.global.version) {
    io.stdout.write(`postflight ${VERSION}\n`)
    return 0
  }
  if (args.command === 'select-asset') return selectAssetCommand(args, io)
  if (args.command === 'run') {
    if (!args.global.help) return runCommand(args, io)
    io.stdout.write(
      [
        'Usage: postflight run [--config postflight.yml] [--out-dir DIR] [--only suite,...] [--json]',
        '',
        RUN_SUMMARY,
        '',
        'Flags:',
        ...describeFlags(RunInputs),
        '',
        'Legs that cannot run here (another platform, a suite not configured, no Docker Engine) get a',
        'results file that says why, and show in the report as skipped, never as passed. A leg that',
        "crashed is an error. The exit code is the report's: its fail-on comes from postflight.yml.",
        '',
        ...GLOBAL_HELP,
      ].join('\n'),
    )
    return 0
  }
  if (!args.command) {
    ;(args.global.help ? io.stdout : io.stderr).write(usage())
    return args.global.help ? 0 : 2
  }
  const command = findCommand(args.command)
  if (!command) {
    const hint = nearest(args.command, [
      ...SUITE_COMMANDS.flatMap((c) => [c.name, ...c.aliases]),
      'select-asset',
      'run',
    ])
    io.stderr.write(
      `postflight: unknown command '${args.command}'${hint ? ` (did you mean '${hint}'?)` : ''}\n\n${usage()}`,
    )
    return 2
  }
  if (args.global.help) {
    io.stdout.write(
      [
        `Usage: postflight ${command.name} [flags]`,
        '',
        command.summary,
        '',
        'Flags (the inputs of the action, same names; repeat a flag to give a list):',
        ...describeFlags(command.spec.schema),
        '',
        ...GLOBAL_HELP,
      ].join('\n'),
    )
    return 0
  }
  const status = statusLine(io, args.global.json || args.global.logFormat === 'json')
  try {
    const execution = await executeSuite(command.spec, {
      raw: args.inputs,
      usageErrors: args.errors,
      signal: cancellationSignal(),
      style: 'cli',
      sink: status.wrap(consoleSink(args.global.logFormat, io.stderr)),
      ...(status.progress ? { progress: status.progress } : {}),
      env: io.env,
      ...(io.env.GITHUB_REPOSITORY ? { release: { repo: io.env.GITHUB_REPOSITORY } } : {}),
      verbose: args.global.verbose,
    })
    status.clear()
    if (args.global.json) io.stdout.write(`${JSON.stringify(execution.result, null, 2)}\n`)
    else {
      io.stdout.write(renderSuiteText(execution.result, { verbose: args.global.verbose }))
      const note = failOnNote(execution.result.status, execution.failOn, execution.exitCode)
      if (note) io.stdout.write(`${note}\n`)
      if (execution.resultsFile) io.stdout.write(`results: ${execution.resultsFile}\n`)
    }
    return execution.exitCode
  } catch (err) {
    status.clear()
    io.stderr.write(`postflight ${command.name}: ${describeError(err)}\n`)
    return 2
  }
}
