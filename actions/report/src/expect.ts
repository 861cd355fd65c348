import type { SuiteResult } from '@postflight/core'

/** One expected leg: a suite, optionally on one leg label (`platform-smoke@linux-x64`). */
export interface Expectation {
  text: string
  suite: string
  label?: string
}

export function parseExpectations(items: readonly string[]): Expectation[] {
  return items.map((text) => {
    const at = text.indexOf('@')
    return at === -1 ? { text, suite: text } : { text, suite: text.slice(0, at), label: text.slice(at + 1) }
  })
}

/**
 * The expectations no readable result satisfies. Only a valid results file counts: a leg whose file
 * is broken is reported twice (as an `error` leg and as missing), never as present.
 */
export function missingLegs(expectations: readonly Expectation[], legs: readonly SuiteResult[]): string[] {
  return expectations
    .filter(
      (e) => !legs.some((r) => r.suite === e.suite && (e.label === undefined || r.leg.label === e.label)),
    )
    .map((e) => e.text)
}
