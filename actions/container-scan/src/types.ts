// The shapes the two halves of container-scan hand each other: the image side (reading images,
// inventory, policy) produces packages; the vulnerability side (OSV matching, trivy/grype reports,
// ignores, SARIF and CycloneDX) turns them into findings and outputs.

/** OSV ecosystem names (https://ossf.github.io/osv-schema/#defined-ecosystems) of what is inventoried. */
export type Ecosystem =
  | 'Debian'
  | 'Ubuntu'
  | 'Alpine'
  | 'npm'
  | 'PyPI'
  | 'Go'
  | 'Red Hat'
  | 'Rocky Linux'
  | 'AlmaLinux'
  // Ecosystems a scanner's report (or an OSV feed) can name though the built-in inventory does not read them.
  | 'crates.io'
  | 'Maven'
  | 'RubyGems'
  | 'NuGet'
  | 'Packagist'
  /** A scanner's package type that has no OSV ecosystem. */
  | 'other'

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown'

/** Worst first; `severity-threshold` blocks on a finding at or above its place here. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown']

/** One package found in an image (or in a scanner's report). */
export interface InventoryPackage {
  name: string
  version: string
  ecosystem: Ecosystem
  /** Package URL, e.g. pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12 */
  purl: string
  /** SPDX ids or expressions as declared by the package; empty when none is declared. */
  licenses: string[]
  /** The file it was read from inside the image, e.g. /var/lib/dpkg/status. */
  location: string
  /** The digest of the layer that last wrote `location`, when known. */
  layer?: string
  /** The distribution release for OS packages, e.g. `12` for Debian, `v3.19` for Alpine. */
  distroVersion?: string
  /** The source package, when it differs (OSV Debian records name source packages). */
  sourceName?: string
  /**
   * The source package's version when it differs from the binary's (dpkg `Source: gcc-12 (12.2.0-14)`
   * for libgcc-s1 `1:12.2.0-14`, or a binNMU `+b1`): OSV Debian and Ubuntu records are versioned by source.
   */
  sourceVersion?: string
  /** Where the version came from when it is not the package's own (e.g. a Go module's main version). */
  note?: string
}

/** One vulnerability affecting one package. */
export interface Finding {
  /** The advisory id, e.g. CVE-2024-1234, GHSA-xxxx, DSA-…, ALPINE-… */
  id: string
  aliases: string[]
  package: InventoryPackage
  installedVersion: string
  /** The lowest version that fixes it on this package's line; absent when unfixed. */
  fixedVersion?: string
  severity: Severity
  /** The CVSS base score, when a vector or score was given. */
  score?: number
  cvssVector?: string
  summary?: string
  /** Where the finding came from. */
  source: 'osv' | 'trivy' | 'grype'
  url?: string
}
