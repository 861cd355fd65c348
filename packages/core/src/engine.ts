import type { Logger } from './log/logger.ts'
import type { SecretRegistry } from './log/secrets.ts'
import type { Leg } from './result/model.ts'
import type { SuiteBuilder } from './result/suite-builder.ts'

export interface Progress {
  /** What is progressing, e.g. `hash app.tar.gz`. */
  label: string
  done: number
  total?: number
  unit: 'bytes' | 'items'
}

/** Everything an engine gets from its adapter. Engines never import @actions/core. */
export interface EngineContext {
  logger: Logger
  secrets: SecretRegistry
  signal: AbortSignal
  /** A private scratch folder, removed by the adapter afterwards. */
  workDir: string
  leg: Leg
  progress?: (p: Progress) => void
  /**
   * An engine hands its SuiteBuilder over as soon as it has one: when the engine then throws, the
   * checks it already made are kept in the (partial) result instead of being lost.
   */
  attach?: (suite: SuiteBuilder) => void
}

/** An engine: options in, a SuiteResult out. It throws only when it could not do its job. */
export type Engine<Options, Result> = (options: Options, ctx: EngineContext) => Promise<Result>
