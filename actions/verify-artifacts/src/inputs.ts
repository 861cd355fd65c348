import { booleanInput, commonInputs, listInput, textListInput } from '@postflight/core'
import { z } from 'zod'
import { DEFAULT_MANIFESTS_TEXT } from './checks/checksums.ts'

/** The inputs of verify-artifacts, keyed exactly as in action.yml; the CLI takes the same names as flags. */
export const VerifyInputs = z
  .object({
    directory: z.string().min(1).describe('Folder holding the release assets to verify'),
    tag: z.string().optional().describe('The release tag, e.g. v1.2.3; asset names must carry its version'),
    version: z
      .string()
      .optional()
      .describe('The release version, when it differs from the tag (default: from the tag)'),
    checksums: listInput
      .optional()
      .describe(`Checksum manifest names or globs (default: detect ${DEFAULT_MANIFESTS_TEXT})`),
    'public-key': textListInput
      .optional()
      .describe('Armored OpenPGP public key text, or paths to key files, one per line'),
    'require-signature': booleanInput
      .optional()
      .describe(
        'Fail when a manifest or asset has no valid signature (default: true when public-key is given)',
      ),
    'expected-assets': listInput
      .optional()
      .describe(
        'Asset names (or globs) that must be present, one per line; {version} and {tag} are replaced',
      ),
    'check-archives': booleanInput
      .default(true)
      .describe('Read every archive to the end and reject unsafe entries'),
    ...commonInputs,
  })
  .strict()

export type VerifyOptions = z.output<typeof VerifyInputs>
