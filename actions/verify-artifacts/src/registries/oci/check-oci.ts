import { type CheckOutcome, describeError, type SuiteBuilder } from '@postflight/core'
import type { OciTarget, RegistryContext, RegistryFile } from '../types.ts'
import { OciClient } from './client.ts'
import { digestFromRelease } from './digest-file.ts'
import { ACCEPT_MANIFEST, indexPlatforms, type ParsedManifest, parseManifest } from './manifest.ts'
import { formatPlatform, type Platform, parsePlatform, platformMatches } from './platform.ts'
import { parseImageReference, registryBase } from './reference.ts'

interface Resolved {
  digest: string
  manifest: ParsedManifest
}

/**
 * `registry:oci:<reference>` (the tag resolves; its digest is computed from the bytes received),
 * `registry:oci:digest` (it is the digest the release names) and one
 * `registry:oci:platform:<os/arch[/variant]>` per expected platform.
 */
export async function checkOci(
  suite: SuiteBuilder,
  files: readonly RegistryFile[],
  target: OciTarget,
  ctx: RegistryContext,
): Promise<void> {
  const image = parseImageReference(target.reference)
  const base = registryBase(image, target.registry)
  const client = new OciClient(
    base,
    image.repository,
    {
      ...(target.username !== undefined ? { username: target.username } : {}),
      ...(target.password !== undefined ? { password: target.password } : {}),
    },
    ctx,
  )
  const name = `${image.repository}${image.reference.startsWith('sha256:') ? '@' : ':'}${image.reference}`
  let resolved: Resolved | undefined
  await suite.run(
    `registry:oci:${target.reference}`,
    `${target.reference} resolves on its registry`,
    async () => {
      const fetched = await client.get('manifests', image.reference, ACCEPT_MANIFEST)
      if (!fetched) return { status: 'fail', message: `${base} has no ${name}`, evidence: { registry: base } }
      const attempts = fetched.attempts > 1 ? { attempts: fetched.attempts, flaky: true } : {}
      const claimed = fetched.headers.get('docker-content-digest')
      const manifest = parseManifest(fetched.bytes, fetched.headers.get('content-type'))
      const evidence = { registry: base, digest: fetched.digest, mediaType: manifest.mediaType }
      // The digest is the content address: a registry whose header disagrees with its bytes is broken.
      const wanted = image.reference.startsWith('sha256:') ? image.reference : claimed
      if (wanted && wanted !== fetched.digest) {
        return {
          status: 'fail',
          message: `${base} served bytes with digest ${fetched.digest} for ${name}, but ${wanted} was named`,
          evidence,
          ...attempts,
        }
      }
      resolved = { digest: fetched.digest, manifest }
      return { status: 'pass', message: `${name} resolves to ${fetched.digest}`, evidence, ...attempts }
    },
  )

  const digestTitle = `${target.reference} is the image the release names`
  const platforms = (target.platforms ?? []).map((p) => parsePlatform(p) as Platform)
  const found = resolved
  if (!found) {
    const message = `not checked: ${target.reference} could not be resolved`
    suite.add({ id: 'registry:oci:digest', title: digestTitle, status: 'skip', message })
    for (const p of platforms) suite.add({ ...platformIds(p, target.reference), status: 'skip', message })
    return
  }
  await suite.run('registry:oci:digest', digestTitle, () =>
    digestOutcome(found, files, target, image.repository),
  )
  if (platforms.length === 0) return
  let offered: Platform[]
  try {
    offered = await platformsOf(found.manifest, client)
  } catch (err) {
    const message = `could not check: ${describeError(err)}`
    for (const p of platforms) suite.add({ ...platformIds(p, target.reference), status: 'error', message })
    return
  }
  for (const p of platforms) {
    const ok = offered.some((o) => platformMatches(p, o))
    const list = offered.map(formatPlatform).join(', ') || 'none'
    suite.add({
      ...platformIds(p, target.reference),
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${formatPlatform(p)} is offered`
        : `${target.reference} offers no ${formatPlatform(p)} image (it offers ${list})`,
      evidence: { offered: offered.map(formatPlatform) },
    })
  }
}

function platformIds(p: Platform, reference: string): { id: string; title: string } {
  return {
    id: `registry:oci:platform:${formatPlatform(p)}`,
    title: `${reference} has a ${formatPlatform(p)} image`,
  }
}

async function digestOutcome(
  resolved: Resolved,
  files: readonly RegistryFile[],
  target: OciTarget,
  repository: string,
): Promise<CheckOutcome> {
  let expected = target.expectDigest?.trim().toLowerCase()
  let source = 'input oci-digest'
  if (!expected) {
    const fromRelease = await digestFromRelease(files, repository)
    if (fromRelease.kind === 'none') {
      return {
        status: 'skip',
        message:
          'the release names no image digest (input oci-digest, or an attached *.digest or digest.txt)',
      }
    }
    if (fromRelease.kind === 'ambiguous') {
      const listed = fromRelease.candidates.map((c) => `${c.file}: ${c.digest}`).join(', ')
      return {
        status: 'warn',
        message: `the release names several digests (${listed}); say which with oci-digest`,
      }
    }
    expected = fromRelease.digest
    source = fromRelease.file
  }
  const evidence = { expected, actual: resolved.digest, source }
  if (expected === resolved.digest) {
    return { status: 'pass', message: `${resolved.digest}, as ${source} names`, evidence }
  }
  const child = resolved.manifest.manifests.find((m) => m.digest === expected)
  const hint = child
    ? ` (${expected} is the ${child.platform ? formatPlatform(child.platform) : 'one'} image inside it: name the index's digest)`
    : ''
  return {
    status: 'fail',
    message: `${target.reference} is ${resolved.digest}, but ${source} names ${expected}${hint}`,
    evidence,
  }
}

/** An index lists its platforms; a single image says its own in its config blob. */
async function platformsOf(manifest: ParsedManifest, client: OciClient): Promise<Platform[]> {
  if (!manifest.config) return indexPlatforms(manifest)
  const blob = await client.get('blobs', manifest.config.digest, 'application/json, */*')
  if (!blob) throw new Error(`the config blob ${manifest.config.digest} is missing from the registry`)
  if (blob.digest !== manifest.config.digest) {
    throw new Error(`the config blob served for ${manifest.config.digest} has digest ${blob.digest}`)
  }
  const config = JSON.parse(blob.bytes.toString('utf8')) as Partial<Platform>
  if (!config.os || !config.architecture) return []
  return [
    {
      os: config.os,
      architecture: config.architecture,
      ...(config.variant ? { variant: config.variant } : {}),
    },
  ]
}
