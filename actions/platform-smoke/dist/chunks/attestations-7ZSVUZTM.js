import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  isPostflightError
} from "./chunk-K6EUPEDW.js";
import "./chunk-37A44UKG.js";
import "./chunk-ARP2RSIW.js";

// actions/verify-artifacts/src/attestations/provenance.ts
var SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
function statementOf(bundle) {
  const payload = bundle?.dsseEnvelope?.payload;
  if (typeof payload !== "string") return {};
  try {
    const statement = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    return {
      ...typeof statement.predicateType === "string" ? { predicateType: statement.predicateType } : {},
      predicate: statement.predicate
    };
  } catch {
    return {};
  }
}
function checkProvenanceSource(predicate, expected) {
  const { repository, ref } = provenanceSource(predicate);
  if (expected.repository !== void 0) {
    if (repository === void 0) return { ok: false, reason: "the provenance names no source repository" };
    if (repoPath(repository) !== repoPath(expected.repository))
      return {
        ok: false,
        reason: `the provenance names source repository ${repository}, not ${expected.repository}`
      };
  }
  if (expected.ref !== void 0) {
    if (ref === void 0) return { ok: false, reason: "the provenance names no source ref" };
    if (!refMatches(ref, expected.ref))
      return { ok: false, reason: `the provenance names source ref ${ref}, not ${expected.ref}` };
  }
  return { ok: true, ...repository ? { repository } : {}, ...ref ? { ref } : {} };
}
function provenanceSource(predicate) {
  const definition = predicate?.buildDefinition;
  const workflow = definition?.externalParameters?.workflow;
  let repository = typeof workflow?.repository === "string" ? workflow.repository : void 0;
  let ref = typeof workflow?.ref === "string" ? workflow.ref : void 0;
  const deps = definition?.resolvedDependencies;
  const uri = Array.isArray(deps) ? deps[0]?.uri : void 0;
  if (typeof uri === "string") {
    const m = /^git\+(.+?)@(refs\/.+)$/.exec(uri);
    if (m) {
      repository ??= m[1];
      ref ??= m[2];
    }
  }
  return { ...repository ? { repository } : {}, ...ref ? { ref } : {} };
}
function repoPath(value) {
  const trimmed = value.trim().replace(/\.git$/i, "").replace(/\/+$/, "");
  const parts = trimmed.split("/");
  return parts.slice(-2).join("/").toLowerCase();
}
function refMatches(actual, expected) {
  if (expected.startsWith("refs/")) return actual === expected;
  return actual === `refs/tags/${expected}` || actual === `refs/heads/${expected}`;
}

// actions/verify-artifacts/src/attestations/check-attestations.ts
async function checkAttestations(suite, assets, options) {
  const { verifySigstoreBundle } = await import("./sigstore-3NCZNXOW.js");
  const proven = /* @__PURE__ */ new Set();
  const wantsSource = options.source.repository !== void 0 || options.source.ref !== void 0;
  for (const asset of assets) {
    const id = suite.uniqueId(`attestation:${asset.name}`);
    const title = `${asset.name} has a verified GitHub artifact attestation`;
    const sha256 = asset.digests.sha256;
    if (sha256 === void 0) {
      suite.add({
        id,
        title,
        status: "error",
        message: `${asset.name} has no sha256 digest to look its attestations up by`
      });
      continue;
    }
    await suite.run(id, title, async () => {
      const subject = `sha256:${sha256}`;
      const bundles = await options.fetchBundles(subject);
      if (bundles.length === 0) {
        return {
          status: options.mode === "require" ? "fail" : "skip",
          message: `GitHub holds no attestation for ${subject}`,
          evidence: { subjectDigest: subject }
        };
      }
      const results = [];
      for (const bundle of bundles) {
        const verdict = await verifySigstoreBundle({
          bundle,
          artifactPath: asset.path,
          artifactDigests: asset.digests,
          trustedRoot: options.trustedRoot,
          policy: options.policy,
          offline: true,
          ...options.signal ? { signal: options.signal } : {}
        });
        const signer = verdict.signer?.identity;
        const base = {
          ...verdict.predicateType ? { predicateType: verdict.predicateType } : {},
          ...signer ? { signer } : {}
        };
        if (!verdict.valid) {
          results.push({ ok: false, reason: verdict.reason ?? "the bundle does not verify", ...base });
          continue;
        }
        if (verdict.kind !== "dsse") {
          results.push({ ok: false, reason: "the bundle is not an in-toto attestation", ...base });
          continue;
        }
        if (!wantsSource) {
          results.push({ ok: true, reason: "verified", ...base });
          continue;
        }
        const statement = statementOf(bundle);
        if (statement.predicateType !== SLSA_PROVENANCE_V1) {
          results.push({
            ok: false,
            reason: `a ${statement.predicateType ?? "untyped"} attestation, not SLSA provenance (${SLSA_PROVENANCE_V1}), so it names no source to check`,
            ...base
          });
          continue;
        }
        const source = checkProvenanceSource(statement.predicate, options.source);
        results.push(
          source.ok ? { ok: true, reason: `built from ${source.repository ?? "?"} at ${source.ref ?? "?"}`, ...base } : { ok: false, reason: source.reason, ...base }
        );
      }
      const evidence = { subjectDigest: subject, attestations: results };
      const good = results.find((r) => r.ok);
      if (good) {
        proven.add(asset.name);
        const who = good.signer ? ` signed by ${good.signer}` : "";
        return {
          status: "pass",
          message: `${good.predicateType ?? "attestation"}${who}: ${good.reason}`,
          evidence
        };
      }
      const reasons = [...new Set(results.map((r) => r.reason))].slice(0, 3).join("; ");
      return {
        status: "fail",
        message: `none of the ${results.length} attestations for ${subject} holds: ${reasons}`,
        evidence
      };
    });
  }
  return proven;
}

// actions/verify-artifacts/src/attestations/github.ts
var GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
async function fetchAttestationBundles(api, repo, subjectDigest) {
  try {
    const list = await api.get(
      `/repos/${repo}/attestations/${encodeURIComponent(subjectDigest)}?per_page=100`
    );
    return (list.attestations ?? []).map((a) => a.bundle).filter((b) => b !== void 0 && b !== null);
  } catch (err) {
    if (isPostflightError(err, "NOT_FOUND")) return [];
    throw err;
  }
}
function attestationPolicy(given, repo, serverUrl = "https://github.com") {
  if (given.certificateIdentity !== void 0 || given.certificateIdentityRegexp !== void 0) {
    return { certificateOidcIssuer: GITHUB_ACTIONS_ISSUER, ...given };
  }
  const escaped = `${serverUrl.replace(/\/+$/, "")}/${repo}/`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    certificateIdentityRegexp: `^${escaped}`,
    certificateOidcIssuer: given.certificateOidcIssuer ?? GITHUB_ACTIONS_ISSUER
  };
}
export {
  SLSA_PROVENANCE_V1,
  attestationPolicy,
  checkAttestations,
  checkProvenanceSource,
  fetchAttestationBundles,
  provenanceSource
};
