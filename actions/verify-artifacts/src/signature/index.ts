export { loadPublicKeys, type ReadKeyFile } from './load-keys.ts'
export { isSignatureName, signatureFor } from './signature-name.ts'
export type { LoadedKey, SignatureVerdict, VerifyDetachedOptions } from './types.ts'
export { verifyDetachedSignature } from './verify-detached.ts'
