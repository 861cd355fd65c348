export { signalTree, treeAlive } from './kill-tree.ts'
export { OutputBuffer } from './output-buffer.ts'
export { type ProcessResult, type RunProcessOptions, runProcess } from './run-process.ts'
export { assertRunnable } from './windows-command.ts'
