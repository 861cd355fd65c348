import type { CheckOutcome, Platform } from '@postflight/core'
import type { StepContext } from '../run-step.ts'
import type { OpenedRelease } from '../source/opened-release.ts'

/** What every install method needs: where to run, what to install, and how to check what it installed. */
export interface InstallContext {
  step: StepContext
  platform: Platform
  /** A private folder for this method (prefix, venv, install dir). */
  dir: string
  /** The command the installed package provides, when the method does not name another. */
  binary: string
  version?: string | undefined
  tag?: string | undefined
  repository?: string | undefined
  release: OpenedRelease
  /** The asset picked for the platform and the folder it is in. */
  asset: { name: string; dir: string }
}

/** An install's result: the installed command to check, or why there is none. */
export type Installed =
  | { bin: string; evidence: Record<string, unknown>; cleanup?: () => Promise<void> }
  | { outcome: CheckOutcome }
