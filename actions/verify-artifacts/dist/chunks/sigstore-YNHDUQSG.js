import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  bundleSubject,
  isSigstoreBundleName,
  sigstoreBundles
} from "./chunk-YMQCLRKX.js";
import {
  loadTrustedRoot,
  parseTrustedRoot,
  require_certificate,
  require_dist,
  require_dist2 as require_dist3,
  require_sct
} from "./chunk-OIEPMWAI.js";
import {
  require_dist as require_dist2
} from "./chunk-CLYSHUBV.js";
import {
  HASH_CHUNK_BYTES,
  PostflightError,
  describeError,
  external_exports,
  requestJson
} from "./chunk-DRU7LBCS.js";
import "./chunk-37A44UKG.js";
import {
  __commonJS,
  __toESM
} from "./chunk-ARP2RSIW.js";

// node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/bundle.js
var require_bundle = __commonJS({
  "node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/bundle.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BUNDLE_V03_MEDIA_TYPE = exports.BUNDLE_V03_LEGACY_MEDIA_TYPE = exports.BUNDLE_V02_MEDIA_TYPE = exports.BUNDLE_V01_MEDIA_TYPE = void 0;
    exports.isBundleWithCertificateChain = isBundleWithCertificateChain;
    exports.isBundleWithPublicKey = isBundleWithPublicKey;
    exports.isBundleWithMessageSignature = isBundleWithMessageSignature;
    exports.isBundleWithDsseEnvelope = isBundleWithDsseEnvelope;
    exports.BUNDLE_V01_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle+json;version=0.1";
    exports.BUNDLE_V02_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    exports.BUNDLE_V03_LEGACY_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle+json;version=0.3";
    exports.BUNDLE_V03_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    function isBundleWithCertificateChain(b) {
      return b.verificationMaterial.content.$case === "x509CertificateChain";
    }
    function isBundleWithPublicKey(b) {
      return b.verificationMaterial.content.$case === "publicKey";
    }
    function isBundleWithMessageSignature(b) {
      return b.content.$case === "messageSignature";
    }
    function isBundleWithDsseEnvelope(b) {
      return b.content.$case === "dsseEnvelope";
    }
  }
});

// node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/build.js
var require_build = __commonJS({
  "node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/build.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.toMessageSignatureBundle = toMessageSignatureBundle;
    exports.toDSSEBundle = toDSSEBundle;
    var protobuf_specs_1 = require_dist2();
    var bundle_1 = require_bundle();
    function toMessageSignatureBundle(options) {
      return {
        mediaType: options.certificateChain ? bundle_1.BUNDLE_V02_MEDIA_TYPE : bundle_1.BUNDLE_V03_MEDIA_TYPE,
        content: {
          $case: "messageSignature",
          messageSignature: {
            messageDigest: {
              algorithm: protobuf_specs_1.HashAlgorithm.SHA2_256,
              digest: options.digest
            },
            signature: options.signature
          }
        },
        verificationMaterial: toVerificationMaterial(options)
      };
    }
    function toDSSEBundle(options) {
      return {
        mediaType: options.certificateChain ? bundle_1.BUNDLE_V02_MEDIA_TYPE : bundle_1.BUNDLE_V03_MEDIA_TYPE,
        content: {
          $case: "dsseEnvelope",
          dsseEnvelope: toEnvelope(options)
        },
        verificationMaterial: toVerificationMaterial(options)
      };
    }
    function toEnvelope(options) {
      return {
        payloadType: options.artifactType,
        payload: options.artifact,
        signatures: [toSignature(options)]
      };
    }
    function toSignature(options) {
      return {
        keyid: options.keyHint || "",
        sig: options.signature
      };
    }
    function toVerificationMaterial(options) {
      return {
        content: toKeyContent(options),
        tlogEntries: [],
        timestampVerificationData: { rfc3161Timestamps: [] }
      };
    }
    function toKeyContent(options) {
      if (options.certificate) {
        if (options.certificateChain) {
          return {
            $case: "x509CertificateChain",
            x509CertificateChain: {
              certificates: [{ rawBytes: options.certificate }]
            }
          };
        } else {
          return {
            $case: "certificate",
            certificate: { rawBytes: options.certificate }
          };
        }
      } else {
        return {
          $case: "publicKey",
          publicKey: {
            hint: options.keyHint || ""
          }
        };
      }
    }
  }
});

// node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/error.js
var require_error = __commonJS({
  "node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/error.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ValidationError = void 0;
    var ValidationError2 = class extends Error {
      fields;
      constructor(message, fields) {
        super(message);
        this.fields = fields;
      }
    };
    exports.ValidationError = ValidationError2;
  }
});

