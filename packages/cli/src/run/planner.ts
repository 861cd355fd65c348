import { readFile } from 'node:fs/promises'
import {
  inputNames,
  inputsFromEnv,
  loadConfigSection,
  mergeInputs,
  nearest,
  PostflightError,
  SUITES,
} from '@postflight/core'
import { parse } from 'yaml'
import { findCommand, SUITE_COMMANDS, type SuiteCommand } from '../commands.ts'
import { type LegPlan, PLANNERS, sectionPlanner } from './plan.ts'

/** The suites `run` considers: every postflight.yml suite but the report that has a CLI command (its first). */
export function runnableCommands(): SuiteCommand[] {
  // In the pipeline's order (SUITES), whatever order the commands were registered in.
  return SUITES.flatMap((suite) => {
    const command = SUITE_COMMANDS.find((c) => c.spec.suite === suite)
    return command && suite !== 'report' ? [command] : []
  })
}

/** The suites `--only` names (command names, aliases or suite names); an unknown one is a usage error. */
export function selectedSuites(
  only: readonly string[] | undefined,
  commands: readonly SuiteCommand[],
): Set<string> | undefined {
  if (!only) return undefined
  const names = commands.flatMap((c) => [c.name, ...c.aliases, c.spec.suite])
  const out = new Set<string>()
  for (const name of only) {
    const suite = findCommand(name)?.spec.suite
    if (!suite || !commands.some((c) => c.spec.suite === suite)) {
      const hint = nearest(name, names)
      throw new PostflightError(
        'BAD_INPUT',
        `--only: '${name}' is not a suite run can run${hint ? ` (did you mean '${hint}'?)` : ''}; expected some of ${commands.map((c) => c.name).join(', ')}`,
        { field: 'only' },
      )
    }
    out.add(suite)
  }
  return out
}

/** postflight.yml as a mapping, to see which sections it has; loadConfigSection reports what is wrong with it. */
export async function readConfigDoc(file: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new PostflightError(
      'BAD_CONFIG',
      `cannot read ${file}: ${(err as Error).message}. postflight run needs a postflight.yml: give --config or POSTFLIGHT_CONFIG`,
      { field: 'config', cause: err },
    )
  }
  // Validates the top level (YAML, known sections) with the same messages every suite gives.
  await loadConfigSection(file, 'report')
  const doc = parse(text) as unknown
  return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {}
}

/**
 * Decides every leg: each suite's planner says what runs on this machine and what does not, and why.
 * A suite whose settings cannot be read is planned to run, so its own run records the error.
 */
export async function planLegs(options: {
  config: string
  doc: Record<string, unknown>
  only: Set<string> | undefined
  here: string
  env: NodeJS.ProcessEnv
}): Promise<LegPlan[]> {
  const legs: LegPlan[] = []
  for (const command of runnableCommands()) {
    const suite = command.spec.suite
    if (options.only && !options.only.has(suite)) {
      legs.push({ suite, label: options.here, run: false, reason: 'not selected (--only)' })
      continue
    }
    const names = inputNames(command.spec.schema)
    let settings: Record<string, string | string[] | boolean | undefined>
    try {
      settings = mergeInputs(
        await loadConfigSection(options.config, suite, names),
        inputsFromEnv(names, options.env),
      )
    } catch {
      legs.push({ suite, label: options.here, run: true, command })
      continue
    }
    const planner = PLANNERS[suite] ?? sectionPlanner
    const section = options.doc[suite]
    legs.push(
      ...(await planner({
        command,
        settings,
        hasSection: section !== undefined && section !== null,
        here: options.here,
        env: options.env,
      })),
    )
  }
  return legs
}
