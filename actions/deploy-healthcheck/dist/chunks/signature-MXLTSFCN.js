import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  readKeys,
  verifyDetachedSignature
} from "./chunk-JLX7ZGIH.js";
import {
  isSignatureName,
  signatureFor
} from "./chunk-UUE4RUPZ.js";
import {
  PostflightError
} from "./chunk-4HL2O4X2.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";

// actions/verify-artifacts/src/signature/load-keys.ts
import { readFile as fsReadFile } from "node:fs/promises";
var PUBLIC_BLOCK = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g;
var PRIVATE_HEADER = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
var MAX_PATH_LENGTH = 4096;
var KEY_ID = /^(?:0x)?(?:[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$/i;
var NOT_FOUND_CODES = /* @__PURE__ */ new Set(["ENOENT", "ENOTDIR", "EISDIR", "ENAMETOOLONG"]);
async function loadPublicKeys(sources, readFile = (path) => fsReadFile(path)) {
  const byFingerprint = /* @__PURE__ */ new Map();
  for (const [index, source] of sources.entries()) {
    const trimmed = source.trim();
    const keys = trimmed.startsWith("-----BEGIN ") ? await keysFromArmor(trimmed, `key ${index + 1} (inline)`, void 0) : await keysFromFile(trimmed, source, readFile);
    for (const key of keys) {
      if (!byFingerprint.has(key.fingerprint)) byFingerprint.set(key.fingerprint, key);
    }
  }
  return [...byFingerprint.values()];
}
async function keysFromFile(path, source, readFile) {
  if (path === "" || path.includes("\n") || path.length > MAX_PATH_LENGTH) {
    throw new PostflightError(
      "BAD_INPUT",
      `Key source ${describeSource(source)} is neither an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----) nor a file path. Give the output of gpg --armor --export, or the path of a file holding it.`
    );
  }
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = err.code ?? "";
    if (NOT_FOUND_CODES.has(code)) {
      throw new PostflightError(
        "BAD_INPUT",
        `Key source ${describeSource(source)} is neither an armored OpenPGP public key nor a readable file (${code}). ${KEY_ID.test(path) ? "It looks like a key id or fingerprint: Postflight needs the key itself (gpg --armor --export <key-id>)." : "Give armored key text or the path of a key file."}`,
        { cause: err, field: path }
      );
    }
    throw new PostflightError("IO", `Could not read the key file ${path}.`, { cause: err, field: path });
  }
  const start = bytes.findIndex((byte) => byte > 32);
  if ((bytes[start] ?? 0) & 128) {
    return toLoaded(await parse(() => readKeys({ binaryKeys: bytes.subarray(start) }), path), path, path);
  }
  const text = new TextDecoder().decode(bytes);
  if (text.includes("-----BEGIN ")) return keysFromArmor(text, path, path);
  throw new PostflightError(
    "BAD_INPUT",
    `The key file ${path} holds neither an armored (-----BEGIN PGP PUBLIC KEY BLOCK-----) nor a binary OpenPGP public key.`,
    { field: path }
  );
}
async function keysFromArmor(text, label, field) {
  if (text.includes(PRIVATE_HEADER)) throw privateKeyError(label, field);
  const blocks = text.match(PUBLIC_BLOCK);
  if (blocks === null) {
    const header = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
    throw new PostflightError(
      "BAD_INPUT",
      `${capitalize(label)} holds ${header ? `a ${header} block` : "no armored block"}, not a PGP PUBLIC KEY BLOCK. Give the output of gpg --armor --export.`,
      field === void 0 ? {} : { field }
    );
  }
  const keys = [];
  for (const block of blocks) keys.push(...await parse(() => readKeys({ armoredKeys: block }), label));
  return toLoaded(keys, label, field);
}
async function parse(read, label) {
  try {
    return await read();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new PostflightError("BAD_INPUT", `Could not read an OpenPGP public key from ${label}: ${detail}`, {
      cause: err
    });
  }
}
function toLoaded(keys, source, field) {
  if (keys.some((key) => key.isPrivate())) throw privateKeyError(source, field);
  return keys.map((key) => ({
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    userIds: key.getUserIDs(),
    subkeyFingerprints: key.subkeys.map((subkey) => subkey.getFingerprint().toUpperCase()),
    source,
    key: key.toPublic()
  }));
}
function privateKeyError(label, field) {
  return new PostflightError(
    "BAD_INPUT",
    `${capitalize(label)} is an OpenPGP PRIVATE key. Give the public key instead (gpg --armor --export <key-id>), and treat the private key as exposed wherever it was stored.`,
    field === void 0 ? {} : { field }
  );
}
function describeSource(source) {
  const oneLine = source.trim().replace(/\s+/g, " ");
  if (oneLine.length <= 80 && !source.includes("\n")) return JSON.stringify(oneLine);
  return `${JSON.stringify(`${oneLine.slice(0, 24)}…`)} (${source.length} characters)`;
}
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
export {
  isSignatureName,
  loadPublicKeys,
  signatureFor,
  verifyDetachedSignature
};
