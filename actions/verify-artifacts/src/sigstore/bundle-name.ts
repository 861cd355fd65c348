// Longest first, so `app.sigstore.json` loses `.sigstore.json`, not just `.json`.
// - `.sigstore.json`: what sigstore-python 3+, cosign `--bundle` docs and `gh attestation` examples write.
// - `.sigstore`: sigstore-python 1–2 and sigstore-js fixtures.
// - `.bundle`: cosign `sign-blob --bundle` convention; older cosign wrote a non-Sigstore JSON under that
//   name, which the verifier reports as such rather than ignoring.
// Not `.intoto.jsonl`: slsa-github-generator writes bare DSSE envelopes (no verification material) and
// names the file after the build, not one asset, so it is not a bundle and has no subject by name.
const BUNDLE_SUFFIXES = ['.sigstore.json', '.sigstore', '.bundle'] as const

function bundleSuffix(name: string): string | undefined {
  const lower = name.toLowerCase()
  return BUNDLE_SUFFIXES.find((suffix) => lower.endsWith(suffix) && lower.length > suffix.length)
}

/** True when the name looks like a Sigstore bundle (`*.sigstore.json`, `*.sigstore`, `*.bundle`). */
export function isSigstoreBundleName(name: string): boolean {
  return bundleSuffix(name) !== undefined
}

/**
 * The release file a bundle covers, by name (`app.tar.gz.sigstore.json` → `app.tar.gz`), or undefined
 * when the name is not a bundle's or that file is not among `allNames`. A `.bundle` without a subject
 * may just be an asset (a zipped macOS bundle, say); the caller decides.
 */
export function bundleSubject(name: string, allNames: Iterable<string>): string | undefined {
  const suffix = bundleSuffix(name)
  if (suffix === undefined) return undefined
  const subject = name.slice(0, -suffix.length)
  for (const candidate of allNames) if (candidate === subject) return subject
  return undefined
}

/**
 * The Sigstore bundles among a release's file names, each with the file it covers (undefined when that
 * file is missing: a failure to report). A `.bundle` that covers nothing is left out: it is then most
 * likely an asset of its own. Use it to keep bundles out of the assets, the same way the checks see them.
 */
export function sigstoreBundles(
  allNames: readonly string[],
): { bundle: string; subject: string | undefined }[] {
  return allNames.flatMap((name) => {
    if (!isSigstoreBundleName(name)) return []
    const subject = bundleSubject(name, allNames)
    if (subject === undefined && bundleSuffix(name) === '.bundle') return []
    return [{ bundle: name, subject }]
  })
}
