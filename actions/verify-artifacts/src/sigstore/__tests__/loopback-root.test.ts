import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTrustedRoot } from '../trusted-root.ts'
import { verifySigstoreBundle } from '../verify-bundle.ts'
import { conformanceCases, PRODUCTION_ROOT } from './fixtures.ts'

// cosign --offline still calls out; here every service a trusted root names is a loopback server that
// counts requests, so a verifier that went online (Rekor, Fulcio, a TSA, TUF) would be seen doing so.
describe('#verifySigstoreBundle', () => {
  describe('when every URL in the trusted root points at a live loopback server', () => {
    let server: Server
    let dir: string
    let base: string
    const hits: string[] = []
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits.push(`${req.method} ${req.url}`)
        res.writeHead(500).end()
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      dir = await mkdtemp(path.join(tmpdir(), 'postflight-loopback-root-'))
    })
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve))
      await rm(dir, { recursive: true, force: true })
    })

    async function loopbackRoot(source: string): Promise<string> {
      // The original host stays in the path: @sigstore/verify finds a log's checkpoint key by that name.
      const json = (await readFile(source, 'utf8')).replace(
        /"(baseUrl|uri)":\s*"https?:\/\/([^"]*)"/g,
        `"$1": "${base}/$2"`,
      )
      const file = path.join(dir, `${path.basename(path.dirname(source))}-${path.basename(source)}`)
      await writeFile(file, json)
      return file
    }

    it('is reachable, so a silent server means nothing asked it', async () => {
      await fetch(`${base}/probe`)
      expect(hits.splice(0)).toEqual(['GET /probe'])
    })

    it.each(conformanceCases().filter((c) => c.shouldPass))(
      '$name still verifies, and the server is never asked',
      async (c) => {
        const rootFile = await loopbackRoot(c.trustedRootPath ?? PRODUCTION_ROOT)
        const rewritten = await readFile(rootFile, 'utf8')
        expect(rewritten).toContain(`"${base}/`)
        expect(rewritten).not.toContain('"https://')
        const verdict = await verifySigstoreBundle({
          bundle: await readFile(c.bundlePath),
          artifactPath: c.artifactPath,
          trustedRoot: await loadTrustedRoot(rootFile),
          policy: {
            certificateIdentity: c.identity,
            certificateOidcIssuer: c.issuer,
            ...(c.publicKey === undefined ? {} : { publicKey: c.publicKey }),
          },
          offline: true,
        })
        expect(verdict.reason).toBeUndefined()
        expect(verdict).toMatchObject({ valid: true })
        expect(hits).toEqual([])
      },
    )
  })
})
