import { createMessage, generateKey, type PrivateKey, readPrivateKey, sign } from 'openpgp'

/** A key pair made in-process for unit tests; the real-gpg interop lives in the itg tests. */
export interface TestKey {
  armoredPublic: string
  armoredPrivate: string
  binaryPublic: Uint8Array
  privateKey: PrivateKey
  fingerprint: string
}

export async function makeTestKey(name: string): Promise<TestKey> {
  const userIDs = [{ name, email: `${name.toLowerCase()}@example.com` }]
  const { publicKey, privateKey } = await generateKey({ userIDs, format: 'armored' })
  const binary = await generateKeyBinaryOf(privateKey)
  const key = await readPrivateKey({ armoredKey: privateKey })
  return {
    armoredPublic: publicKey,
    armoredPrivate: privateKey,
    binaryPublic: binary,
    privateKey: key,
    fingerprint: key.getFingerprint().toUpperCase(),
  }
}

async function generateKeyBinaryOf(armoredPrivate: string): Promise<Uint8Array> {
  const key = await readPrivateKey({ armoredKey: armoredPrivate })
  return key.toPublic().write() as Uint8Array
}

export async function signDetached(key: TestKey, data: Uint8Array, armored: boolean): Promise<Uint8Array> {
  const message = await createMessage({ binary: data })
  if (armored) {
    const text = await sign({ message, signingKeys: key.privateKey, detached: true, format: 'armored' })
    return new TextEncoder().encode(text)
  }
  return sign({ message, signingKeys: key.privateKey, detached: true, format: 'binary' })
}
