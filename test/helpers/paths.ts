import path from 'node:path'

/** The repository root. */
export const REPO = path.resolve(import.meta.dirname, '../..')
/** Real outputs of real tools, beside the repository (also in CI); read from there, never copied. */
export const FIXTURES = process.env.POSTFLIGHT_FIXTURES ?? path.resolve(REPO, '../shared/fixtures')
/** The provisioned Node 24 the actions declare (`runs.using: node24`). */
export const NODE24 = process.execPath
