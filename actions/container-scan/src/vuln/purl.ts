import type { Ecosystem } from '../types.ts'

// Package URL types (https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst) per ecosystem.
const TYPES: Partial<Record<Ecosystem, string>> = {
  Debian: 'deb',
  Ubuntu: 'deb',
  Alpine: 'apk',
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'Red Hat': 'rpm',
  'Rocky Linux': 'rpm',
  AlmaLinux: 'rpm',
  'crates.io': 'cargo',
  Maven: 'maven',
  RubyGems: 'gem',
  NuGet: 'nuget',
  Packagist: 'composer',
}

const NAMESPACE: Partial<Record<Ecosystem, string>> = {
  Debian: 'debian',
  Ubuntu: 'ubuntu',
  Alpine: 'alpine',
  'Red Hat': 'redhat',
  'Rocky Linux': 'rocky',
  AlmaLinux: 'almalinux',
}

/** A package URL for a package a report named without one (slashes in Go and Maven names kept). */
export function purlFor(ecosystem: Ecosystem, name: string, version: string): string {
  const type = TYPES[ecosystem] ?? 'generic'
  const ns = NAMESPACE[ecosystem]
  const encName = name
    .split(ecosystem === 'Maven' ? ':' : '/')
    .map(encodeURIComponent)
    .join('/')
  return `pkg:${type}/${ns ? `${ns}/` : ''}${encName}@${encodeURIComponent(version)}`
}

/** Where a distribution keeps its package database, for findings on OS packages. */
export function osPackageDb(ecosystem: Ecosystem): string | undefined {
  if (ecosystem === 'Debian' || ecosystem === 'Ubuntu') return '/var/lib/dpkg/status'
  if (ecosystem === 'Alpine') return '/lib/apk/db/installed'
  if (ecosystem === 'Red Hat' || ecosystem === 'Rocky Linux' || ecosystem === 'AlmaLinux') {
    return '/var/lib/rpm/rpmdb.sqlite'
  }
  return undefined
}

/** `3.19.1` → `v3.19` for Alpine, `12.4` → `12` for Debian: the release OSV ecosystems name. */
export function distroRelease(ecosystem: Ecosystem, version: string | undefined): string | undefined {
  if (!version) return undefined
  const parts = version.replace(/^v/, '').split('.')
  if (ecosystem === 'Alpine') return `v${parts.slice(0, 2).join('.')}`
  if (ecosystem === 'Debian') return parts[0]
  return version
}
