// The vulnerability side of container-scan: OSV matching, scanner reports, ignores and the gate.

export { type GateOptions, gateFindings } from './gate.ts'
export { parseGrypeReport } from './grype.ts'
export { applyIgnores, IgnoreRule, loadIgnoreFile } from './ignore.ts'
export { installScanner, releaseAssets, SCANNER_VERSIONS, type ScannerKind, verifyFile } from './install.ts'
export { matchPackages } from './match.ts'
export type { OsvDatabase } from './osv-db.ts'
export { loadOsvDatabase } from './osv-load.ts'
export type { ParsedReport } from './report-common.ts'
export { type RunScannerOptions, runScanner, type ScanTarget } from './scanner.ts'
export { parseTrivyReport } from './trivy.ts'
