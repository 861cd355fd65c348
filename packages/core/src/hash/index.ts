export {
  checkAlgorithms,
  createMultiHash,
  type Digests,
  type HashAlgorithm,
  type HashProgress,
  type HashResult,
  isWeakAlgorithm,
  type MultiHash,
} from './algorithms.ts'
export { timingSafeEqualHex } from './compare.ts'
export { HASH_CHUNK_BYTES, type HashFileOptions, hashFile } from './hash-file.ts'
export {
  type FileHashResult,
  type HashFilesOptions,
  type HashFilesProgress,
  hashFiles,
} from './hash-files.ts'
export { createHashingStream, HashingStream, hashStream } from './hash-stream.ts'
