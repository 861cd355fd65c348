import type { PlatformImage } from '../image/types.ts'
import type { InventoryPackage } from '../types.ts'

export interface PolicyInput {
  image: PlatformImage
  /** Inventoried packages; undefined when the inventory could not be made. */
  packages: InventoryPackage[] | undefined
  /** The release version, from `tag`, when given. */
  version?: string
  tag?: string
  now: Date
  /** Registers a value found in the image as a secret, so it is redacted everywhere. */
  secret: (value: string) => void
}

/** What a rule found, before its level turns a violation into fail or warn. */
export interface RuleResult {
  ok: boolean | 'skip'
  message: string
  evidence?: Record<string, unknown>
}
