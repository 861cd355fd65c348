import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockerConfigCredentials } from '../docker-config.ts'

describe('dockerConfigCredentials', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docker-config-'))
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'ghcr.io': { auth: Buffer.from('octo:ghp_secret:with:colons').toString('base64') },
          'https://registry.example.com': { username: 'ci', password: 'pw' },
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
          'empty.example.com': {},
        },
        credsStore: 'desktop',
      }),
    )
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  const env = () => ({ DOCKER_CONFIG: dir })

  it('decodes `auth` (base64 of user:password; the password may hold colons)', async () => {
    expect(await dockerConfigCredentials('ghcr.io', env())).toEqual({
      username: 'octo',
      password: 'ghp_secret:with:colons',
    })
  })

  it('reads username and password, under a key written with its scheme', async () => {
    expect(await dockerConfigCredentials('registry.example.com', env())).toEqual({
      username: 'ci',
      password: 'pw',
    })
  })

  it("finds Docker Hub's credentials under its legacy index URL", async () => {
    expect(await dockerConfigCredentials('registry-1.docker.io', env())).toEqual({
      username: 'hubuser',
      password: 'hubpass',
    })
  })

  it('has none for an unknown host, an empty entry, or no config file', async () => {
    expect(await dockerConfigCredentials('quay.io', env())).toBeUndefined()
    expect(await dockerConfigCredentials('empty.example.com', env())).toBeUndefined()
    expect(
      await dockerConfigCredentials('ghcr.io', { DOCKER_CONFIG: path.join(dir, 'missing') }),
    ).toBeUndefined()
  })

  it('reads ~/.docker/config.json without DOCKER_CONFIG', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'home-'))
    await mkdir(path.join(home, '.docker'))
    await writeFile(
      path.join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': { username: 'u', password: 'p' } } }),
    )
    expect(await dockerConfigCredentials('ghcr.io', { HOME: home })).toEqual({ username: 'u', password: 'p' })
    await rm(home, { recursive: true, force: true })
  })

  it('refuses a config.json that is not JSON, naming the file', async () => {
    const bad = await mkdtemp(path.join(os.tmpdir(), 'docker-config-bad-'))
    await writeFile(path.join(bad, 'config.json'), '{ nope')
    await expect(dockerConfigCredentials('ghcr.io', { DOCKER_CONFIG: bad })).rejects.toThrow(
      /config\.json is not JSON/,
    )
    await rm(bad, { recursive: true, force: true })
  })
})