// node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/validate.js
var require_validate = __commonJS({
  "node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/validate.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.assertBundle = assertBundle;
    exports.assertBundleV01 = assertBundleV01;
    exports.isBundleV01 = isBundleV01;
    exports.assertBundleV02 = assertBundleV02;
    exports.assertBundleLatest = assertBundleLatest;
    var error_1 = require_error();
    function assertBundle(b) {
      const invalidValues = validateBundleBase(b);
      if (invalidValues.length > 0) {
        throw new error_1.ValidationError("invalid bundle", invalidValues);
      }
    }
    function assertBundleV01(b) {
      const invalidValues = [];
      invalidValues.push(...validateBundleBase(b));
      invalidValues.push(...validateInclusionPromise(b));
      if (invalidValues.length > 0) {
        throw new error_1.ValidationError("invalid v0.1 bundle", invalidValues);
      }
    }
    function isBundleV01(b) {
      try {
        assertBundleV01(b);
        return true;
      } catch (e) {
        return false;
      }
    }
    function assertBundleV02(b) {
      const invalidValues = [];
      invalidValues.push(...validateBundleBase(b));
      invalidValues.push(...validateInclusionProof(b));
      if (invalidValues.length > 0) {
        throw new error_1.ValidationError("invalid v0.2 bundle", invalidValues);
      }
    }
    function assertBundleLatest(b) {
      const invalidValues = [];
      invalidValues.push(...validateBundleBase(b));
      invalidValues.push(...validateInclusionProof(b));
      invalidValues.push(...validateNoCertificateChain(b));
      if (invalidValues.length > 0) {
        throw new error_1.ValidationError("invalid bundle", invalidValues);
      }
    }
    function validateBundleBase(b) {
      const invalidValues = [];
      if (b.mediaType === void 0 || !b.mediaType.match(/^application\/vnd\.dev\.sigstore\.bundle\+json;version=\d\.\d/) && !b.mediaType.match(/^application\/vnd\.dev\.sigstore\.bundle\.v\d\.\d\+json/)) {
        invalidValues.push("mediaType");
      }
      if (b.content === void 0) {
        invalidValues.push("content");
      } else {
        switch (b.content.$case) {
          case "messageSignature":
            if (b.content.messageSignature.messageDigest === void 0) {
              invalidValues.push("content.messageSignature.messageDigest");
            } else {
              if (b.content.messageSignature.messageDigest.digest.length === 0) {
                invalidValues.push("content.messageSignature.messageDigest.digest");
              }
            }
            if (b.content.messageSignature.signature.length === 0) {
              invalidValues.push("content.messageSignature.signature");
            }
            break;
          case "dsseEnvelope":
            if (b.content.dsseEnvelope.payload.length === 0) {
              invalidValues.push("content.dsseEnvelope.payload");
            }
            if (b.content.dsseEnvelope.signatures.length !== 1) {
              invalidValues.push("content.dsseEnvelope.signatures");
            } else {
              if (b.content.dsseEnvelope.signatures[0].sig.length === 0) {
                invalidValues.push("content.dsseEnvelope.signatures[0].sig");
              }
            }
            break;
        }
      }
      if (b.verificationMaterial === void 0) {
        invalidValues.push("verificationMaterial");
      } else {
        if (b.verificationMaterial.content === void 0) {
          invalidValues.push("verificationMaterial.content");
        } else {
          switch (b.verificationMaterial.content.$case) {
            case "x509CertificateChain":
              if (b.verificationMaterial.content.x509CertificateChain.certificates.length === 0) {
                invalidValues.push("verificationMaterial.content.x509CertificateChain.certificates");
              }
              b.verificationMaterial.content.x509CertificateChain.certificates.forEach((cert, i) => {
                if (cert.rawBytes.length === 0) {
                  invalidValues.push(`verificationMaterial.content.x509CertificateChain.certificates[${i}].rawBytes`);
                }
              });
              break;
            case "certificate":
              if (b.verificationMaterial.content.certificate.rawBytes.length === 0) {
                invalidValues.push("verificationMaterial.content.certificate.rawBytes");
              }
              break;
          }
        }
        if (b.verificationMaterial.tlogEntries === void 0) {
          invalidValues.push("verificationMaterial.tlogEntries");
        } else {
          if (b.verificationMaterial.tlogEntries.length > 0) {
            b.verificationMaterial.tlogEntries.forEach((entry, i) => {
              if (entry.logId === void 0) {
                invalidValues.push(`verificationMaterial.tlogEntries[${i}].logId`);
              }
              if (entry.kindVersion === void 0) {
                invalidValues.push(`verificationMaterial.tlogEntries[${i}].kindVersion`);
              }
            });
          }
        }
      }
      return invalidValues;
    }
    function validateInclusionPromise(b) {
      const invalidValues = [];
      if (b.verificationMaterial && b.verificationMaterial.tlogEntries?.length > 0) {
        b.verificationMaterial.tlogEntries.forEach((entry, i) => {
          if (entry.inclusionPromise === void 0) {
            invalidValues.push(`verificationMaterial.tlogEntries[${i}].inclusionPromise`);
          }
        });
      }
      return invalidValues;
    }
    function validateInclusionProof(b) {
      const invalidValues = [];
      if (b.verificationMaterial && b.verificationMaterial.tlogEntries?.length > 0) {
        b.verificationMaterial.tlogEntries.forEach((entry, i) => {
          if (entry.inclusionProof === void 0) {
            invalidValues.push(`verificationMaterial.tlogEntries[${i}].inclusionProof`);
          } else {
            if (entry.inclusionProof.checkpoint === void 0) {
              invalidValues.push(`verificationMaterial.tlogEntries[${i}].inclusionProof.checkpoint`);
            }
          }
        });
      }
      return invalidValues;
    }
    function validateNoCertificateChain(b) {
      const invalidValues = [];
      if (b.verificationMaterial?.content?.$case === "x509CertificateChain") {
        invalidValues.push("verificationMaterial.content.$case");
      }
      return invalidValues;
    }
  }
});

// node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/serialized.js
var require_serialized = __commonJS({
  "node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/serialized.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.envelopeToJSON = exports.envelopeFromJSON = exports.bundleToJSON = exports.bundleFromJSON = void 0;
    var protobuf_specs_1 = require_dist2();
    var bundle_1 = require_bundle();
    var validate_1 = require_validate();
    var bundleFromJSON2 = (obj) => {
      const bundle = protobuf_specs_1.Bundle.fromJSON(obj);
      switch (bundle.mediaType) {
        case bundle_1.BUNDLE_V01_MEDIA_TYPE:
          (0, validate_1.assertBundleV01)(bundle);
          break;
        case bundle_1.BUNDLE_V02_MEDIA_TYPE:
          (0, validate_1.assertBundleV02)(bundle);
          break;
        default:
          (0, validate_1.assertBundleLatest)(bundle);
          break;
      }
      return bundle;
    };
    exports.bundleFromJSON = bundleFromJSON2;
    var bundleToJSON = (bundle) => {
      return protobuf_specs_1.Bundle.toJSON(bundle);
    };
    exports.bundleToJSON = bundleToJSON;
    var envelopeFromJSON = (obj) => {
      return protobuf_specs_1.Envelope.fromJSON(obj);
    };
    exports.envelopeFromJSON = envelopeFromJSON;
    var envelopeToJSON = (envelope) => {
      return protobuf_specs_1.Envelope.toJSON(envelope);
    };
    exports.envelopeToJSON = envelopeToJSON;
  }
});

