export { checkOci } from './check-oci.ts'
export { parsePlatform } from './platform.ts'
export { parseImageReference } from './reference.ts'
