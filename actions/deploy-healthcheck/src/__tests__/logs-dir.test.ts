import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PostflightError, SecretRegistry } from '@postflight/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkLogsDir } from '../cleanup/logs-dir.ts'
import { saveEvidence } from '../cleanup/save-evidence.ts'
import type { ComposeCli } from '../compose/detect.ts'
import { ComposeProject } from '../compose/project.ts'

let root: string
let file: string
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-logs-dir-'))
  file = path.join(root, 'a-file')
  await writeFile(file, 'not a folder\n')
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('checkLogsDir', () => {
  it('accepts a folder that does not exist yet under a writable one, creating nothing', async () => {
    const dir = path.join(root, 'deep', 'logs')
    await checkLogsDir(dir)
    await expect(mkdir(path.join(root, 'deep'))).resolves.toBeUndefined()
  })

  it('refuses a logs-dir under a file with BAD_INPUT naming the input', async () => {
    const err = await checkLogsDir(path.join(file, 'logs')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PostflightError)
    expect(err).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining("input 'logs-dir'") })
  })
})

describe('saveEvidence', () => {
  // Never reached: the folder is refused before any container is listed.
  const cli: ComposeCli = {
    name: 'docker-compose',
    command: 'pf-no-such-compose',
    prefix: [],
    containers: 'docker',
    jsonPs: false,
    version: 'stand-in',
  }
  it('reports a folder it cannot create as a problem instead of throwing, so the teardown still runs', async () => {
    const project = new ComposeProject({ cli, name: 'shop', files: [], secrets: new SecretRegistry() })
    const saved = await saveEvidence(project, path.join(file, 'logs'), new SecretRegistry())
    expect(saved.files).toEqual([])
    expect(saved.problems).toEqual([expect.stringContaining('could not create')])
  })
})
