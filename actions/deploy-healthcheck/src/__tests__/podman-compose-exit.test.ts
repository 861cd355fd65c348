import type { ProcessResult } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import { withoutEchoedRuns, withPodmanComposeExit } from '../compose/project.ts'

const result = (stdout: string, exitCode = 0): ProcessResult => ({
  exitCode,
  signal: null,
  stdout,
  stderr: '',
  truncated: false,
  timedOut: false,
  durationMs: 1,
})

// The stdout podman-compose 1.0.3 printed for `up -d` of a service with network_mode: host (podman
// refused the container), and for a stack that started: recorded from the real program.
const REFUSED = `['podman', '--version', '']
using podman version: 4.3.1
** excluding:  set()
['podman', 'network', 'exists', 's3probe_default']
podman run --name=s3probe_web_1 -d --label io.podman.compose.project=s3probe --network host --net s3probe_default --network-alias web pf-podman-probe:1
exit code: 125
podman start s3probe_web_1
exit code: 125
`
const STARTED = `['podman', '--version', '']
using podman version: 4.3.1
podman run --name=s3probe_web_1 -d --label io.podman.compose.project=s3probe pf-podman-probe:1
4cc4338a9aca8d87e1
exit code: 0
`

describe('withPodmanComposeExit', () => {
  it('takes the first non-zero exit code podman-compose printed when it exited 0 itself', () => {
    expect(withPodmanComposeExit(result(REFUSED)).exitCode).toBe(125)
  })

  it('keeps a clean run and a run that failed by itself as they are', () => {
    expect(withPodmanComposeExit(result(STARTED)).exitCode).toBe(0)
    expect(withPodmanComposeExit(result(REFUSED, 2)).exitCode).toBe(2)
  })
})

// Recorded from podman-compose 1.0.3: `up -d` of a service with `environment: {API_TOKEN: …}` whose
// image is missing. It echoes the podman run with every variable's value, then exits 0.
const ECHOED_SECRET = `['podman', '--version', '']
using podman version: 4.3.1
** excluding:  set()
['podman', 'network', 'exists', 's3pc_default']
podman run --name=s3pc_web_1 -d --label io.podman.compose.project=s3pc --label com.docker.compose.service=web -e API_TOKEN=sekrit-s3-value --net s3pc_default --network-alias web localhost/does-not-exist-s3:1
exit code: 125
podman start s3pc_web_1
exit code: 125
`

describe('withoutEchoedRuns', () => {
  it("drops the podman run lines podman-compose echoes, with the service's variables, and keeps its exit codes", () => {
    const r = withPodmanComposeExit(withoutEchoedRuns(result(ECHOED_SECRET)))
    expect(r.stdout).not.toContain('sekrit-s3-value')
    expect(r.stdout).not.toContain('podman run')
    expect(r.exitCode).toBe(125)
    expect(r.stdout).toContain('podman start s3pc_web_1\nexit code: 125')
  })
})
