export {
  type AtomicData,
  ensureDir,
  type WriteAtomicOptions,
  writeFileAtomic,
  writeJsonAtomic,
} from './write-atomic.ts'