// node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/index.js
var require_dist4 = __commonJS({
  "node_modules/.pnpm/@sigstore+bundle@5.0.1/node_modules/@sigstore/bundle/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isBundleV01 = exports.assertBundleV02 = exports.assertBundleV01 = exports.assertBundleLatest = exports.assertBundle = exports.envelopeToJSON = exports.envelopeFromJSON = exports.bundleToJSON = exports.bundleFromJSON = exports.ValidationError = exports.isBundleWithPublicKey = exports.isBundleWithMessageSignature = exports.isBundleWithDsseEnvelope = exports.isBundleWithCertificateChain = exports.BUNDLE_V03_MEDIA_TYPE = exports.BUNDLE_V03_LEGACY_MEDIA_TYPE = exports.BUNDLE_V02_MEDIA_TYPE = exports.BUNDLE_V01_MEDIA_TYPE = exports.toMessageSignatureBundle = exports.toDSSEBundle = void 0;
    var build_1 = require_build();
    Object.defineProperty(exports, "toDSSEBundle", { enumerable: true, get: function() {
      return build_1.toDSSEBundle;
    } });
    Object.defineProperty(exports, "toMessageSignatureBundle", { enumerable: true, get: function() {
      return build_1.toMessageSignatureBundle;
    } });
    var bundle_1 = require_bundle();
    Object.defineProperty(exports, "BUNDLE_V01_MEDIA_TYPE", { enumerable: true, get: function() {
      return bundle_1.BUNDLE_V01_MEDIA_TYPE;
    } });
    Object.defineProperty(exports, "BUNDLE_V02_MEDIA_TYPE", { enumerable: true, get: function() {
      return bundle_1.BUNDLE_V02_MEDIA_TYPE;
    } });
    Object.defineProperty(exports, "BUNDLE_V03_LEGACY_MEDIA_TYPE", { enumerable: true, get: function() {
      return bundle_1.BUNDLE_V03_LEGACY_MEDIA_TYPE;
    } });
    Object.defineProperty(exports, "BUNDLE_V03_MEDIA_TYPE", { enumerable: true, get: function() {
      return bundle_1.BUNDLE_V03_MEDIA_TYPE;
    } });
    Object.defineProperty(exports, "isBundleWithCertificateChain", { enumerable: true, get: function() {
      return bundle_1.isBundleWithCertificateChain;
    } });
    Object.defineProperty(exports, "isBundleWithDsseEnvelope", { enumerable: true, get: function() {
      return bundle_1.isBundleWithDsseEnvelope;
    } });
    Object.defineProperty(exports, "isBundleWithMessageSignature", { enumerable: true, get: function() {
      return bundle_1.isBundleWithMessageSignature;
    } });
    Object.defineProperty(exports, "isBundleWithPublicKey", { enumerable: true, get: function() {
      return bundle_1.isBundleWithPublicKey;
    } });
    var error_1 = require_error();
    Object.defineProperty(exports, "ValidationError", { enumerable: true, get: function() {
      return error_1.ValidationError;
    } });
    var serialized_1 = require_serialized();
    Object.defineProperty(exports, "bundleFromJSON", { enumerable: true, get: function() {
      return serialized_1.bundleFromJSON;
    } });
    Object.defineProperty(exports, "bundleToJSON", { enumerable: true, get: function() {
      return serialized_1.bundleToJSON;
    } });
    Object.defineProperty(exports, "envelopeFromJSON", { enumerable: true, get: function() {
      return serialized_1.envelopeFromJSON;
    } });
    Object.defineProperty(exports, "envelopeToJSON", { enumerable: true, get: function() {
      return serialized_1.envelopeToJSON;
    } });
    var validate_1 = require_validate();
    Object.defineProperty(exports, "assertBundle", { enumerable: true, get: function() {
      return validate_1.assertBundle;
    } });
    Object.defineProperty(exports, "assertBundleLatest", { enumerable: true, get: function() {
      return validate_1.assertBundleLatest;
    } });
    Object.defineProperty(exports, "assertBundleV01", { enumerable: true, get: function() {
      return validate_1.assertBundleV01;
    } });
    Object.defineProperty(exports, "assertBundleV02", { enumerable: true, get: function() {
      return validate_1.assertBundleV02;
    } });
    Object.defineProperty(exports, "isBundleV01", { enumerable: true, get: function() {
      return validate_1.isBundleV01;
    } });
  }
});

// actions/verify-artifacts/src/sigstore/check-bundles.ts
import { readFile } from "node:fs/promises";

// actions/verify-artifacts/src/sigstore/verify-bundle.ts
var import_verify = __toESM(require_dist3(), 1);

// actions/verify-artifacts/src/sigstore/bind-artifact.ts
var import_protobuf_specs = __toESM(require_dist2(), 1);

// actions/verify-artifacts/src/sigstore/dsse-subject.ts
var IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
function readStatement(envelope) {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      ok: false,
      reason: `The DSSE payload is ${JSON.stringify(envelope.payloadType)}, not an in-toto statement (${IN_TOTO_PAYLOAD_TYPE}), so nothing says which artifact it covers.`
    };
  }
  let statement;
  try {
    statement = JSON.parse(Buffer.from(envelope.payload).toString("utf8"));
  } catch {
    return { ok: false, reason: "The DSSE payload is not valid JSON, so it is not an in-toto statement." };
  }
  const { subject, predicateType } = statement ?? {};
  const subjects = Array.isArray(subject) ? subject.filter(isSubject) : [];
  if (subjects.length === 0)
    return { ok: false, reason: "The in-toto statement has no subject with a digest." };
  const algorithms = [...new Set(subjects.flatMap((s) => Object.keys(s.digest).map((a) => a.toLowerCase())))];
  return {
    ok: true,
    subjects,
    algorithms,
    ...typeof predicateType === "string" ? { predicateType } : {}
  };
}
function matchingSubject(subjects, artifactDigests) {
  return subjects.find((s) => {
    const shared = Object.entries(s.digest).filter(([a]) => artifactDigests[a.toLowerCase()] !== void 0);
    return shared.length > 0 && shared.every(([a, hex]) => artifactDigests[a.toLowerCase()] === hex.toLowerCase());
  });
}
function describeSubjects(subjects) {
  return subjects.slice(0, 5).map((s) => {
    const [algorithm, hex] = Object.entries(s.digest)[0] ?? ["?", "?"];
    return `${s.name ?? "(unnamed)"} ${algorithm}:${hex.slice(0, 16)}…`;
  }).join("; ");
}
function isSubject(value) {
  const digest = value?.digest;
  return typeof digest === "object" && digest !== null && Object.values(digest).length > 0 && Object.values(digest).every((hex) => typeof hex === "string");
}

// actions/verify-artifacts/src/sigstore/message-content.ts
import { timingSafeEqual, verify as verifyOneShot } from "node:crypto";
function streamedMessageContent(message, read) {
  const signature = Buffer.from(message.signature);
  const claimedDigest = Buffer.from(message.messageDigest?.digest ?? []);
  const results = /* @__PURE__ */ new Map();
  return {
    signature,
    compareSignature: (other) => bufferEqual(other, signature),
    compareDigest: (digest) => bufferEqual(digest, claimedDigest),
    compareSignedDigest: (digest) => bufferEqual(digest, claimedDigest),
    verifySignature: (key) => {
      const known = results.get(key);
      if (known !== void 0) return known;
      const ok = check(key, signature, read);
      results.set(key, ok);
      return ok;
    }
  };
}
function check(key, signature, read) {
  try {
    if (read.bytes) return verifyOneShot(null, read.bytes, key, signature);
    return read.verify?.verify(key, signature) ?? false;
  } catch {
    return false;
  }
}
function bufferEqual(a, b) {
  return a.length === b.length && timingSafeEqual(a, b);
}

