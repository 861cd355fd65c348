// The files container-scan writes besides the results file.
export { type CycloneDxOptions, toCycloneDx } from './cyclonedx.ts'
export { type SarifOptions, toSarif } from './sarif.ts'
