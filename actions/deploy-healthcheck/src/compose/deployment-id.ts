import { randomBytes } from 'node:crypto'

/**
 * A unique deployment id, also the default compose project name: `deploy_YYYYMMDD_HHMMSS_<6 hex>`
 * (UTC), valid as a project name for every compose implementation (lowercase, digits, `_`).
 */
export function deploymentId(now = new Date(), suffix = randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15)
  return `deploy_${stamp}_${suffix}`
}
