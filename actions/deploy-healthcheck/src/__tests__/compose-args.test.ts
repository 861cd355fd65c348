import { SecretRegistry } from '@postflight/core'
import { describe, expect, it } from 'vitest'
import type { ComposeCli } from '../compose/detect.ts'
import { ComposeProject } from '../compose/project.ts'

// The stand-in programs are sh scripts (and `echo`): POSIX only. The compose engines run on Linux and macOS runners.
const posix = process.platform !== 'win32'

// `echo` stands in for the compose program: it prints the argument array it was given, so these
// tables show exactly what each compose implementation is asked to run (no shell, no quoting).
const cli = (jsonPs: boolean): ComposeCli => ({
  name: jsonPs ? 'docker' : 'docker-compose',
  command: 'echo',
  prefix: jsonPs ? ['compose'] : [],
  containers: 'docker',
  jsonPs,
  version: 'test',
})

const project = (jsonPs: boolean) =>
  new ComposeProject({
    cli: cli(jsonPs),
    name: 'deploy_1',
    files: ['a.yml', 'b b.yml'],
    envFile: '.env',
    profiles: ['debug'],
    secrets: new SecretRegistry(),
  })

const BASE = '-p deploy_1 -f a.yml -f b b.yml --env-file .env --profile debug'

describe.runIf(posix)('ComposeProject arguments', () => {
  it.each([
    [
      true,
      { build: true, pull: 'always' as const },
      `compose ${BASE} up -d --remove-orphans --build --pull always`,
    ],
    [true, { build: false, pull: 'never' as const }, `compose ${BASE} up -d --remove-orphans --pull never`],
    [false, { build: true, pull: 'never' as const }, `${BASE} up -d --remove-orphans --build`],
  ])('v2=%s up %j runs %s', async (jsonPs, options, expected) => {
    const r = await project(jsonPs).up(options)
    expect(r.stdout.trim()).toBe(expected)
  })

  it('down removes volumes and orphans', async () => {
    expect((await project(false).down()).stdout.trim()).toBe(`${BASE} down -v --remove-orphans -t 5`)
  })

  it('lists containers with JSON ps on v2 and ps -q on v1', async () => {
    // echo prints its arguments, which parse as no JSON rows and one "id" line respectively.
    expect(await project(true).containerIds()).toEqual([])
    expect(await project(false).containerIds()).toEqual([`${BASE} ps -q`])
  })
})
