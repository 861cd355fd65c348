import type { InventoryPackage } from '../types.ts'
import { purl } from './purl.ts'

/**
 * One installed Python distribution from its .dist-info/METADATA (or .egg-info/PKG-INFO): the core
 * metadata headers before the first blank line (https://packaging.python.org/specifications/core-metadata/).
 * The licence is `License-Expression` (metadata 2.4, SPDX) when present, else a short `License`
 * field (a long one is the licence text itself, not a name).
 */
export function parsePythonMetadata(
  text: string,
  location: string,
  layer: string,
): InventoryPackage | undefined {
  const headers: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break
    const m = /^([A-Za-z][\w-]*):\s?(.*)$/.exec(line)
    if (m?.[1] && headers[m[1].toLowerCase()] === undefined) headers[m[1].toLowerCase()] = (m[2] ?? '').trim()
  }
  const name = headers.name
  const version = headers.version
  if (!name || !version) return undefined
  const expression = headers['license-expression']
  const license = headers.license
  const licences = expression
    ? [expression]
    : license && license !== 'UNKNOWN' && license.length <= 64 && !license.includes('\n')
      ? [license]
      : []
  const normal = name.toLowerCase().replace(/[-_.]+/g, '-')
  return {
    name,
    version,
    ecosystem: 'PyPI',
    purl: purl('pypi', undefined, normal, version),
    licenses: licences,
    location,
    layer,
  }
}
