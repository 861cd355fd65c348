import { describe, expect, it } from 'vitest'
import { parseSize, parseStats } from '../metrics/stats.ts'

describe('parseSize', () => {
  it.each([
    ['0B', 0],
    ['668KiB', 668 * 1024],
    ['1.5MiB', 1.5 * 1024 ** 2],
    ['23.54GiB', 23.54 * 1024 ** 3],
    ['12.3MB', 12.3e6],
    ['512kB', 512e3],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBeCloseTo(bytes)
  })

  it('is NaN for what is not a size', () => {
    expect(parseSize('--')).toBeNaN()
  })
})

describe('parseStats', () => {
  it("reads `docker stats --no-stream --format '{{json .}}'`, one container per line", () => {
    const text = [
      '{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"pf-st","ID":"35ca8849a1b6","MemPerc":"0.00%","MemUsage":"668KiB / 23.54GiB","Name":"pf-st","NetIO":"0B / 0B","PIDs":"1"}',
      '{"BlockIO":"1.2MB / 0B","CPUPerc":"12.50%","Container":"shop_web_1","ID":"0f3c2b1a9e8d","MemPerc":"1.25%","MemUsage":"12.5MiB / 1GiB","Name":"shop_web_1","NetIO":"0B / 0B","PIDs":"3"}',
      '',
    ].join('\n')
    expect(parseStats(text)).toEqual([
      { name: 'pf-st', cpuPercent: 0, memoryBytes: 668 * 1024, memoryPercent: 0 },
      { name: 'shop_web_1', cpuPercent: 12.5, memoryBytes: 12.5 * 1024 ** 2, memoryPercent: 1.25 },
    ])
  })

  it("reads podman 4.3's indented JSON array with its own keys", () => {
    // Recorded from `podman stats --no-stream --format '{{json .}}' <id>` (podman 4.3.1, rootful).
    const text = `[
 {
  "id": "4cc4338a9aca",
  "name": "s3probe_web_1",
  "cpu_time": "26.343987ms",
  "cpu_percent": "0.25%",
  "avg_cpu": "0.25%",
  "mem_usage": "434.2kB / 25.28GB",
  "mem_percent": "0.00%",
  "net_io": "1.284kB / 1.927kB",
  "block_io": "0B / 0B",
  "pids": "1"
 }
]
`
    expect(parseStats(text)).toEqual([
      { name: 's3probe_web_1', cpuPercent: 0.25, memoryBytes: 434_200, memoryPercent: 0 },
    ])
  })
})
