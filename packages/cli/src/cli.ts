import { consoleSink, describeError, executeSuite, nearest, renderSuiteText } from '@postflight/core'
import { findCommand, SUITE_COMMANDS } from './commands.ts'
import { describeFlags, parseArgs } from './flags.ts'

export const VERSION = '0.1.0'

export interface CliIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
}

function usage(): string {
  const lines = [
    'Usage: postflight <command> [--flag value ...]',
    '',
    'Commands:',
    ...SUITE_COMMANDS.map(
      (c) =>
        `  ${c.name.padEnd(12)} ${c.summary}${c.aliases.length ? ` (alias: ${c.aliases.join(', ')})` : ''}`,
    ),
    '',
    'Global flags:',
    '  --json                 print the results as JSON on stdout',
    '  --verbose              list passing checks and debug logs',
    '  --log-format <fmt>     human (default) or json log lines on stderr',
    '  --help, --version',
    '',
    'Exit codes: 0 passed, 1 the release failed a check, 2 bad usage or the tool could not do its job.',
  ]
  return `${lines.join('\n')}\n`
}

/** Runs the CLI and returns its exit code; never calls process.exit itself (testable). */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv)
  if (args.global.version) {
    io.stdout.write(`postflight ${VERSION}\n`)
    return 0
  }
  if (!args.command) {
    ;(args.global.help ? io.stdout : io.stderr).write(usage())
    return args.global.help ? 0 : 2
  }
  const command = findCommand(args.command)
  if (!command) {
    const hint = nearest(
      args.command,
      SUITE_COMMANDS.flatMap((c) => [c.name, ...c.aliases]),
    )
    io.stderr.write(
      `postflight: unknown command '${args.command}'${hint ? ` (did you mean '${hint}'?)` : ''}\n\n${usage()}`,
    )
    return 2
  }
  if (args.global.help) {
    io.stdout.write(
      `Usage: postflight ${command.name} [flags]\n\n${command.summary}\n\nFlags:\n${describeFlags(command.spec.schema).join('\n')}\n`,
    )
    return 0
  }
  if (args.errors.length > 0) {
    io.stderr.write(`postflight ${command.name}: ${args.errors.join('\n')}\n`)
    return 2
  }
  try {
    const execution = await executeSuite(command.spec, {
      raw: args.inputs,
      style: 'cli',
      sink: consoleSink(args.global.logFormat, io.stderr),
      env: io.env,
      ...(io.env.GITHUB_REPOSITORY ? { release: { repo: io.env.GITHUB_REPOSITORY } } : {}),
      verbose: args.global.verbose,
    })
    if (args.global.json) io.stdout.write(`${JSON.stringify(execution.result, null, 2)}\n`)
    else {
      io.stdout.write(renderSuiteText(execution.result, { verbose: args.global.verbose }))
      if (execution.resultsFile) io.stdout.write(`results: ${execution.resultsFile}\n`)
    }
    return execution.exitCode
  } catch (err) {
    io.stderr.write(`postflight ${command.name}: ${describeError(err)}\n`)
    return 2
  }
}
