import type { InventoryPackage } from '../types.ts'
import { purl } from './purl.ts'

interface PackageJson {
  name?: unknown
  version?: unknown
  license?: unknown
  licenses?: unknown
}

function licenceOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim()
  if (value && typeof value === 'object' && 'type' in value && typeof value.type === 'string')
    return value.type
  return undefined
}

/**
 * One installed npm package from its node_modules/…/package.json: name, version and licence (the
 * `license` string, or the legacy `{type}` object and `licenses` array). Undefined when it is not a
 * package manifest (no name or version, or not JSON).
 */
export function parseNpmPackage(text: string, location: string, layer: string): InventoryPackage | undefined {
  let json: PackageJson
  try {
    json = JSON.parse(text) as PackageJson
  } catch {
    return undefined
  }
  if (typeof json.name !== 'string' || typeof json.version !== 'string' || !json.name || !json.version)
    return undefined
  const licences = [
    licenceOf(json.license),
    ...(Array.isArray(json.licenses) ? json.licenses.map(licenceOf) : []),
  ].filter((l): l is string => l !== undefined)
  const scoped = /^(@[^/]+)\/(.+)$/.exec(json.name)
  return {
    name: json.name,
    version: json.version,
    ecosystem: 'npm',
    purl: scoped
      ? purl('npm', scoped[1], scoped[2] as string, json.version)
      : purl('npm', undefined, json.name, json.version),
    licenses: licences,
    location,
    layer,
  }
}
