// The PostgreSQL helper the deploy health tests use stops and removes its cluster in every path: a
// server that failed to start leaves no folder (holding the password file's cluster) nor process, and
// stop() ends a running server whether the test started it or makePostgres did.
import { readdirSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { makePostgres } from './helpers/postgres.ts'

const clusters = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('postflight-pg-'))

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })

describe('the PostgreSQL test helper', () => {
  it('removes the cluster when its server fails to start, and rethrows why', async () => {
    const before = new Set(clusters())
    await expect(makePostgres('pw-start-fails', { settings: ['shared_buffers=not-a-size'] })).rejects.toThrow(
      /pg_ctl exited 1/,
    )
    expect(clusters().filter((n) => !before.has(n))).toEqual([])
  })

  it('stops a server started after it was made, and removes its folder', async () => {
    const before = new Set(clusters())
    const pg = await makePostgres('pw-later', { start: false })
    expect(await accepts(pg.port)).toBe(false)
    await pg.start()
    expect(await accepts(pg.port)).toBe(true)
    await pg.stop()
    expect(await accepts(pg.port)).toBe(false)
    expect(clusters().filter((n) => !before.has(n))).toEqual([])
  })
})
