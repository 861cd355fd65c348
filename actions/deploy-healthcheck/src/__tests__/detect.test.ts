import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { SecretRegistry } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { detectCompose } from '../compose/detect.ts'
import { ComposeProject } from '../compose/project.ts'

// The stand-in programs are sh scripts (and `echo`): POSIX only. The compose engines run on Linux and macOS runners.
const posix = process.platform !== 'win32'

// Stand-ins on PATH for the compose programs that are not installed here (v2 plugin, podman): small
// sh scripts answering `version` and, for v2, `ps --format json` with the lines Compose 2.29 prints.
const V2_DOCKER = `#!/bin/sh
case "$*" in
  "compose version") echo "Docker Compose version v2.29.7"; exit 0 ;;
  *"ps -a --format json")
    echo '{"ExitCode":0,"Health":"healthy","ID":"0f3c2b1a9e8d","Name":"shop-web-1","Project":"shop","Service":"web","State":"running"}'
    echo '{"ExitCode":3,"Health":"","ID":"1e2d3c4b5a69","Name":"shop-worker-1","Project":"shop","Service":"worker","State":"restarting"}'
    exit 0 ;;
esac
exit 1
`
const NO_PLUGIN_DOCKER = `#!/bin/sh
echo "docker: 'compose' is not a docker command." >&2
exit 1
`
// podman-compose 1.0.3 (Debian bookworm) prints the podman command it runs and podman's version
// before its own line: recorded from the real program.
const PODMAN_COMPOSE = `#!/bin/sh
if [ "$1" = version ]; then
  echo "['podman', '--version', '']"
  echo "using podman version: 4.3.1"
  echo "podman-composer version  1.0.3"
  echo "podman --version "
  echo "podman version 4.3.1"
  echo "exit code: 0"
  exit 0
fi
exit 1
`

let saved: string | undefined
let bin: string

async function tool(name: string, script: string): Promise<void> {
  await writeFile(path.join(bin, name), script)
  await chmod(path.join(bin, name), 0o755)
}

beforeEach(async () => {
  saved = process.env.PATH
  bin = await mkdtemp(path.join(os.tmpdir(), 'pf-detect-'))
  // Only the stand-ins (their shebang names /bin/sh; echo is built in): no real docker or docker-compose.
  process.env.PATH = bin
})
afterEach(() => {
  process.env.PATH = saved
})

describe.runIf(posix)('detectCompose', () => {
  it('prefers the docker compose v2 plugin, which prints JSON ps', async () => {
    await tool('docker', V2_DOCKER)
    await tool('podman-compose', PODMAN_COMPOSE)
    const cli = await detectCompose('auto', new AbortController().signal)
    expect(cli).toMatchObject({ name: 'docker', command: 'docker', prefix: ['compose'], jsonPs: true })
    expect(cli.version).toBe('Docker Compose version v2.29.7')
  })

  it('falls through a docker without the plugin to the next that answers', async () => {
    await tool('docker', NO_PLUGIN_DOCKER)
    await tool('podman-compose', PODMAN_COMPOSE)
    const cli = await detectCompose('auto', new AbortController().signal)
    expect(cli).toMatchObject({ name: 'podman-compose', containers: 'podman', jsonPs: false })
    expect(cli.version).toBe('podman-composer version 1.0.3')
  })

  it('names the engine input when the one asked for is missing', async () => {
    await expect(detectCompose('podman', new AbortController().signal)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'engine',
      message: expect.stringContaining('podman compose'),
    })
  })

  it('lists a v2 project through ps --format json', async () => {
    await tool('docker', V2_DOCKER)
    const cli = await detectCompose('docker', new AbortController().signal)
    const project = new ComposeProject({
      cli,
      name: 'shop',
      files: ['compose.yml'],
      secrets: new SecretRegistry(),
    })
    expect(await project.containerIds()).toEqual(['0f3c2b1a9e8d', '1e2d3c4b5a69'])
  })
})
