import { booleanInput, commonInputs, listInput, textListInput } from '@postflight/core'
import { z } from 'zod'
import { DEFAULT_MANIFESTS_TEXT } from './checks/checksums.ts'
import { registryInputs } from './registries/index.ts'

/** The inputs of verify-artifacts, keyed exactly as in action.yml; the CLI takes the same names as flags. */
export const VerifyInputs = z
  .object({
    directory: z
      .string()
      .min(1)
      .optional()
      .describe('Folder holding the release assets to verify (instead of a GitHub release)'),
    'artifact-name': z
      .string()
      .min(1)
      .optional()
      .describe(
        'A workflow artifact of the current run holding the release files, to verify before publishing',
      ),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name')
      .optional()
      .describe('The GitHub repository whose release to fetch, owner/name (default: GITHUB_REPOSITORY)'),
    tag: z
      .string()
      .optional()
      .describe(
        'The release tag, e.g. v1.2.3, or latest; asset names must carry its version (default on a release event: its tag)',
      ),
    token: z
      .string()
      .optional()
      .describe('GitHub token for the API (default: GITHUB_TOKEN or GH_TOKEN; a public release needs none)'),
    'github-api-url': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('GitHub REST API base URL (default: GITHUB_API_URL or https://api.github.com)'),
    'download-dir': z
      .string()
      .min(1)
      .optional()
      .describe('Folder the release assets are downloaded to (default: a temporary folder)'),
    concurrency: z.coerce
      .number()
      .int()
      .min(1)
      .max(32)
      .default(4)
      .describe('How many assets are downloaded at once'),
    include: listInput.optional().describe('Globs of release asset names to fetch (default: all)'),
    exclude: listInput.optional().describe('Globs of release asset names not to fetch'),
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
    'minisign-public-key': listInput
      .optional()
      .describe(
        'minisign public keys (the RW… line of minisign.pub) or paths to minisign.pub files, one per line: .minisig signatures are verified with them',
      ),
    'require-signature': booleanInput
      .optional()
      .describe(
        'Fail when a manifest or asset has no valid signature (default: true when public-key, minisign-public-key or a Sigstore identity is given)',
      ),
    'expected-assets': listInput
      .optional()
      .describe(
        'Asset names (or globs) that must be present, one per line; {version} and {tag} are replaced',
      ),
    'trusted-root': z
      .string()
      .min(1)
      .optional()
      .describe(
        'Sigstore trusted_root.json to verify bundles against (default: the public-good root shipped with Postflight)',
      ),
    offline: booleanInput
      .default(true)
      .describe(
        'Verify Sigstore bundles and cosign pairs without any network call (default: true); false fetches the current trusted root through TUF first (unless trusted-root is given) and looks cosign .sig/.pem pairs up in Rekor',
      ),
    'tuf-mirror': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'TUF repository the trusted root is fetched from with offline: false (default: public-good, https://tuf-repo-cdn.sigstore.dev)',
      ),
    'tuf-root': z
      .string()
      .min(1)
      .optional()
      .describe(
        "Path of the root.json a tuf-mirror other than public-good is trusted from (public-good's ships with the action)",
      ),
    'rekor-url': z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'Rekor transparency log a cosign .sig/.pem pair is looked up in with offline: false, as cosign verify-blob does (default: public-good, https://rekor.sigstore.dev, or the first log of a trusted-root of another Sigstore)',
      ),
    'certificate-identity': z
      .string()
      .min(1)
      .optional()
      .describe('Sigstore signer identity the certificate must carry (SAN), as cosign names it'),
    'certificate-identity-regexp': z
      .string()
      .min(1)
      .optional()
      .describe('Regular expression the Sigstore signer identity must match (unanchored, JavaScript syntax)'),
    'certificate-oidc-issuer': z
      .string()
      .min(1)
      .optional()
      .describe(
        'OIDC issuer the Sigstore certificate must carry, e.g. https://token.actions.githubusercontent.com',
      ),
    attestations: z
      .enum(['off', 'verify', 'require'])
      .default('off')
      .describe(
        "GitHub artifact attestations of each asset's sha256: off, verify (check those GitHub holds) or require (an asset without one fails) (default: off)",
      ),
    'attestation-source-repository': z
      .string()
      .min(1)
      .optional()
      .describe('owner/name the SLSA provenance attestation must name as its source (default: not checked)'),
    'attestation-source-ref': z
      .string()
      .min(1)
      .optional()
      .describe(
        'Git ref the SLSA provenance attestation must name as its source, refs/tags/v1.2.3 or v1.2.3 (default: not checked)',
      ),
    'check-archives': booleanInput
      .default(true)
      .describe('Read every archive to the end and reject unsafe entries'),
    ...registryInputs,
    ...commonInputs,
  })
  .strict()

export type VerifyOptions = z.output<typeof VerifyInputs>
