// The registry-username/registry-password inputs reach trivy and grype through their environment
// (scoped to the image's registry for grype), and never through their command line.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScanOptions } from '../../inputs.ts'
import { scannerCredentials } from '../../scan/scan-reports.ts'
import { runScanner } from '../scanner.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-scanner-creds-'))
  await mkdir(path.join(dir, 'bin'))
  // A stand-in tool that records its arguments and the credential variables it was given.
  for (const tool of ['trivy', 'grype']) {
    const file = path.join(dir, 'bin', tool)
    await writeFile(
      file,
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/${tool}.args"\nenv | grep -E '^(TRIVY|GRYPE)_' | sort > "${dir}/${tool}.env"\n`,
    )
    await chmod(file, 0o755)
  }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const options = (o: Partial<ScanOptions>) => o as ScanOptions

describe('scanner credentials', () => {
  it('come from the inputs for a registry image only, keyed by its registry', () => {
    const creds = { 'registry-username': 'ci', 'registry-password': 's3cr3t-pw' }
    expect(scannerCredentials(options({ image: 'ghcr.io/acme/app:1', ...creds }))).toEqual({
      registry: 'ghcr.io',
      username: 'ci',
      password: 's3cr3t-pw',
    })
    expect(scannerCredentials(options({ image: 'acme/app:1', ...creds }))?.registry).toBe('index.docker.io')
    expect(scannerCredentials(options({ image: 'docker-daemon:acme/app:1', ...creds }))).toBeUndefined()
    expect(scannerCredentials(options({ archive: 'x.tar', ...creds }))).toBeUndefined()
    expect(scannerCredentials(options({ image: 'ghcr.io/acme/app:1' }))).toBeUndefined()
  })

  it.each(['trivy', 'grype'] as const)('reach %s in its environment, not its arguments', async (tool) => {
    await runScanner(
      tool,
      { image: '127.0.0.1:5000/acme/app:1' },
      {
        signal: AbortSignal.timeout(10_000),
        workDir: path.join(dir, `work-${tool}`),
        env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` },
        credentials: { registry: '127.0.0.1:5000', username: 'ci', password: 's3cr3t-pw' },
      },
    )
    const args = await readFile(path.join(dir, `${tool}.args`), 'utf8')
    const env = await readFile(path.join(dir, `${tool}.env`), 'utf8')
    expect(args).toContain('127.0.0.1:5000/acme/app:1')
    expect(args).not.toContain('s3cr3t-pw')
    expect(env.trim().split('\n')).toEqual(
      tool === 'trivy'
        ? ['TRIVY_PASSWORD=s3cr3t-pw', 'TRIVY_USERNAME=ci']
        : [
            'GRYPE_REGISTRY_AUTH_AUTHORITY=127.0.0.1:5000',
            'GRYPE_REGISTRY_AUTH_PASSWORD=s3cr3t-pw',
            'GRYPE_REGISTRY_AUTH_USERNAME=ci',
          ],
    )
  })
})
