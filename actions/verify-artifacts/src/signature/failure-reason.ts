// openpgp reports failures as plain Error messages; these are the ones worth translating.
const KNOWN: Array<[RegExp, (signer: string, detail: string) => string]> = [
  [
    /digest did not match|signature verification failed|invalid signature/i,
    (signer) =>
      `Bad signature: the file is not what key ${signer} signed (it was modified, truncated or replaced after signing).`,
  ],
  [/revoked/i, (signer, detail) => `Key ${signer} is revoked (${detail}); its signatures cannot be trusted.`],
  [/expired/i, (signer, detail) => `The signature or key ${signer} has expired (${detail}).`],
  [
    /in the future/i,
    (signer, detail) => `The signature by key ${signer} is dated in the future (${detail}).`,
  ],
  [
    /insecure|weak|hash algorithm|rsa keys shorter/i,
    (signer, detail) => `The signature by key ${signer} uses an algorithm too weak to trust (${detail}).`,
  ],
]

/** A readable reason for a signature openpgp refused to verify. */
export function describeVerifyFailure(error: unknown, signer: string | undefined): string {
  const detail = error instanceof Error ? error.message : String(error ?? 'no signature could be checked')
  const who = signer ?? 'unknown'
  const known = KNOWN.find(([pattern]) => pattern.test(detail))
  return known ? known[1](who, detail) : `The signature by key ${who} could not be verified: ${detail}.`
}
