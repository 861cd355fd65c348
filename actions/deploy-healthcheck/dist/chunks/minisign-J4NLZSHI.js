import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  PostflightError
} from "./chunk-4HL2O4X2.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";

// actions/verify-artifacts/src/signature/minisign.ts
import { createHash, createPublicKey, verify } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
var BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
var PUBLIC_KEY_BYTES = 2 + 8 + 32;
var SIGNATURE_BYTES = 2 + 8 + 64;
var GLOBAL_SIGNATURE_BYTES = 64;
var UNTRUSTED = "untrusted comment:";
var LEGACY_MAX_BYTES = 512 * 1024 * 1024;
var TRUSTED = "trusted comment: ";
var keyIdOf = (bytes) => Buffer.from(bytes).reverse().toString("hex").toUpperCase();
function parseMinisignPublicKey(text, label) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith(UNTRUSTED));
  const line = lines[0] ?? "";
  const bytes = BASE64.test(line) && lines.length === 1 ? Buffer.from(line, "base64") : void 0;
  if (!bytes || bytes.length !== PUBLIC_KEY_BYTES || bytes.subarray(0, 2).toString("latin1") !== "Ed") {
    throw new PostflightError(
      "BAD_INPUT",
      `${label} is not a minisign public key: expected the base64 line of minisign.pub (RW…, ${PUBLIC_KEY_BYTES} bytes once decoded, starting with "Ed")`,
      { field: "minisign-public-key" }
    );
  }
  const key = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: bytes.subarray(10).toString("base64url") },
    format: "jwk"
  });
  return { keyId: keyIdOf(bytes.subarray(2, 10)), source: label, key };
}
async function loadMinisignKeys(sources) {
  const keys = [];
  for (const [i, raw] of sources.entries()) {
    const source = raw.trim();
    if (source.startsWith(UNTRUSTED) || source === "") continue;
    if (BASE64.test(source) && source.startsWith("RW")) {
      keys.push(parseMinisignPublicKey(source, `minisign-public-key ${i + 1}`));
      continue;
    }
    let text;
    try {
      text = await readFile(source, "utf8");
    } catch (err) {
      throw new PostflightError(
        "BAD_INPUT",
        `minisign-public-key ${i + 1} is neither a minisign public key (RW…) nor a readable file: ${err.code ?? String(err)}`,
        { cause: err, field: "minisign-public-key" }
      );
    }
    keys.push(parseMinisignPublicKey(text, source));
  }
  return keys;
}
function parseMinisignSignature(text) {
  const lines = text.split(/\r?\n/);
  const [untrusted, sigLine, , globalLine] = lines.map((l) => l.trim());
  if (!untrusted?.startsWith(UNTRUSTED)) throw new Error(`line 1 is not "${UNTRUSTED} …"`);
  const sig = sigLine && BASE64.test(sigLine) ? Buffer.from(sigLine, "base64") : void 0;
  if (!sig || sig.length !== SIGNATURE_BYTES) {
    throw new Error(`line 2 is not a base64 signature of ${SIGNATURE_BYTES} bytes`);
  }
  const algorithm = sig.subarray(0, 2).toString("latin1");
  if (algorithm !== "Ed" && algorithm !== "ED") {
    throw new Error(`unknown signature algorithm ${JSON.stringify(algorithm)} (expected Ed or ED)`);
  }
  const trustedRaw = lines[2]?.replace(/\r$/, "") ?? "";
  if (!trustedRaw.startsWith(TRUSTED)) {
    throw new Error(`line 3 is not "${TRUSTED}…"`);
  }
  const global = globalLine && BASE64.test(globalLine) ? Buffer.from(globalLine, "base64") : void 0;
  if (!global || global.length !== GLOBAL_SIGNATURE_BYTES) {
    throw new Error(`line 4 is not a base64 global signature of ${GLOBAL_SIGNATURE_BYTES} bytes`);
  }
  return {
    algorithm,
    keyId: keyIdOf(sig.subarray(2, 10)),
    signature: Buffer.from(sig.subarray(10)),
    trustedComment: trustedRaw.slice(TRUSTED.length),
    globalSignature: global
  };
}
async function verifyMinisign(file, sig, keys, signal, maxLegacyBytes = LEGACY_MAX_BYTES) {
  const base = {
    keyId: sig.keyId,
    prehashed: sig.algorithm === "ED",
    trustedComment: sig.trustedComment
  };
  const key = keys.find((k) => k.keyId === sig.keyId);
  if (!key) {
    return {
      ...base,
      valid: false,
      reason: `signed with minisign key ${sig.keyId}, which is not a given key (${keys.map((k) => k.keyId).join(", ")})`
    };
  }
  if (sig.algorithm === "Ed" && (await stat(file)).size > maxLegacyBytes) {
    return {
      ...base,
      valid: false,
      reason: `a legacy (Ed) signature covers the whole file, which would have to be read into memory: ${file} is larger than ${maxLegacyBytes} bytes. Sign it prehashed (minisign's default since 0.9, not -l)`
    };
  }
  const message = sig.algorithm === "ED" ? await blake2b512(file, signal) : await readFile(file, { signal });
  if (!verify(null, message, key.key, sig.signature)) {
    return {
      ...base,
      valid: false,
      reason: `the signature does not match the file's contents (key ${sig.keyId}, ${base.prehashed ? "prehashed" : "legacy"}): the file was changed after signing`
    };
  }
  const signed = Buffer.concat([sig.signature, Buffer.from(sig.trustedComment, "utf8")]);
  if (!verify(null, signed, key.key, sig.globalSignature)) {
    return {
      ...base,
      valid: false,
      reason: "the trusted comment does not verify (the global signature fails): it was altered after signing"
    };
  }
  return { ...base, valid: true, signer: key.source };
}
async function blake2b512(file, signal) {
  const hash = createHash("blake2b512");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, ...signal ? { signal } : {} }))
    hash.update(chunk);
  return hash.digest();
}
export {
  LEGACY_MAX_BYTES,
  loadMinisignKeys,
  parseMinisignPublicKey,
  parseMinisignSignature,
  verifyMinisign
};