// actions/verify-artifacts/src/sigstore/read-artifact.ts
import { createHash, createVerify } from "node:crypto";
import { open } from "node:fs/promises";
async function readArtifact(file, options) {
  const { signal } = options;
  const hashes = new Map(options.algorithms.map((name) => [name, createHash(name)]));
  const verify = options.verifyAlgorithm === void 0 ? void 0 : createVerify(options.verifyAlgorithm);
  const kept = [];
  let handle;
  try {
    handle = await open(file, "r");
    const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
    for (; ; ) {
      throwIfAborted(file, signal);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      for (const hash of hashes.values()) hash.update(chunk);
      verify?.update(chunk);
      if (options.keepBytes) kept.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (err instanceof PostflightError) throw err;
    throw new PostflightError(
      "IO",
      `Cannot read ${file} to verify its Sigstore bundle: ${describeError(err)}`,
      {
        cause: err,
        field: file
      }
    );
  } finally {
    await handle?.close().catch(() => void 0);
  }
  const digests = Object.fromEntries([...hashes].map(([name, hash]) => [name, hash.digest("hex")]));
  const read = { digests };
  if (verify) read.verify = verify;
  if (options.keepBytes) read.bytes = Buffer.concat(kept);
  return read;
}
function throwIfAborted(file, signal) {
  if (!signal?.aborted) return;
  throw new PostflightError(
    "ABORTED",
    `Verifying the Sigstore bundle of ${file} was stopped: ${describeError(signal.reason)}`,
    {
      cause: signal.reason,
      field: file
    }
  );
}

// actions/verify-artifacts/src/sigstore/bind-artifact.ts
var NODE_HASH = {
  [import_protobuf_specs.HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: "sha256",
  [import_protobuf_specs.HashAlgorithm.SHA2_256]: "sha256",
  [import_protobuf_specs.HashAlgorithm.SHA2_384]: "sha384",
  [import_protobuf_specs.HashAlgorithm.SHA2_512]: "sha512",
  [import_protobuf_specs.HashAlgorithm.SHA3_256]: "sha3-256",
  [import_protobuf_specs.HashAlgorithm.SHA3_384]: "sha3-384"
};
var STATEMENT_DIGESTS = ["sha256", "sha384", "sha512"];
async function bindMessage(message, publicKey, options) {
  const algorithm = NODE_HASH[message.messageDigest?.algorithm ?? import_protobuf_specs.HashAlgorithm.SHA2_256] ?? "sha256";
  const oneShot = publicKey.asymmetricKeyType === "ed25519" || publicKey.asymmetricKeyType === "ed448";
  const read = await readArtifact(options.artifactPath, {
    algorithms: [algorithm],
    keepBytes: oneShot,
    ...oneShot ? {} : { verifyAlgorithm: algorithm },
    ...options.signal ? { signal: options.signal } : {}
  });
  const actual = read.digests[algorithm];
  const claimed = Buffer.from(message.messageDigest?.digest ?? []).toString("hex");
  if (actual !== claimed) {
    return {
      ok: false,
      code: "DIGEST_MISMATCH",
      reason: `The artifact's ${algorithm} is ${actual}, but the bundle signs ${claimed || "no digest"}: it is a bundle for other bytes.`
    };
  }
  return { ok: true, value: streamedMessageContent(message, read) };
}
async function bindStatement(envelope, options) {
  const statement = readStatement(envelope);
  if (!statement.ok) return { ok: false, code: "SUBJECT_MISMATCH", reason: statement.reason };
  const algorithms = STATEMENT_DIGESTS.filter((a) => statement.algorithms.includes(a));
  if (algorithms.length === 0) {
    return {
      ok: false,
      code: "SUBJECT_MISMATCH",
      reason: `The in-toto subjects use only ${statement.algorithms.join(", ")}, which cannot be checked (expected ${STATEMENT_DIGESTS.join(", ")}).`
    };
  }
  const given = options.artifactDigests ?? {};
  const digests = algorithms.some((a) => a in given) ? Object.fromEntries(Object.entries(given).map(([a, hex]) => [a, String(hex).toLowerCase()])) : (await readArtifact(options.artifactPath, {
    algorithms,
    ...options.signal ? { signal: options.signal } : {}
  })).digests;
  if (matchingSubject(statement.subjects, digests) === void 0) {
    const shown = Object.entries(digests).map(([a, hex]) => `${a}:${hex}`).join(", ");
    return {
      ok: false,
      code: "SUBJECT_MISMATCH",
      reason: `The attestation is about ${describeSubjects(statement.subjects)}, not this artifact (${shown}).`
    };
  }
  return { ok: true, value: statement.predicateType };
}

// actions/verify-artifacts/src/sigstore/failure-reason.ts
function describeVerifyFailure(err) {
  const e = toLibraryError(err);
  const detail = e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message;
  switch (e.code) {
    case "CERTIFICATE_ERROR":
      return {
        code: "UNTRUSTED_CERTIFICATE",
        reason: `The signing certificate is not trusted by this trusted root (${detail}): it was issued by another Sigstore instance (staging vs production?), or was not valid when the signature was logged.`
      };
    case "PUBLIC_KEY_ERROR":
      return { code: "KEY", reason: `The signing key is not trusted (${detail}).` };
    case "SIGNATURE_ERROR":
      return {
        code: "SIGNATURE",
        reason: `The signature does not verify (${detail}): the artifact or the signature was altered, or another key signed it.`
      };
    case "TIMESTAMP_ERROR":
      return {
        code: "TIMESTAMP",
        reason: `The bundle has no trusted time of signing (${detail}): it needs a transparency log entry or a timestamp from an authority in the trusted root.`
      };
    case "TLOG_BODY_ERROR":
      return {
        code: "TRANSPARENCY_LOG",
        reason: `The transparency log entry does not match the bundle (${detail}): the bundle was altered after it was logged.`
      };
    case "TLOG_INCLUSION_PROOF_ERROR":
    case "TLOG_INCLUSION_PROMISE_ERROR":
    case "TLOG_MISSING_INCLUSION_ERROR":
    case "TLOG_ERROR":
      return {
        code: "TRANSPARENCY_LOG",
        reason: `The transparency log entry cannot be trusted (${detail}): its inclusion proof or promise does not check out against a log in the trusted root.`
      };
    default:
      return { code: "MALFORMED", reason: `The bundle could not be verified: ${detail}.` };
  }
}
function toLibraryError(err) {
  if (err instanceof Error) {
    const code = err.code;
    return { message: err.message, cause: err.cause, ...typeof code === "string" ? { code } : {} };
  }
  return { message: describeError(err) };
}

// actions/verify-artifacts/src/sigstore/identity-policy.ts
function checkIdentityPolicy(policy, signer) {
  const found = `${signer.identity ?? "(no identity)"} (issuer ${signer.issuer ?? "unknown"})`;
  const { certificateIdentity, certificateIdentityRegexp, certificateOidcIssuer } = policy;
  if (certificateIdentity === void 0 && certificateIdentityRegexp === void 0) {
    return {
      ok: false,
      code: "NO_POLICY",
      reason: `No certificate-identity or certificate-identity-regexp was given, so who signed cannot be checked. The bundle was signed by ${found}; give that identity and issuer if it is the one you expect.`
    };
  }
  if (certificateIdentity !== void 0 && signer.identity !== certificateIdentity) {
    return {
      ok: false,
      code: "IDENTITY_MISMATCH",
      reason: `Signed by ${found}, not by the expected identity ${certificateIdentity}.`
    };
  }
  if (certificateIdentityRegexp !== void 0) {
    const pattern = toRegExp(certificateIdentityRegexp);
    if (signer.identity === void 0 || !pattern.test(signer.identity)) {
      return {
        ok: false,
        code: "IDENTITY_MISMATCH",
        reason: `Signed by ${found}, which does not match certificate-identity-regexp ${pattern.source}.`
      };
    }
  }
  if (certificateOidcIssuer === void 0) {
    return {
      ok: false,
      code: "NO_POLICY",
      reason: `No certificate-oidc-issuer was given; the bundle was signed by ${found}. Give the issuer you expect.`
    };
  }
  if (signer.issuer !== certificateOidcIssuer) {
    return {
      ok: false,
      code: "ISSUER_MISMATCH",
      reason: `Signed by ${found}, but the expected certificate-oidc-issuer is ${certificateOidcIssuer}.`
    };
  }
  return { ok: true };
}
function toRegExp(pattern) {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new PostflightError(
      "BAD_INPUT",
      `certificate-identity-regexp: expected a regular expression; ${JSON.stringify(pattern)} is not one.`,
      { cause: err, field: "certificate-identity-regexp" }
    );
  }
}

// actions/verify-artifacts/src/sigstore/parse-bundle.ts
var import_bundle = __toESM(require_dist4(), 1);
var BUNDLE_MEDIA_TYPES = [
  import_bundle.BUNDLE_V01_MEDIA_TYPE,
  import_bundle.BUNDLE_V02_MEDIA_TYPE,
  import_bundle.BUNDLE_V03_LEGACY_MEDIA_TYPE,
  import_bundle.BUNDLE_V03_MEDIA_TYPE
];
function parseBundle(input) {
  let json = input;
  if (typeof input === "string" || input instanceof Uint8Array) {
    const text = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
    try {
      json = JSON.parse(text);
    } catch (err) {
      return malformed(
        void 0,
        `The bundle is not valid JSON (truncated or corrupted?): ${describeError(err)}.`
      );
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return malformed(void 0, "The bundle is not a JSON object.");
  }
  const record = json;
  const mediaType = typeof record.mediaType === "string" ? record.mediaType : void 0;
  if (mediaType === void 0 || !BUNDLE_MEDIA_TYPES.includes(mediaType)) {
    return { ok: false, verdict: unknownMediaType(record, mediaType) };
  }
  try {
    return { ok: true, bundle: (0, import_bundle.bundleFromJSON)(json), mediaType };
  } catch (err) {
    const fields = err instanceof import_bundle.ValidationError && err.fields ? `: missing or invalid ${err.fields.join(", ")}` : "";
    return malformed(
      mediaType,
      `The bundle is not a valid ${mediaType} bundle${fields} (${describeError(err)}).`
    );
  }
}
function unknownMediaType(record, mediaType) {
  const legacyCosign = "base64Signature" in record || "rekorBundle" in record;
  const found = mediaType === void 0 ? "no mediaType" : `mediaType ${JSON.stringify(mediaType)}`;
  const reason = legacyCosign ? `This is a legacy cosign bundle (base64Signature/rekorBundle), not a Sigstore bundle; re-sign with cosign --new-bundle-format.` : `Unsupported bundle: ${found}; expected one of ${BUNDLE_MEDIA_TYPES.join(", ")}.`;
  const verdict = { valid: false, code: "UNSUPPORTED_MEDIA_TYPE", reason };
  if (mediaType !== void 0) verdict.mediaType = mediaType;
  return verdict;
}
function malformed(mediaType, reason) {
  const verdict = { valid: false, code: "MALFORMED", reason };
  if (mediaType !== void 0) verdict.mediaType = mediaType;
  return { ok: false, verdict };
}

// actions/verify-artifacts/src/sigstore/signing-key.ts
import { createPublicKey } from "node:crypto";

// actions/verify-artifacts/src/sigstore/signer.ts
var import_core5 = __toESM(require_dist(), 1);
var FULCIO = "1.3.6.1.4.1.57264.1";
var V2_STRINGS = {
  issuer: `${FULCIO}.8`,
  buildSignerUri: `${FULCIO}.9`,
  sourceRepository: `${FULCIO}.12`,
  sourceDigest: `${FULCIO}.13`,
  sourceRef: `${FULCIO}.14`,
  runInvocationUri: `${FULCIO}.21`
};
var ISSUER_V1 = `${FULCIO}.1`;
function describeCertificateSigner(certificate) {
  const signer = {};
  const identity = certificate.subjectAltName;
  if (identity !== void 0) signer.identity = identity;
  for (const [field, oid] of Object.entries(V2_STRINGS)) {
    const text = certificate.extension(oid)?.valueObj.subs[0]?.value.toString("utf8");
    if (text) signer[field] = text;
  }
  signer.issuer ??= certificate.extension(ISSUER_V1)?.value.toString("utf8");
  if (signer.issuer === void 0) delete signer.issuer;
  return signer;
}
function leafCertificate(content) {
  const raw = content.$case === "certificate" ? content.certificate?.rawBytes : content.$case === "x509CertificateChain" ? content.x509CertificateChain?.certificates[0]?.rawBytes : void 0;
  return raw === void 0 ? void 0 : import_core5.X509Certificate.parse(Buffer.from(raw));
}

// actions/verify-artifacts/src/sigstore/signing-key.ts
function signingKey(bundle, policy) {
  const material = bundle.verificationMaterial.content;
  if (material.$case === "publicKey") {
    const hint = material.publicKey.hint;
    const given = policy.publicKey;
    if (given === void 0) {
      return {
        ok: false,
        code: "NO_POLICY",
        reason: `The bundle is signed with a managed key (hint ${hint || "(none)"}), not a certificate; give its public key to verify it.`
      };
    }
    try {
      const publicKey = typeof given === "string" ? createPublicKey(given) : given;
      return { ok: true, value: { publicKey, managed: true, signer: { keyHint: hint } } };
    } catch (err) {
      return { ok: false, code: "KEY", reason: `The given public key cannot be read: ${describeError(err)}.` };
    }
  }
  try {
    const certificate = leafCertificate(material);
    if (certificate === void 0) throw new Error("no certificate");
    const publicKey = createPublicKey({ key: certificate.publicKey, format: "der", type: "spki" });
    const signer = describeCertificateSigner(certificate);
    return { ok: true, value: { publicKey, certificate, managed: false, signer } };
  } catch (err) {
    return {
      ok: false,
      code: "MALFORMED",
      reason: `The bundle's signing certificate cannot be read: ${describeError(err)}.`
    };
  }
}

// actions/verify-artifacts/src/sigstore/verify-bundle.ts
async function verifySigstoreBundle(options) {
  if (options.policy.certificateIdentityRegexp !== void 0)
    toRegExp(options.policy.certificateIdentityRegexp);
  const parsed = parseBundle(options.bundle);
  if (!parsed.ok) return parsed.verdict;
  const { bundle, mediaType } = parsed;
  const content = bundle.content;
  const verdict = {
    valid: false,
    mediaType,
    kind: content.$case === "dsseEnvelope" ? "dsse" : "message-signature",
    ...logFacts(bundle)
  };
  const fail = (outcome2) => ({
    ...verdict,
    valid: false,
    code: outcome2.code,
    reason: outcome2.reason
  });
  const verificationMaterial = bundle.verificationMaterial.content;
  if (verificationMaterial.$case === "publicKey")
    verdict.signer = { keyHint: verificationMaterial.publicKey.hint };
  const key = signingKey(bundle, options.policy);
  if (!key.ok) return fail(key);
  verdict.signer = key.value.signer;
  let entity;
  try {
    entity = (0, import_verify.toSignedEntity)(bundle, Buffer.alloc(0));
  } catch (err) {
    return fail(describeVerifyFailure(err));
  }
  if (content.$case === "messageSignature") {
    const bound = await bindMessage(content.messageSignature, key.value.publicKey, options);
    if (!bound.ok) return fail(bound);
    entity = { ...entity, signature: bound.value };
  } else {
    const bound = await bindStatement(content.dsseEnvelope, options);
    if (!bound.ok) return fail(bound);
    if (bound.value !== void 0) verdict.predicateType = bound.value;
  }
  const trust = key.value.managed ? {
    ...options.trustedRoot.material,
    // Like cosign --key: the caller's key is trusted as given, with no validity window to apply.
    publicKey: () => ({ publicKey: key.value.publicKey, validFor: () => true })
  } : options.trustedRoot.material;
  let signer;
  try {
    signer = new import_verify.Verifier(trust).verify(entity);
  } catch (err) {
    return fail(describeVerifyFailure(err));
  }
  if (key.value.certificate) {
    const verified = { ...key.value.signer };
    if (signer.identity?.subjectAlternativeName) verified.identity = signer.identity.subjectAlternativeName;
    if (signer.identity?.extensions?.issuer) verified.issuer = signer.identity.extensions.issuer;
    verdict.signer = verified;
    const policy = checkIdentityPolicy(options.policy, verified);
    if (!policy.ok) return fail(policy);
  }
  return { ...verdict, valid: true };
}
function logFacts(bundle) {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (entry === void 0) return {};
  const facts = { logIndex: entry.logIndex };
  const seconds = Number(entry.integratedTime);
  if (Number.isFinite(seconds) && seconds > 0) facts.integratedTime = new Date(seconds * 1e3).toISOString();
  return facts;
}

// actions/verify-artifacts/src/sigstore/check-bundles.ts
var MAX_BUNDLE_BYTES = 8 * 1024 * 1024;
async function checkSigstoreBundles(suite, files, options) {
  const valid = /* @__PURE__ */ new Set();
  const byName = new Map(files.map((f) => [f.name, f]));
  const bundles = new Map(sigstoreBundles(files.map((f) => f.name)).map((b) => [b.bundle, b.subject]));
  for (const file of files) {
    if (!bundles.has(file.name)) continue;
    const subject = bundles.get(file.name);
    const target = subject ?? file.name.replace(/\.sigstore(\.json)?$/i, "");
    const id = suite.uniqueId(`sigstore:${target}`, `sigstore:${target}@${file.name}`);
    const title = `${target} has a valid Sigstore bundle (${file.name})`;
    const artifact = subject === void 0 ? void 0 : byName.get(subject);
    if (artifact === void 0) {
      suite.add({
        id,
        title,
        status: "fail",
        message: `${file.name} covers ${target}, which is not in the release`
      });
      continue;
    }
    await suite.run(id, title, async () => {
      if (file.size > MAX_BUNDLE_BYTES) {
        return {
          status: "fail",
          message: `${file.name} is ${file.size} bytes, too large to be a Sigstore bundle`
        };
      }
      const digests = options.digests?.get(artifact.name);
      const verdict = await verifySigstoreBundle({
        bundle: await readFile(file.path),
        artifactPath: artifact.path,
        ...digests ? { artifactDigests: digests } : {},
        trustedRoot: options.trustedRoot,
        policy: options.policy,
        offline: true,
        ...options.signal ? { signal: options.signal } : {}
      });
      if (verdict.valid) valid.add(artifact.name);
      return outcome(verdict, file.name, options.trustedRoot.source);
    });
  }
  return valid;
}
function outcome(verdict, bundleName, rootSource) {
  const evidence = { bundle: bundleName, trustedRoot: rootSource };
  for (const key of ["mediaType", "kind", "logIndex", "integratedTime", "predicateType", "code"]) {
    if (verdict[key] !== void 0) evidence[key] = verdict[key];
  }
  if (verdict.signer) evidence.signer = verdict.signer;
  if (verdict.valid) {
    const who = verdict.signer?.identity ?? `the given key (hint ${verdict.signer?.keyHint ?? "none"})`;
    const issuer = verdict.signer?.issuer ? ` via ${verdict.signer.issuer}` : "";
    const when = verdict.integratedTime ? `, logged ${verdict.integratedTime}` : "";
    return { status: "pass", message: `signed by ${who}${issuer}${when}`, evidence };
  }
  const status = verdict.code === "NO_POLICY" ? "warn" : "fail";
  return { status, message: verdict.reason ?? "the bundle does not verify", evidence };
}

// actions/verify-artifacts/src/sigstore/check-cosign.ts
import { readFile as readFile2 } from "node:fs/promises";

// actions/verify-artifacts/src/sigstore/cosign-pair.ts
import { createHash as createHash2, createPublicKey as createPublicKey2, createVerify as createVerify2 } from "node:crypto";
import { createReadStream } from "node:fs";
var import_core8 = __toESM(require_dist(), 1);
var import_certificate = __toESM(require_certificate(), 1);
var import_sct = __toESM(require_sct(), 1);
var PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
async function verifyCosignPair(options) {
  let leaf;
  let signature;
  try {
    const pair = readCosignPair(options.signature, options.certificate);
    leaf = import_core8.X509Certificate.parse(pair.certificatePem);
    signature = pair.signature;
  } catch (err) {
    return { ok: false, code: "MALFORMED", reason: describeError(err) };
  }
  const signer = describeCertificateSigner(leaf);
  const key = createPublicKey2({ key: leaf.publicKey, format: "der", type: "spki" });
  const verifier = createVerify2("sha256");
  const hash = createHash2("sha256");
  const stream = createReadStream(options.artifactPath, {
    highWaterMark: 1 << 20,
    ...options.signal ? { signal: options.signal } : {}
  });
  for await (const chunk of stream) {
    verifier.update(chunk);
    hash.update(chunk);
  }
  const digest = hash.digest("hex");
  if (!verifier.verify(key, signature)) {
    return {
      ok: false,
      code: "SIGNATURE",
      reason: "the signature does not verify with the certificate's key over the file: the file (or the signature) changed after signing",
      signer
    };
  }
  const checkedAt = leaf.notBefore;
  let path2;
  try {
    path2 = (0, import_certificate.verifyCertificateChain)(checkedAt, leaf, options.trustedRoot.material.certificateAuthorities);
  } catch (err) {
    return {
      ok: false,
      code: "UNTRUSTED_CERTIFICATE",
      reason: `the certificate does not chain to a certificate authority of ${options.trustedRoot.source} valid at ${checkedAt.toISOString()}: ${describeError(err)}`,
      signer
    };
  }
  let scts = [];
  const ctlogs = options.trustedRoot.material.ctlogs;
  if (ctlogs.length > 0) {
    try {
      scts = (0, import_sct.verifySCTs)(path2[0], path2[1], ctlogs).map(
        (id) => Buffer.from(id).toString("hex")
      );
    } catch (err) {
      return {
        ok: false,
        code: "UNTRUSTED_CERTIFICATE",
        reason: `an SCT does not verify: ${describeError(err)}`,
        signer
      };
    }
    if (scts.length === 0) {
      return {
        ok: false,
        code: "UNTRUSTED_CERTIFICATE",
        reason: `the certificate carries no SCT, but ${options.trustedRoot.source} lists CT logs: it was not logged as Fulcio logs every certificate`,
        signer
      };
    }
  }
  const policy = checkIdentityPolicy(options.policy, signer);
  if (!policy.ok) return { ok: false, code: policy.code, reason: policy.reason, signer, digest };
  return { ok: true, signer, checkedAt, scts, digest };
}
function pemCertificateDer(text) {
  const pem = PEM.exec(text)?.[0];
  return pem === void 0 ? void 0 : Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
}
function readCosignPair(signatureFile, certificateFile) {
  const text = Buffer.from(certificateFile).toString("utf8").trim();
  const pem = PEM.exec(text)?.[0] ?? PEM.exec(Buffer.from(text, "base64").toString("utf8"))?.[0];
  if (!pem)
    throw new Error("the certificate file holds no PEM certificate (plain, or base64 as cosign writes it)");
  return {
    signature: parseSignature(signatureFile),
    certificatePem: `${pem}
`,
    certificateDer: pemCertificateDer(pem)
  };
}
function parseSignature(bytes) {
  const text = Buffer.from(bytes).toString("utf8").trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text))
    throw new Error("the signature file is not base64 (as cosign writes it)");
  return Buffer.from(text, "base64");
}

