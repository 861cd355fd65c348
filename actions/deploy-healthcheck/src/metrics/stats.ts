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

/**
 * Reads `docker stats --no-stream --format '{{json .}}'` (podman prints the same keys): one JSON
 * object per line, memory as `used / limit` in binary or decimal units.
 */
export function parseStats(text: string): ContainerStats[] {
  const out: ContainerStats[] = []
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim().startsWith('{')) continue
    const o = JSON.parse(line) as Record<string, unknown>
    const used = String(o.MemUsage ?? '').split('/')[0] ?? ''
    out.push({
      name: String(o.Name ?? o.Container ?? o.ID ?? ''),
      cpuPercent: percent(o.CPUPerc ?? o.CPU),
      memoryBytes: Math.round(parseSize(used)),
      memoryPercent: percent(o.MemPerc ?? o.Mem),
    })
  }
  return out
}
