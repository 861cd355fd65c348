import { describeError } from '../errors.ts'
import { type Check, type Leg, type ReleaseRef, SCHEMA_VERSION, type SuiteResult } from './model.ts'
import { deriveStatus } from './status.ts'

export type CheckInput = Omit<Check, 'durationMs'> & { durationMs?: number }

/** What a timed check function returns; id and title come from the caller. */
export type CheckOutcome = Omit<Check, 'id' | 'title' | 'durationMs'>

/**
 * Collects the checks of one suite run and derives its status. Ids must be unique within a suite
 * (history compares releases check by check), so a duplicate id is a programming error.
 */
export class SuiteBuilder {
  readonly #checks: Check[] = []
  readonly #ids = new Set<string>()
  readonly #startedAt = new Date()
  readonly #metrics: NonNullable<SuiteResult['metrics']> = {}
  #partial = false
  readonly suite: string
  readonly leg: Leg
  release: ReleaseRef

  constructor(suite: string, leg: Leg, release: ReleaseRef = {}) {
    this.suite = suite
    this.leg = leg
    this.release = release
  }

  add(check: CheckInput): Check {
    if (this.#ids.has(check.id)) throw new Error(`duplicate check id ${check.id} in suite ${this.suite}`)
    this.#ids.add(check.id)
    const full: Check = { ...check, durationMs: Math.round(check.durationMs ?? 0) }
    this.#checks.push(full)
    return full
  }

  has(id: string): boolean {
    return this.#ids.has(id)
  }

  /** The first candidate id not used yet; the last one numbered when all are taken. */
  uniqueId(...candidates: [string, ...string[]]): string {
    for (const c of candidates) if (!this.#ids.has(c)) return c
    const last = candidates[candidates.length - 1] as string
    for (let n = 2; ; n++) if (!this.#ids.has(`${last}#${n}`)) return `${last}#${n}`
  }

  /** Runs `fn`, times it, and records its outcome; an exception becomes an `error` check, never a crash. */
  async run(id: string, title: string, fn: () => Promise<CheckOutcome> | CheckOutcome): Promise<Check> {
    const started = performance.now()
    try {
      const outcome = await fn()
      return this.add({ id, title, ...outcome, durationMs: performance.now() - started })
    } catch (err) {
      return this.add({
        id,
        title,
        status: 'error',
        message: `could not check: ${describeError(err)}`,
        durationMs: performance.now() - started,
      })
    }
  }

  metric(name: string, value: number, unit: string): void {
    this.#metrics[name] = { value, unit }
  }

  /** Marks the result as incomplete: it can never be green. */
  markPartial(reason: string): void {
    this.#partial = true
    if (!this.#ids.has('engine:incomplete')) {
      this.add({ id: 'engine:incomplete', title: 'All checks were made', status: 'error', message: reason })
    }
  }

  get checks(): readonly Check[] {
    return this.#checks
  }

  finish(logs?: string[]): SuiteResult {
    const result: SuiteResult = {
      schemaVersion: SCHEMA_VERSION,
      suite: this.suite,
      leg: this.leg,
      release: this.release,
      startedAt: this.#startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      status: deriveStatus(this.#checks, this.#partial),
      partial: this.#partial,
      checks: [...this.#checks],
    }
    if (Object.keys(this.#metrics).length > 0) result.metrics = { ...this.#metrics }
    if (logs && logs.length > 0) result.logs = logs
    return result
  }
}
