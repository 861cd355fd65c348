/**
 * Values that must never reach a log, a report or an artifact. Every output path of Postflight
 * (logger, summary, results file) runs its text through `redact`.
 */
export class SecretRegistry {
  readonly #values = new Set<string>()
  readonly #listeners: Array<(value: string) => void> = []

  /** Registers a secret; values shorter than 4 characters are ignored (they would redact ordinary words). */
  add(value: string | undefined | null): void {
    if (!value || value.length < 4 || this.#values.has(value)) return
    this.#values.add(value)
    // Multi-line secrets (PEM keys) also leak line by line.
    for (const line of value.split(/\r?\n/)) {
      if (line.trim().length >= 8) this.#values.add(line.trim())
    }
    for (const listener of this.#listeners) listener(value)
  }

  /** Called for every secret added from now on, e.g. to forward it to `core.setSecret`. */
  onAdd(listener: (value: string) => void): void {
    this.#listeners.push(listener)
    for (const value of this.#values) listener(value)
  }

  get size(): number {
    return this.#values.size
  }

  redact(text: string): string {
    if (this.#values.size === 0) return text
    let out = text
    // Longest first, so a secret that contains another is replaced whole.
    for (const value of [...this.#values].sort((a, b) => b.length - a.length)) {
      if (out.includes(value)) out = out.split(value).join('***')
    }
    return out
  }

  /** Redacts every string inside a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (this.#values.size === 0) return value
    return JSON.parse(this.redact(JSON.stringify(value))) as T
  }
}
