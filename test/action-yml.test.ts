import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { scanSpec } from '@postflight/container-scan'
import { deploySpec } from '@postflight/deploy-healthcheck'
import { smokeSpec } from '@postflight/platform-smoke'
import { reportSpec } from '@postflight/report'
import { verifySpec } from '@postflight/verify-artifacts'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { z } from 'zod'
import { REPO } from './helpers/paths.ts'

interface ActionYml {
  name: string
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const SCHEMAS: Record<string, z.ZodObject> = {
  'verify-artifacts': verifySpec.schema,
  report: reportSpec.schema,
  'platform-smoke': smokeSpec.schema,
  'deploy-healthcheck': deploySpec.schema,
  'container-scan': scanSpec.schema,
}

describe('action.yml files', async () => {
  const actions = (await readdir(path.join(REPO, 'actions'), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)

  it('cover every action that has a schema', () => {
    expect(actions.sort()).toEqual(Object.keys(SCHEMAS).sort())
  })

  describe.each(actions)('%s', (name) => {
    const load = async (): Promise<ActionYml> =>
      parse(await readFile(path.join(REPO, 'actions', name, 'action.yml'), 'utf8')) as ActionYml

    it('runs the committed bundle on node24', async () => {
      const yml = await load()
      // deploy-healthcheck alone has a post step: it cleans up a stack a cancelled run left behind.
      const post = name === 'deploy-healthcheck' ? { post: 'dist/post.js' } : {}
      expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js', ...post })
    })

    it('declares exactly the inputs its schema parses, with the same requirements and no runner defaults', async () => {
      const yml = await load()
      const schema = SCHEMAS[name] as z.ZodObject
      expect(Object.keys(yml.inputs).sort()).toEqual(Object.keys(schema.shape).sort())
      for (const [input, field] of Object.entries(schema.shape)) {
        const def = (field as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def
        const declared = yml.inputs[input]
        expect(declared?.description, input).toBeTruthy()
        // A `default:` would reach the step as if typed, and hide postflight.yml and POSTFLIGHT_*;
        // the workflow token is the one exception (a token has no place in postflight.yml).
        if (input === 'token') expect(declared?.default).toBe(['${{', 'github.token', '}}'].join(' '))
        else expect(declared?.default, input).toBeUndefined()
        if (def.type === 'default')
          expect(declared?.description, input).toContain(`Default: ${String(def.defaultValue)}.`)
        expect(Boolean(declared?.required), input).toBe(def.type !== 'default' && def.type !== 'optional')
      }
    })

    it('declares the outputs every action sets', async () => {
      const yml = await load()
      expect(Object.keys(yml.outputs)).toEqual(
        expect.arrayContaining(['status', 'results-file', 'failed-checks']),
      )
    })
  })
})
