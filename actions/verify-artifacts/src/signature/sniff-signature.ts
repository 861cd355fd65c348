/** What a signature file holds, judged from its first bytes before OpenPGP parses it. */
export type SignatureShape =
  | { kind: 'armored'; text: string }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'other'; description: string }

const ARMORED_SIGNATURE = '-----BEGIN PGP SIGNATURE-----'

// Armor headers that are OpenPGP but not a detached signature, and what to tell the user.
const OTHER_ARMOR: Array<[string, string]> = [
  ['-----BEGIN PGP SIGNED MESSAGE-----', 'a clear-signed OpenPGP document, not a detached signature'],
  [
    '-----BEGIN PGP MESSAGE-----',
    'an OpenPGP message, not a detached signature (made with --sign instead of --detach-sign?)',
  ],
  ['-----BEGIN PGP PUBLIC KEY BLOCK-----', 'an OpenPGP public key, not a signature'],
  ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'an OpenPGP private key, not a signature'],
  ['-----BEGIN SSH SIGNATURE-----', 'an SSH signature (ssh-keygen -Y sign), not an OpenPGP signature'],
]

// Packet tags (RFC 9580 §5) a detached signature file could wrongly start with.
const PACKET_NAMES: Record<number, string> = {
  1: 'an encrypted session key',
  3: 'an encrypted session key',
  4: 'an OpenPGP message, not a detached signature',
  5: 'an OpenPGP secret key, not a signature',
  6: 'an OpenPGP public key, not a signature',
  8: 'compressed OpenPGP data, not a detached signature',
  11: 'an OpenPGP message, not a detached signature',
}

const SIGNATURE_TAG = 2

/** Classifies signature bytes as armored OpenPGP, binary OpenPGP, or something else (with a description). */
export function sniffSignature(bytes: Uint8Array): SignatureShape {
  const start = bytes.findIndex((byte) => !isWhitespace(byte))
  if (start === -1) return { kind: 'other', description: 'the file is empty' }

  const first = bytes[start] ?? 0
  if (first & 0x80) return sniffPacket(first, bytes.subarray(start))

  // latin1 keeps one character per byte, so binary junk cannot throw here.
  const head = Buffer.from(bytes.subarray(start, start + 64)).toString('latin1')
  if (head.startsWith(ARMORED_SIGNATURE)) return { kind: 'armored', text: new TextDecoder().decode(bytes) }
  const armor = OTHER_ARMOR.find(([header]) => head.startsWith(header))
  if (armor) return { kind: 'other', description: armor[1] }
  if (head.startsWith('untrusted comment:'))
    return { kind: 'other', description: 'it looks like a minisign signature' }
  if (head.startsWith('-----BEGIN '))
    return { kind: 'other', description: `it holds ${head.split('\n')[0]?.trim()}` }
  const text = Buffer.from(bytes.subarray(start, start + 4096))
    .toString('latin1')
    .trim()
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    return { kind: 'other', description: 'it is bare base64, as cosign writes its signatures' }
  }
  return {
    kind: 'other',
    description: `it is neither armored (${ARMORED_SIGNATURE}) nor a binary OpenPGP signature packet`,
  }
}

function sniffPacket(first: number, bytes: Uint8Array): SignatureShape {
  // New-format headers carry the tag in the low six bits, old-format ones in bits 2–5.
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f
  if (tag === SIGNATURE_TAG) return { kind: 'binary', bytes }
  return {
    kind: 'other',
    description: PACKET_NAMES[tag] ?? `it starts with an OpenPGP packet of type ${tag}, not a signature`,
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d
}
