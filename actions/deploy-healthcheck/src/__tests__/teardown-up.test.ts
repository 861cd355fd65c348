import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { memoryLogger, SecretRegistry } from '@postflight/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { manualCommands, teardown } from '../cleanup/teardown.ts'
import type { ComposeCli } from '../compose/detect.ts'
import { ComposeProject } from '../compose/project.ts'
import { upWithRetries } from '../compose/up.ts'

// The stand-in programs are sh scripts (and `echo`): POSIX only. The compose engines run on Linux and macOS runners.
const posix = process.platform !== 'win32'

// Stand-ins on PATH: a compose whose `up` fails until its Nth call (logging every call), and a
// docker that still lists what `down` left of the project.
const COMPOSE = (okOnCall: number) => `#!/bin/sh
log="$(dirname "$0")/calls"
echo "$*" >> "$log"
case "$*" in
  *" up "*)
    n=$(grep -c " up " "$log")
    [ "$n" -ge ${okOnCall} ] && exit 0
    echo "Error response from daemon: driver failed programming external connectivity: port is already allocated" >&2
    exit 1 ;;
esac
exit 0
`
const DOCKER_LEFTOVERS = `#!/bin/sh
case "$1 $2" in
  "ps -a") echo shop_web_1 ;;
  "network ls") echo shop_default ;;
esac
exit 0
`
const DOCKER_CLEAN = '#!/bin/sh\nexit 0\n'

let saved: string | undefined
let bin: string

async function tool(name: string, script: string): Promise<void> {
  await writeFile(path.join(bin, name), script)
  await chmod(path.join(bin, name), 0o755)
}

const cli: ComposeCli = {
  name: 'docker-compose',
  command: 'docker-compose',
  prefix: [],
  containers: 'docker',
  jsonPs: false,
  version: 'stand-in',
}
const project = () =>
  new ComposeProject({ cli, name: 'shop', files: ['compose.yml'], secrets: new SecretRegistry() })
const calls = async () => (await readFile(path.join(bin, 'calls'), 'utf8')).trim().split('\n')

beforeEach(async () => {
  saved = process.env.PATH
  bin = await mkdtemp(path.join(os.tmpdir(), 'pf-teardown-'))
  // grep and dirname for the stand-ins' own use, nothing else.
  process.env.PATH = `${bin}:/usr/bin:/bin`
  await tool('docker', DOCKER_CLEAN)
})
afterEach(() => {
  process.env.PATH = saved
})

describe.runIf(posix)('upWithRetries', () => {
  const options = () => ({
    retries: 2,
    build: false,
    pull: 'never' as const,
    signal: new AbortController().signal,
    logger: memoryLogger(new SecretRegistry()).logger,
  })

  it('cleans up before each retry, and a pass after a failure is flaky', async () => {
    await tool('docker-compose', COMPOSE(2))
    const outcome = await upWithRetries(project(), options())
    expect(outcome).toMatchObject({ status: 'warn', flaky: true, attempts: 2 })
    expect(outcome.message).toContain('port is already allocated')
    expect(await calls()).toEqual([
      '-p shop -f compose.yml up -d --remove-orphans',
      '-p shop -f compose.yml down -v --remove-orphans -t 5',
      '-p shop -f compose.yml up -d --remove-orphans',
    ])
  }, 20_000)

  it('fails with every attempt in the evidence when up never works', async () => {
    await tool('docker-compose', COMPOSE(99))
    const outcome = await upWithRetries(project(), options())
    expect(outcome).toMatchObject({ status: 'fail', attempts: 3 })
    expect(outcome.evidence?.failures).toHaveLength(3)
  }, 20_000)
})

describe.runIf(posix)('teardown', () => {
  it('passes when nothing labelled with the project is left', async () => {
    await tool('docker-compose', COMPOSE(1))
    expect(await teardown(project())).toMatchObject({ status: 'pass' })
  })

  it('fails naming what is left and the exact commands that remove it', async () => {
    await tool('docker-compose', COMPOSE(1))
    await tool('docker', DOCKER_LEFTOVERS)
    const outcome = await teardown(project())
    expect(outcome.status).toBe('fail')
    expect(outcome.message).toContain(
      'remove them with: docker rm -f -v shop_web_1 && docker network rm shop_default',
    )
    expect(outcome.evidence).toMatchObject({
      containers: ['shop_web_1'],
      networks: ['shop_default'],
      volumes: [],
    })
  })
})

describe('manualCommands', () => {
  it("names podman's commands, a podman-compose pod among them", () => {
    const podman = new ComposeProject({
      cli: { ...cli, name: 'podman-compose', command: 'podman-compose', containers: 'podman' },
      name: 'shop',
      files: ['compose.yml'],
      secrets: new SecretRegistry(),
    })
    expect(
      manualCommands(podman, {
        containers: ['shop_web_1'],
        networks: ['shop_default'],
        volumes: [],
        pods: ['pod_shop'],
      }),
    ).toEqual(['podman rm -f -v shop_web_1', 'podman pod rm -f pod_shop', 'podman network rm shop_default'])
  })
})
