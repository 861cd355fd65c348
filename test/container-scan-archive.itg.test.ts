// container-scan on images from disk and from the local daemon: a real `docker save` archive of an
// image built here (FROM scratch with busybox), the daemon read through `docker save`, an OCI layout
// as a folder and as a tar, and a layout whose layer was tampered with.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { scanSpec } from '@postflight/container-scan'
import { type Check, executeSuite } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBusyboxImage, ensureDocker } from './helpers/docker.ts'
import {
  DPKG_STATUS,
  OS_RELEASE_DEBIAN,
  releaseImages,
  type WrittenLayout,
  writeImageLayout,
} from './helpers/oci-images.ts'

const TAG = 'postflight-scan-test:1.0.0'
const byId = (checks: readonly Check[], id: string) => checks.find((c) => c.id === id) as Check

describe('container-scan on archives and the local daemon', () => {
  let tmp: string
  let layout: WrittenLayout

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scan-archive-'))
    await ensureDocker()
    await buildBusyboxImage(
      TAG,
      { '/var/lib/dpkg/status': DPKG_STATUS, '/etc/os-release': OS_RELEASE_DEBIAN },
      [
        'USER 1000',
        'EXPOSE 8080',
        'HEALTHCHECK CMD ["/bin/busybox", "true"]',
        'LABEL org.opencontainers.image.source=https://github.com/acme/app org.opencontainers.image.version=1.0.0',
        'ENV DEPLOY_TOKEN=ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY1zA2',
      ],
    )
    execFileSync('docker', ['save', '-o', path.join(tmp, 'saved.tar'), TAG])
    layout = await writeImageLayout(path.join(tmp, 'layout'), '1.0.0', releaseImages('1.0.0'))
    execFileSync('tar', ['-cf', path.join(tmp, 'layout.tar'), '-C', layout.dir, '.'])
  }, 180_000)
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true })
    execFileSync('docker', ['rmi', '-f', TAG], { stdio: 'ignore' })
  })

  const scan = async (raw: Record<string, string>) => {
    const logs: string[] = []
    const execution = await executeSuite(scanSpec, {
      raw: { 'results-dir': await mkdtemp(path.join(tmp, 'run-')), ...raw },
      style: 'cli',
      sink: (r) => logs.push(r.message),
    })
    const written = execution.resultsFile ? await readFile(execution.resultsFile, 'utf8') : ''
    return { execution, checks: execution.result.checks, logs: logs.join('\n'), written }
  }

  const expectBuiltImage = (checks: readonly Check[], platform: string) => {
    expect(byId(checks, `inventory:${platform}`)).toMatchObject({
      status: 'pass',
      message: '2 packages (Debian 2) on Debian GNU/Linux 12 (bookworm)',
    })
    for (const rule of ['non-root', 'healthcheck', 'labels']) {
      expect(byId(checks, `policy:${rule}:${platform}`).status, rule).toBe('pass')
    }
    expect(byId(checks, `policy:secrets:${platform}`)).toMatchObject({
      status: 'fail',
      // ENV lands in the build history too, where the token is found again.
      message: 'possible secrets: env DEPLOY_TOKEN (github-token), history history[8] (github-token)',
    })
  }

  it('reads a docker save archive made by the real daemon', async () => {
    const { checks, written, logs } = await scan({ archive: path.join(tmp, 'saved.tar'), tag: 'v1.0.0' })
    expectBuiltImage(checks, `linux/${process.arch === 'arm64' ? 'arm64' : 'amd64'}`)
    // The token found in the image's environment never reaches the results file or the log.
    expect(written + logs).not.toContain('ghp_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY1zA2')
  })

  it.each([`docker-daemon:${TAG}`, TAG])('reads %s from the local daemon', async (image) => {
    const { checks } = await scan({ image, tag: 'v1.0.0' })
    expect(checks[0]?.evidence).toMatchObject({ source: 'daemon' })
    expectBuiltImage(checks, `linux/${process.arch === 'arm64' ? 'arm64' : 'amd64'}`)
  })

  it.each(['layout', 'layout.tar'])('reads a multi-arch OCI layout (%s)', async (name) => {
    const { checks } = await scan({ archive: path.join(tmp, name), platforms: 'linux/arm/v7' })
    expect(checks[0]).toMatchObject({
      status: 'pass',
      evidence: { digest: layout.digest, source: 'archive' },
    })
    expect(byId(checks, 'inventory:linux/arm/v7').message).toBe(
      '2 packages (Debian 2) on Debian GNU/Linux 12 (bookworm)',
    )
  })

  it('refuses a layer whose bytes are not its digest: the inventory could not be made', async () => {
    const tampered = await mkdtemp(path.join(tmp, 'tampered-'))
    const written = await writeImageLayout(tampered, '1.0.0', releaseImages('1.0.0').slice(2))
    const manifest = JSON.parse(
      await readFile(path.join(tampered, 'blobs', 'sha256', written.digest.slice(7)), 'utf8'),
    ) as { layers: Array<{ digest: string }> }
    const layerFile = path.join(tampered, 'blobs', 'sha256', (manifest.layers[0]?.digest ?? '').slice(7))
    const bytes = await readFile(layerFile)
    // Change one byte of busybox inside the (uncompressed) layer: the tar still parses.
    bytes[4096] = (bytes[4096] as number) ^ 0xff
    await writeFile(layerFile, bytes)
    const { checks, execution } = await scan({ archive: tampered })
    expect(byId(checks, 'inventory:linux/arm/v7')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/content is sha256:[0-9a-f]{64}, expected sha256:[0-9a-f]{64}/),
    })
    expect(execution.exitCode).toBe(2)
  })

  it('refuses an archive that is not an image, naming the input', async () => {
    await writeFile(path.join(tmp, 'not-an-image.tar'), 'hello')
    const { execution } = await scan({ archive: path.join(tmp, 'not-an-image.tar') })
    expect(execution.exitCode).toBe(2)
    expect(execution.error?.message).toMatch(/input 'archive'/)
  })
})
