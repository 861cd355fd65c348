import { booleanInput, listInput } from '@postflight/core'
import { z } from 'zod'
import { CRATES_API } from './crates.ts'
import { NPM_REGISTRY } from './npm.ts'
import { PYPI_INDEX } from './pypi.ts'
import type { RegistryTargets } from './types.ts'

const httpUrl = z.url({ protocol: /^https?$/ })

/**
 * The inputs of the registry cross-checks, keyed as action.yml and the CLI name them: spread into
 * the action's zod schema (`...registryInputs`), declared the same in action.yml (no `default:`).
 * A registry is checked when its package (or image) input is given.
 */
export const registryInputs = {
  'npm-package': z
    .string()
    .min(1)
    .optional()
    .describe('npm package the release was also published as, e.g. @acme/app'),
  'npm-registry': httpUrl.optional().describe(`npm registry base URL (default: ${NPM_REGISTRY})`),
  'npm-token': z
    .string()
    .min(1)
    .optional()
    .describe('Token for a private npm registry (sent only to its origin)'),
  'npm-tarball': z
    .string()
    .min(1)
    .optional()
    .describe(
      'Release file that is the published npm tarball (default: the npm pack name, else the only .tgz)',
    ),
  'npm-attestations': booleanInput
    .optional()
    .describe('Warn when the npm version was published without attestations (provenance) (default: false)'),
  'pypi-package': z.string().min(1).optional().describe('PyPI project the release was also published as'),
  'pypi-index': httpUrl
    .optional()
    .describe(`PyPI base URL serving /pypi/<project>/<version>/json (default: ${PYPI_INDEX})`),
  crate: z.string().min(1).optional().describe('crates.io crate the release was also published as'),
  'crates-api': httpUrl
    .optional()
    .describe(`crates.io base URL serving /api/v1/crates (default: ${CRATES_API})`),
  'oci-image': z
    .string()
    .min(1)
    .optional()
    .describe('Container image the release pushed, host/name:tag, e.g. ghcr.io/acme/app:1.2.3'),
  'oci-registry': httpUrl
    .optional()
    .describe(
      "Base URL to reach the image's registry at, for a mirror or plain HTTP (default: https://<host>)",
    ),
  'oci-digest': z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>')
    .optional()
    .describe('Digest the image tag must resolve to (default: from an attached *.digest or digest.txt)'),
  'oci-platforms': listInput
    .optional()
    .describe('Platforms the image must offer, os/arch[/variant], one per line or comma-separated'),
  'oci-username': z.string().min(1).optional().describe("Username for the registry's token service"),
  'oci-password': z.string().min(1).optional().describe("Password or token for the registry's token service"),
}

const RegistryInputsSchema = z.object(registryInputs)
export type RegistryInputValues = Partial<z.output<typeof RegistryInputsSchema>>

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/** The targets the parsed inputs ask for; `version` is the release's (the `version` input, else the tag's). */
export function registryTargetsFrom(
  inputs: RegistryInputValues,
  version: string | undefined,
): RegistryTargets {
  const v = version ?? ''
  const platforms = inputs['oci-platforms']
    ?.flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean)
  return defined({
    npm: inputs['npm-package']
      ? defined({
          package: inputs['npm-package'],
          version: v,
          registry: inputs['npm-registry'],
          token: inputs['npm-token'],
          tarball: inputs['npm-tarball'],
          requireAttestations: inputs['npm-attestations'],
        })
      : undefined,
    pypi: inputs['pypi-package']
      ? defined({ package: inputs['pypi-package'], version: v, index: inputs['pypi-index'] })
      : undefined,
    crates: inputs.crate
      ? defined({ crate: inputs.crate, version: v, api: inputs['crates-api'] })
      : undefined,
    oci: inputs['oci-image']
      ? defined({
          reference: inputs['oci-image'],
          registry: inputs['oci-registry'],
          expectDigest: inputs['oci-digest'],
          platforms,
          username: inputs['oci-username'],
          password: inputs['oci-password'],
        })
      : undefined,
  })
}

/** True when any registry cross-check was asked for. */
export function wantsRegistryChecks(targets: RegistryTargets): boolean {
  return Boolean(targets.npm || targets.pypi || targets.crates || targets.oci)
}
