export { type ActionSpec, runAction, standardOutputs } from './run-action.ts'
