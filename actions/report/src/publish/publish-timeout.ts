/** How long one publishing request may take before it is retried (or given up as a warning). */
export const PUBLISH_ATTEMPT_MS = 30_000
