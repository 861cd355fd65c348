import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLeg, UPGRADERS } from '../read-results.ts'
import { check, leg } from './make-results.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-read-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function read(name: string, content: unknown) {
  const file = path.join(dir, name)
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content))
  return readLeg(file)
}

describe('readLeg', () => {
  it('reads a valid results file', async () => {
    const r = await read('ok.json', leg('verify-artifacts', 'linux-x64', [check('a', 'pass')]))
    expect(r.ok && r.result.status).toBe('pass')
  })

  it('recomputes the status instead of trusting the file', async () => {
    const tampered = { ...leg('verify-artifacts', 'linux-x64', [check('a', 'fail')]), status: 'pass' }
    const r = await read('tampered.json', tampered)
    expect(r.ok && r.result.status).toBe('fail')
  })

  it.each([
    ['not JSON', '{"truncated', /not a readable JSON/],
    [
      'a schema violation',
      { ...leg('s', 'l', []), checks: [{ id: 'x' }] },
      /invalid results file at checks\.0/,
    ],
    [
      'a future major version',
      { ...leg('s', 'l', []), schemaVersion: '9.0.0' },
      /schema version 9\.0\.0 is not readable/,
    ],
  ])('reports %s as an error, never throws', async (name, content, message) => {
    const r = await read(`${name}.json`, content)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(message)
  })

  it('does not read a file past the size limit', async () => {
    const file = path.join(dir, 'huge.json')
    await writeFile(file, JSON.stringify(leg('s', 'l', [check('a', 'pass')])))
    const r = await readLeg(file, 100)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/more than the 100 a results file may have/)
  })

  it('reads a newer minor version, leaving out the fields it does not know; the current one stays strict', async () => {
    const base = leg('verify-artifacts', 'linux-x64', [check('a', 'fail')])
    const newer = {
      ...base,
      schemaVersion: '1.9.0',
      provenance: { builder: 'x' },
      checks: [{ ...base.checks[0], remediation: 'update it' }],
    }
    const r = await read('newer-minor.json', newer)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.result.status).toBe('fail')
      expect(r.result.checks[0]).not.toHaveProperty('remediation')
      expect(r.result).not.toHaveProperty('provenance')
    }
    const same = await read('same-minor.json', { ...newer, schemaVersion: '1.0.0' })
    expect(same.ok).toBe(false)
    if (!same.ok) expect(same.error).toMatch(/invalid results file/)
  })

  it('reads an older major version through its upgrader', async () => {
    UPGRADERS[0] = (doc) => ({ ...doc, schemaVersion: '1.0.0', partial: false })
    try {
      const { partial: _, ...old } = leg('verify-artifacts', 'linux-x64', [check('a', 'warn')])
      const r = await read('v0.json', { ...old, schemaVersion: '0.9.0' })
      expect(r.ok && r.result.status).toBe('warn')
    } finally {
      delete UPGRADERS[0]
    }
  })
})
