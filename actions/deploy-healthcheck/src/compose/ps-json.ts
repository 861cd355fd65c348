/** One row of `docker compose ps --format json`, the fields we read. */
export interface PsRow {
  id: string
  name: string
  service: string
  state: string
  exitCode?: number
}

function row(v: unknown): PsRow | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const o = v as Record<string, unknown>
  const id = o.ID ?? o.Id
  if (typeof id !== 'string' || id === '') return undefined
  const out: PsRow = {
    id,
    name: typeof o.Name === 'string' ? o.Name : Array.isArray(o.Names) ? String(o.Names[0] ?? '') : '',
    service: typeof o.Service === 'string' ? o.Service : '',
    state: typeof o.State === 'string' ? o.State.toLowerCase() : '',
  }
  if (typeof o.ExitCode === 'number') out.exitCode = o.ExitCode
  return out
}

/**
 * Reads `compose ps --format json`: Compose before 2.21 prints one JSON array, later versions one
 * JSON object per line (and nothing at all for an empty project); both are accepted.
 */
export function parsePsJson(text: string): PsRow[] {
  const trimmed = text.trim()
  if (trimmed === '') return []
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed)
    return (Array.isArray(parsed) ? parsed : []).map(row).filter((r): r is PsRow => r !== undefined)
  }
  return trimmed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .map((line) => row(JSON.parse(line)))
    .filter((r): r is PsRow => r !== undefined)
}