// actions/verify-artifacts/src/sigstore/rekor-bundle.ts
import { createHash as createHash3 } from "node:crypto";
var hexToBase64 = (hex) => Buffer.from(hex, "hex").toString("base64");
function bundleFromLogEntry(pair, entry) {
  const body = readBody(entry.body);
  if (body === void 0 || body.kind !== "hashedrekord" || !body.certificateDer?.equals(pair.certificateDer))
    return { of: "other" };
  const leafHash = createHash3("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(entry.body, "base64")])).digest("hex");
  const set = entry.verification?.signedEntryTimestamp;
  if (!set)
    return { of: "pair", leafHash, problem: "Rekor returned the entry without its signed entry timestamp" };
  const proof = entry.verification?.inclusionProof;
  return {
    of: "pair",
    leafHash,
    bundle: {
      mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1",
      verificationMaterial: {
        x509CertificateChain: { certificates: [{ rawBytes: pair.certificateDer.toString("base64") }] },
        tlogEntries: [
          {
            logIndex: String(entry.logIndex),
            logId: { keyId: hexToBase64(entry.logID) },
            kindVersion: { kind: body.kind, version: body.version },
            integratedTime: String(entry.integratedTime),
            inclusionPromise: { signedEntryTimestamp: set },
            ...proof ? {
              inclusionProof: {
                logIndex: String(proof.logIndex),
                rootHash: hexToBase64(proof.rootHash),
                treeSize: String(proof.treeSize),
                hashes: proof.hashes.map(hexToBase64),
                checkpoint: { envelope: proof.checkpoint }
              }
            } : {},
            canonicalizedBody: entry.body
          }
        ]
      },
      messageSignature: {
        messageDigest: { algorithm: "SHA2_256", digest: hexToBase64(pair.digest) },
        signature: pair.signature
      }
    }
  };
}
function readBody(base64) {
  try {
    const body = JSON.parse(Buffer.from(base64, "base64").toString("utf8"));
    if (typeof body?.apiVersion !== "string") return void 0;
    const content = body.spec?.signature?.publicKey?.content;
    const pem = typeof content === "string" ? Buffer.from(content, "base64").toString("utf8") : "";
    return {
      kind: body.kind,
      version: body.apiVersion,
      certificateDer: pemCertificateDer(pem)
    };
  } catch {
    return void 0;
  }
}

// actions/verify-artifacts/src/sigstore/rekor-search.ts
var PUBLIC_GOOD_REKOR = "https://rekor.sigstore.dev";
function defaultRekorUrl(trustedRoot) {
  const urls = trustedRoot.root.tlogs.map((t) => t.baseUrl.replace(/\/+$/, ""));
  if (urls.length === 0 || urls.includes(PUBLIC_GOOD_REKOR)) return PUBLIC_GOOD_REKOR;
  return urls[0] ?? PUBLIC_GOOD_REKOR;
}
var hex64 = external_exports.string().regex(/^[0-9a-fA-F]{64}$/);
var logEntrySchema = external_exports.object({
  body: external_exports.string().min(1),
  integratedTime: external_exports.number().int().nonnegative(),
  logID: hex64,
  logIndex: external_exports.number().int().nonnegative(),
  verification: external_exports.object({
    signedEntryTimestamp: external_exports.string().min(1).optional(),
    inclusionProof: external_exports.object({
      logIndex: external_exports.number().int().nonnegative(),
      rootHash: hex64,
      treeSize: external_exports.number().int().positive(),
      hashes: external_exports.array(hex64),
      checkpoint: external_exports.string().min(1)
    }).optional()
  }).optional()
});
var searchAnswerSchema = external_exports.array(external_exports.record(external_exports.string(), logEntrySchema));
async function searchRekor(search) {
  const proposed = {
    kind: "hashedrekord",
    apiVersion: "0.0.1",
    spec: {
      signature: {
        content: search.signature,
        publicKey: { content: Buffer.from(search.certificatePem).toString("base64") }
      },
      data: { hash: { algorithm: "sha256", value: search.digest } }
    }
  };
  const url = `${search.rekorUrl.replace(/\/+$/, "")}/api/v1/log/entries/retrieve`;
  const { body } = await requestJson(url, {
    json: { entries: [proposed] },
    headers: { accept: "application/json" },
    ...search.signal ? { signal: search.signal } : {}
  });
  const parsed = searchAnswerSchema.safeParse(body);
  if (!parsed.success) {
    throw new Error(
      `${url} answered with something that is not a list of Rekor log entries: ${external_exports.prettifyError(parsed.error)}`
    );
  }
  return parsed.data.flatMap((map) => Object.entries(map).map(([uuid, entry]) => ({ uuid, entry })));
}

// actions/verify-artifacts/src/sigstore/rekor-pair.ts
async function verifyLoggedPair(options) {
  const pair = readCosignPair(options.signature, options.certificate);
  const signature = pair.signature.toString("base64");
  const entries = await searchRekor({
    rekorUrl: options.rekorUrl,
    digest: options.digest,
    signature,
    certificatePem: pair.certificatePem,
    ...options.signal ? { signal: options.signal } : {}
  });
  let first;
  for (const { entry } of entries) {
    const made = bundleFromLogEntry(
      { digest: options.digest, signature, certificateDer: pair.certificateDer },
      entry
    );
    if (made.of === "other") continue;
    const verdict = "problem" in made ? { valid: false, code: "TRANSPARENCY_LOG", reason: made.problem, logIndex: String(entry.logIndex) } : await verifySigstoreBundle({
      bundle: made.bundle,
      artifactPath: options.artifactPath,
      trustedRoot: options.trustedRoot,
      policy: options.policy,
      offline: true,
      ...options.signal ? { signal: options.signal } : {}
    });
    if (verdict.valid) return { logged: true, uuid: made.leafHash, verdict };
    first ??= { uuid: made.leafHash, verdict };
  }
  return first ? { logged: true, ...first } : { logged: false };
}

// actions/verify-artifacts/src/sigstore/check-cosign.ts
async function checkCosignPairs(suite, pairs, options) {
  const signed = /* @__PURE__ */ new Set();
  for (const pair of pairs) {
    const id = suite.uniqueId(`cosign:${pair.target}`);
    const title = `${pair.target} has a valid cosign signature (${pair.signature.name}, ${pair.certificate.name})`;
    if (!options.names.has(pair.target)) {
      suite.add({
        id,
        title,
        status: "fail",
        message: `${pair.signature.name} signs ${pair.target}, which is not in the release`
      });
      continue;
    }
    await suite.run(id, title, async () => {
      const result = await checkPair(pair, options);
      if (result.status === "pass") signed.add(pair.target);
      return result;
    });
  }
  return signed;
}
async function checkPair(pair, options) {
  const artifactPath = pair.signature.path.slice(0, -".sig".length);
  const signature = await readFile2(pair.signature.path);
  const certificate = await readFile2(pair.certificate.path);
  const evidence = {
    signature: pair.signature.name,
    certificate: pair.certificate.name,
    trustedRoot: options.trustedRoot.source
  };
  const signal = options.signal ? { signal: options.signal } : {};
  const offline = await verifyCosignPair({
    artifactPath,
    signature,
    certificate,
    trustedRoot: options.trustedRoot,
    policy: options.policy,
    ...signal
  });
  if (offline.signer) evidence.signer = offline.signer;
  if (!offline.ok && offline.code !== "NO_POLICY")
    return { status: "fail", message: offline.reason, evidence };
  if (options.rekorUrl !== void 0 && offline.digest !== void 0) {
    const found = await verifyLoggedPair({
      rekorUrl: options.rekorUrl,
      artifactPath,
      digest: offline.digest,
      signature,
      certificate,
      trustedRoot: options.trustedRoot,
      policy: options.policy,
      ...signal
    });
    if (found.logged) return loggedOutcome(found.uuid, found.verdict, options.rekorUrl, evidence);
  }
  if (options.rekorUrl !== void 0) {
    return {
      status: "fail",
      message: `${offline.ok ? describeVerified(offline) : "the signature over the file verifies"}, but ${options.rekorUrl} holds no log entry of this signing, so nothing proves it was made while the certificate was valid (cosign verify-blob fails the same way; publish a Sigstore bundle, or set offline: true to accept such pairs as a warning)`,
      evidence: { ...evidence, ...offline.ok ? offlineFacts(offline) : {}, transparencyLog: false }
    };
  }
  if (!offline.ok) return { status: "warn", message: offline.reason, evidence };
  return {
    status: "warn",
    message: `${describeVerified(offline)}, but a .sig/.pem pair has no transparency-log entry proving when it was signed, and offline: true looks none up (offline: false asks Rekor, as cosign verify-blob does; a Sigstore bundle from cosign sign-blob --bundle carries the proof)`,
    evidence: { ...evidence, ...offlineFacts(offline) }
  };
}
var describeVerified = (v) => `signature, certificate chain (at ${v.checkedAt.toISOString()}), ${v.scts.length} SCT(s) and signer ${v.signer.identity} (issuer ${v.signer.issuer}) verify`;
var offlineFacts = (v) => ({
  checkedAt: v.checkedAt.toISOString(),
  scts: v.scts,
  transparencyLog: false
});
function loggedOutcome(uuid, verdict, rekorUrl, evidence) {
  const logged = {
    ...evidence,
    ...verdict.signer ? { signer: verdict.signer } : {},
    transparencyLog: { rekor: rekorUrl, uuid, logIndex: verdict.logIndex },
    ...verdict.integratedTime ? { integratedTime: verdict.integratedTime } : {}
  };
  if (verdict.valid) {
    return {
      status: "pass",
      message: `signed by ${verdict.signer?.identity} (issuer ${verdict.signer?.issuer}), logged in ${rekorUrl} at index ${verdict.logIndex} on ${verdict.integratedTime}`,
      evidence: logged
    };
  }
  if (verdict.code === "NO_POLICY") return { status: "warn", message: verdict.reason ?? "", evidence: logged };
  return {
    status: "fail",
    message: `the pair's entry in ${rekorUrl} (log index ${verdict.logIndex}) does not verify: ${verdict.reason}`,
    evidence: logged
  };
}

// actions/verify-artifacts/src/sigstore/tuf-root.ts
import { createHash as createHash4 } from "node:crypto";
import os from "node:os";
import path from "node:path";
var import_protobuf_specs2 = __toESM(require_dist2(), 1);
var PUBLIC_GOOD_MIRROR = "https://tuf-repo-cdn.sigstore.dev";
async function refreshTrustedRoot(options = {}) {
  const mirror = options.mirror ?? PUBLIC_GOOD_MIRROR;
  if (mirror !== PUBLIC_GOOD_MIRROR && !options.rootPath) {
    throw new PostflightError(
      "BAD_INPUT",
      `tuf-mirror ${mirror} is not public-good: give tuf-root, the path of the root.json it is trusted from`,
      { field: "tuf-root" }
    );
  }
  const cacheDir = options.cacheDir ?? path.join(
    process.env.RUNNER_TEMP || os.tmpdir(),
    "postflight-tuf",
    createHash4("sha256").update(mirror).digest("hex").slice(0, 16)
  );
  const { getTrustedRoot } = await import("./dist-OQ4QXRIC.js");
  let root;
  try {
    root = await getTrustedRoot({
      mirrorURL: mirror,
      cachePath: cacheDir,
      ...options.rootPath ? { rootPath: options.rootPath } : {},
      retry: { retries: 2, factor: 2, minTimeout: 500 },
      timeout: 3e4
    });
  } catch (err) {
    throw new PostflightError(
      "NETWORK",
      `offline: false: the trusted root could not be refreshed through TUF from ${mirror}: ${describeError(err)}. Set offline: true to verify against the root embedded in the action, or give trusted-root.`,
      { cause: err, field: "offline" }
    );
  }
  return parseTrustedRoot(JSON.stringify(import_protobuf_specs2.TrustedRoot.toJSON(root)), `trusted_root.json from TUF at ${mirror}`);
}
var chosen = /* @__PURE__ */ new WeakMap();
function trustedRootFor(options) {
  let root = chosen.get(options);
  if (!root) {
    root = options["trusted-root"] || options.offline ? import("./trusted-root-F27CZVBE.js").then((m) => m.loadTrustedRoot(options["trusted-root"])) : refreshTrustedRoot({
      ...options["tuf-mirror"] ? { mirror: options["tuf-mirror"] } : {},
      ...options["tuf-root"] ? { rootPath: options["tuf-root"] } : {}
    });
    chosen.set(options, root);
  }
  return root;
}
export {
  BUNDLE_MEDIA_TYPES,
  PUBLIC_GOOD_MIRROR,
  bundleSubject,
  checkCosignPairs,
  checkSigstoreBundles,
  toRegExp as compileIdentityRegexp,
  defaultRekorUrl,
  isSigstoreBundleName,
  loadTrustedRoot,
  refreshTrustedRoot,
  sigstoreBundles,
  trustedRootFor,
  verifyCosignPair,
  verifySigstoreBundle
};
