/** CPU and memory of one container at one moment, from `stats --no-stream`. */
export interface ContainerStats {
  name: string
  cpuPercent: number
  memoryBytes: number
  memoryPercent: number
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
}

/** `668KiB`, `1.5MB`, `0B` as bytes; NaN for anything else. */
export function parseSize(text: string): number {
  const m = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(text)
  if (!m) return Number.NaN
  const unit = UNITS[(m[2] || 'b').toLowerCase()]
  return unit === undefined ? Number.NaN : Number(m[1]) * unit
}

const percent = (v: unknown): number => Number.parseFloat(String(v ?? '').replace('%', ''))

function row(o: Record<string, unknown>): ContainerStats {
  const used = String(o.MemUsage ?? o.mem_usage ?? '').split('/')[0] ?? ''
  return {
    name: String(o.Name ?? o.name ?? o.Container ?? o.ID ?? o.id ?? ''),
    cpuPercent: percent(o.CPUPerc ?? o.cpu_percent ?? o.CPU),
    memoryBytes: Math.round(parseSize(used)),
    memoryPercent: percent(o.MemPerc ?? o.mem_percent ?? o.Mem),
  }
}

/**
 * Reads `stats --no-stream --format '{{json .}}'`. Docker prints one JSON object per line with
 * `Name`, `CPUPerc`, `MemUsage`, `MemPerc`; podman 4.3 prints one indented JSON array of objects with
 * `name`, `cpu_percent`, `mem_usage`, `mem_percent`. Memory is `used / limit` in binary or decimal units.
 */
export function parseStats(text: string): ContainerStats[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed)
    return (Array.isArray(parsed) ? parsed : [])
      .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null)
      .map(row)
  }
  return trimmed
    .split(/\r?\n/)
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => row(JSON.parse(line) as Record<string, unknown>))
}
