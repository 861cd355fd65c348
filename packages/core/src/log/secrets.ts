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

  /**
   * Redacts every string value inside a JSON-like value, walking the value rather
   * than its JSON text: a secret holding `"` or `\\` is found as it is, and one that happens to
   * equal a key name cannot corrupt the structure.
   */
  redactDeep<T>(value: T): T {
    if (this.#values.size === 0) return value
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v)
      if (Array.isArray(v)) return v.map(walk)
      if (v !== null && typeof v === 'object') {
        // Keys are Postflight's own field names, never data: left alone so the shape survives.
        return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]))
      }
      return v
    }
    return walk(value) as T
  }
}
