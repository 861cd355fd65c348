import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPolicy } from '../config.ts'

describe('loadPolicy', () => {
  it('has defaults: non-root and secrets fail, healthcheck and age warn, the OCI source label required', async () => {
    const policy = await loadPolicy(undefined)
    expect(policy['non-root'].level).toBe('fail')
    expect(policy.secrets.level).toBe('fail')
    expect(policy.healthcheck.level).toBe('warn')
    expect(policy.age.level).toBe('warn')
    expect(policy.labels.required).toEqual(['org.opencontainers.image.source'])
    expect(policy.size.max).toBeUndefined()
  })

  it('takes a level alone, false for off, or an object with options and units', async () => {
    const policy = await loadPolicy(
      'healthcheck: off\nnon-root: warn\nsecrets: false\nsize: { max: 1.5GiB }\nage: { max: 2w, level: fail }\nports: { allow: [8080, "9000-9100/udp"] }',
    )
    expect(policy.healthcheck.level).toBe('off')
    expect(policy['non-root'].level).toBe('warn')
    expect(policy.secrets.level).toBe('off')
    expect(policy.size.max).toBe(Math.round(1.5 * 1024 ** 3))
    expect(policy.age).toEqual({ level: 'fail', max: 14 * 86_400_000 })
    expect(policy.ports.allow).toEqual([8080, '9000-9100/udp'])
  })

  it('reads a .yml file named by the input', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'policy-'))
    const file = path.join(dir, 'policy.yml')
    await writeFile(file, 'licenses:\n  deny: [AGPL-3.0-only]\n')
    expect((await loadPolicy(file)).licenses.deny).toEqual(['AGPL-3.0-only'])
    await rm(dir, { recursive: true, force: true })
  })

  it.each([
    ['sise: { max: 1GB }', /unknown rule: sise/],
    ['licenses: { alow: [MIT] }', /unknown option of licenses: alow/],
    ['size: { max: lots }', /size\.max: expected e\.g\. 500MB/],
    ['healthcheck: maybe', /healthcheck\.level/],
    ['ports: { allow: [http] }', /ports\.allow\.0/],
    ['a: [unclosed', /not YAML/],
    // A licence id that is not SPDX would deny nothing (or allow nothing): named, not ignored.
    ['licenses: { deny: [GPL3] }', /licenses\.deny\.0: "GPL3" is not an SPDX licence id/],
    [
      'licenses: { allow: [MIT, "MIT OR X11"] }',
      /licenses\.allow\.1: "MIT OR X11" is not an SPDX licence id/,
    ],
    ['missing-file.yml', /could not be read/],
  ])('refuses %j, naming the input and the key', async (text, why) => {
    const err = loadPolicy(text)
    await expect(err).rejects.toThrow(why)
    await expect(loadPolicy(text)).rejects.toThrow(/input 'policy'/)
  })
})
