import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  HttpError,
  PostflightError,
  describeError,
  getFollowing,
  hashFiles,
  isPostflightError,
  isRetryable,
  requestJson,
  retryWithInfo,
  statusError
} from "./chunk-4HL2O4X2.js";

// actions/verify-artifacts/src/registries/fetch-json.ts
var USER_AGENT = "postflight-registry-check (+https://github.com/postflight)";
async function fetchJson(url, ctx, options = {}) {
  try {
    const response = await requestJson(url, {
      signal: ctx.signal,
      headers: { accept: "application/json", "user-agent": USER_AGENT, ...options.headers },
      ...options.authorization ? { authorization: options.authorization, authOrigin: new URL(url).origin } : {},
      ...ctx.retry ? { retry: ctx.retry } : {}
    });
    return { body: response.body, attempts: response.attempts };
  } catch (err) {
    if (isPostflightError(err, "NOT_FOUND")) return void 0;
    if (err instanceof HttpError && (err.status === 401 || err.status === 403) && options.credentialsHint) {
      throw new PostflightError("NETWORK", `${err.message}: ${options.credentialsHint}`, { cause: err });
    }
    throw err;
  }
}
function baseUrl(url) {
  return url.replace(/\/+$/, "");
}

// actions/verify-artifacts/src/registries/crates.ts
var CRATES_API = "https://crates.io";
async function checkCrates(suite, files, digests, target, ctx) {
  const api = baseUrl(target.api ?? CRATES_API);
  const { crate, version } = target;
  let checksum;
  const url = `${api}/api/v1/crates/${encodeURIComponent(crate)}/${encodeURIComponent(version)}`;
  await suite.run(`registry:crates:${crate}@${version}`, `${crate} ${version} is on crates.io`, async () => {
    const found = await fetchJson(url, ctx);
    if (!found) return { status: "fail", message: `${api} has no ${crate} ${version}`, evidence: { api } };
    const attempts = found.attempts > 1 ? { attempts: found.attempts, flaky: true } : {};
    const v = found.body.version;
    if (!v?.checksum)
      return { status: "error", message: `${api} answered for ${crate} ${version} without a checksum` };
    checksum = v.checksum.toLowerCase();
    const evidence = { api, checksum, ...v.dl_path ? { download: v.dl_path } : {} };
    if (v.yanked)
      return { status: "warn", message: `${crate} ${version} is yanked on ${api}`, evidence, ...attempts };
    return { status: "pass", message: `${crate} ${version} is on ${api}`, evidence, ...attempts };
  });
  const id = "registry:crates:checksum";
  const title = `The .crate of ${crate} ${version} on crates.io is the release's`;
  if (!checksum) {
    suite.add({
      id,
      title,
      status: "skip",
      message: `not checked: ${crate} ${version} could not be read from ${api}`
    });
    return;
  }
  const expectedName = `${crate}-${version}.crate`;
  const crates = files.filter((f) => f.name.endsWith(".crate"));
  const file = crates.find((f) => f.name === expectedName) ?? (crates.length === 1 ? crates[0] : void 0);
  if (!file) {
    suite.add({
      id,
      title,
      status: "skip",
      message: `the release attaches no ${expectedName} (or a single .crate)`
    });
    return;
  }
  const actual = digests.get(file.name)?.sha256?.toLowerCase();
  if (!actual) {
    suite.add({ id, title, status: "error", message: `no sha256 was computed for ${file.name}` });
    return;
  }
  const ok = actual === checksum;
  suite.add({
    id,
    title,
    status: ok ? "pass" : "fail",
    message: ok ? `${file.name} has the checksum crates.io records` : `${file.name} is not the crate crates.io serves: crates.io records ${checksum}, the release's file has ${actual}`,
    evidence: { file: file.name, sha256: checksum, ...ok ? {} : { actual } }
  });
}

// actions/verify-artifacts/src/registries/sri.ts
var STRENGTH = ["sha512", "sha256", "sha1"];
function strongestSri(integrity) {
  if (!integrity) return void 0;
  const found = /* @__PURE__ */ new Map();
  for (const token of integrity.trim().split(/\s+/)) {
    const match = /^(sha\d+)-([A-Za-z0-9+/=_-]+)(\?.*)?$/.exec(token);
    if (match?.[1] && match[2] && !found.has(match[1])) found.set(match[1], match[2]);
  }
  for (const algorithm of STRENGTH) {
    const base64 = found.get(algorithm);
    if (base64) return { algorithm, base64 };
  }
  return void 0;
}
function base64ToHex(base64) {
  return Buffer.from(base64.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("hex");
}

// actions/verify-artifacts/src/registries/npm-outcomes.ts
function integrityOutcome(fileName, registry, releaseHex, registryIntegrity) {
  const expected = base64ToHex(registry.base64);
  const evidence = { file: fileName, algorithm: registry.algorithm, registry: registryIntegrity };
  if (expected !== releaseHex) {
    return {
      status: "fail",
      message: `${fileName} is not the tarball npm serves: the registry's ${registry.algorithm} is ${expected}, the release's file has ${releaseHex}`,
      evidence: { ...evidence, expected, actual: releaseHex }
    };
  }
  if (registry.algorithm === "sha1") {
    return {
      status: "warn",
      message: `${fileName} matches the registry's sha1, the only hash it records; sha1 can be forged`,
      evidence
    };
  }
  return { status: "pass", message: `${fileName} has the registry's ${registry.algorithm}`, evidence };
}
function attestationsOutcome(dist, required) {
  const att = dist.attestations;
  if (att?.url) {
    return {
      status: "pass",
      message: `attestations published${att.provenance?.predicateType ? ` (${att.provenance.predicateType})` : ""}`,
      evidence: {
        url: att.url,
        ...att.provenance?.predicateType ? { predicateType: att.provenance.predicateType } : {}
      }
    };
  }
  return required ? {
    status: "warn",
    message: "no attestations were published with this version; publish with `npm publish --provenance`"
  } : { status: "skip", message: "no attestations were published with this version (not required)" };
}

// actions/verify-artifacts/src/registries/npm-tarball.ts
function npmPackName(pkg, version) {
  return `${pkg.replace(/^@/, "").replace(/\//g, "-")}-${version}.tgz`;
}
function findNpmTarball(files, pkg, version, named) {
  if (named) return files.find((f) => f.name === named);
  const packName = npmPackName(pkg, version);
  const exact = files.find((f) => f.name === packName);
  if (exact) return exact;
  const tgz = files.filter((f) => f.name.endsWith(".tgz"));
  return tgz.length === 1 ? tgz[0] : void 0;
}
function packumentUrl(registry, pkg) {
  return `${registry}/${pkg.startsWith("@") ? `@${encodeURIComponent(pkg.slice(1))}` : encodeURIComponent(pkg)}`;
}

// actions/verify-artifacts/src/registries/release-digest.ts
async function releaseDigest(file, algorithm, digests, signal) {
  const known = digests.get(file.name)?.[algorithm];
  if (known) return known.toLowerCase();
  const [result] = await hashFiles([file.path], [algorithm], { signal });
  if (!result) throw new Error(`${file.name} could not be hashed`);
  return result.digests[algorithm];
}

// actions/verify-artifacts/src/registries/npm.ts
var NPM_REGISTRY = "https://registry.npmjs.org";
async function checkNpm(suite, files, digests, target, ctx) {
  const registry = baseUrl(target.registry ?? NPM_REGISTRY);
  const { package: pkg, version } = target;
  let dist;
  await suite.run(`registry:npm:${pkg}@${version}`, `${pkg}@${version} is published on npm`, async () => {
    const found = await fetchJson(packumentUrl(registry, pkg), ctx, {
      ...target.token ? { authorization: `Bearer ${target.token}` } : {},
      // The abbreviated document (what npm install reads) still carries `dist` whole, and it is a
      // fraction of the full packument of a package with thousands of versions.
      headers: { accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*" },
      credentialsHint: target.token ? "the registry refused npm-token" : "the registry wants credentials: give npm-token"
    });
    const attempts = found && found.attempts > 1 ? { attempts: found.attempts, flaky: true } : {};
    if (!found)
      return { status: "fail", message: `${registry} has no package ${pkg}`, evidence: { registry } };
    const entry = found.body.versions?.[version];
    const latest = found.body["dist-tags"]?.latest;
    if (!entry) {
      return {
        status: "fail",
        message: `${registry} has ${pkg} but not version ${version}${latest ? ` (latest is ${latest})` : ""}`,
        evidence: { registry, ...latest ? { latest } : {} },
        ...attempts
      };
    }
    dist = entry.dist ?? {};
    return {
      status: "pass",
      message: `${pkg}@${version} is on ${registry}${latest ? ` (latest is ${latest})` : ""}`,
      evidence: {
        registry,
        ...dist.tarball ? { tarball: dist.tarball } : {},
        ...latest ? { latest } : {}
      },
      ...attempts
    };
  });
  const integrityTitle = `The npm tarball of ${pkg}@${version} is the release's`;
  const attestTitle = `${pkg}@${version} has npm attestations`;
  const published = dist;
  if (!published) {
    const message = `not checked: ${pkg}@${version} could not be read from ${registry}`;
    suite.add({ id: "registry:npm:integrity", title: integrityTitle, status: "skip", message });
    suite.add({ id: "registry:npm:attestations", title: attestTitle, status: "skip", message });
    return;
  }
  await suite.run("registry:npm:integrity", integrityTitle, async () => {
    const file = findNpmTarball(files, pkg, version, target.tarball);
    if (!file) {
      return target.tarball ? { status: "fail", message: `the release has no file ${target.tarball} (input tarball)` } : {
        status: "skip",
        message: `the release attaches no npm tarball (${npmPackName(pkg, version)}, or a single .tgz)`
      };
    }
    const sri = strongestSri(published.integrity);
    const registryHash = sri ?? (published.shasum ? shasumAsSri(published.shasum) : void 0);
    if (!registryHash)
      return { status: "error", message: `${registry} records no integrity for ${pkg}@${version}` };
    const actual = await releaseDigest(file, registryHash.algorithm, digests, ctx.signal);
    return integrityOutcome(
      file.name,
      registryHash,
      actual,
      published.integrity ?? `sha1 ${published.shasum}`
    );
  });
  suite.add({
    id: "registry:npm:attestations",
    title: attestTitle,
    ...attestationsOutcome(published, target.requireAttestations ?? false)
  });
}
function shasumAsSri(hex) {
  return { algorithm: "sha1", base64: Buffer.from(hex, "hex").toString("base64") };
}

// actions/verify-artifacts/src/registries/oci/client.ts
import { createHash } from "node:crypto";

// actions/verify-artifacts/src/registries/oci/challenge.ts
function parseChallenge(header) {
  if (!header) return void 0;
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/.exec(header);
  if (!match?.[1]) return void 0;
  const params = {};
  const re = /([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const m of (match[2] ?? "").matchAll(re)) {
    if (m[1]) params[m[1].toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  }
  return { scheme: match[1].toLowerCase(), params };
}

// actions/verify-artifacts/src/registries/oci/client.ts
var MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
var OciClient = class {
  #base;
  #repository;
  #options;
  #ctx;
  #authorization;
  constructor(base, repository, options, ctx) {
    this.#base = base;
    this.#repository = repository;
    this.#options = options;
    this.#ctx = ctx;
  }
  /** GETs `/v2/<repository>/<kind>/<reference>`; undefined when the registry says 404. */
  async get(kind, reference, accept) {
    const url = `${this.#base}/v2/${this.#repository}/${kind}/${reference}`;
    let answer = await this.#attempt(url, accept);
    if (answer.kind === "unauthorized") {
      if (this.#authorization) throw refused(url, "the credentials obtained were not accepted");
      this.#authorization = await this.#authenticate(answer.challenge, url);
      answer = await this.#attempt(url, accept);
      if (answer.kind === "unauthorized") throw refused(url, "the token obtained was not accepted");
    }
    return answer.kind === "ok" ? answer.fetched : void 0;
  }
  async #attempt(url, accept) {
    const { value, attempts } = await retryWithInfo(
      async () => {
        const { response, url: finalUrl } = await getFollowing(url, {
          headers: { accept, "user-agent": USER_AGENT },
          ...this.#authorization ? { authorization: this.#authorization, authOrigin: new URL(this.#base).origin } : {},
          signal: this.#ctx.signal
        });
        if (response.status === 401) {
          await response.body?.cancel();
          return {
            kind: "unauthorized",
            challenge: parseChallenge(response.headers.get("www-authenticate"))
          };
        }
        if (response.status === 404) {
          await response.body?.cancel();
          return { kind: "not-found" };
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw statusError(response, `GET ${finalUrl.origin}${finalUrl.pathname}`);
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        if (bytes.length > MAX_DOCUMENT_BYTES) {
          throw new HttpError(`${finalUrl.pathname}: ${bytes.length} bytes, more than a manifest can be`, {
            retryable: false
          });
        }
        const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
        return { kind: "ok", bytes, digest, headers: response.headers };
      },
      {
        attempts: 5,
        baseMs: 500,
        maxMs: 1e4,
        ...this.#ctx.retry,
        signal: this.#ctx.signal,
        shouldRetry: isRetryable
      }
    );
    if (value.kind !== "ok") return value;
    const { kind, ...fetched } = value;
    return { kind, fetched: { ...fetched, attempts } };
  }
  /** The Authorization header the challenge asks for. */
  async #authenticate(challenge, url) {
    const { username, password } = this.#options;
    const basic = username !== void 0 ? `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}` : void 0;
    this.#ctx.secrets?.add(basic);
    if (challenge?.scheme === "basic") {
      if (!basic) throw refused(url, "the registry asks for credentials (Basic) and none were given");
      return basic;
    }
    const realm = challenge?.params.realm;
    if (challenge?.scheme !== "bearer" || !realm) {
      throw refused(url, `the registry answered 401 without a Bearer or Basic challenge`);
    }
    const tokenUrl = new URL(realm);
    if (challenge.params.service) tokenUrl.searchParams.set("service", challenge.params.service);
    tokenUrl.searchParams.set("scope", challenge.params.scope ?? `repository:${this.#repository}:pull`);
    const { body } = await requestJson(tokenUrl.href, {
      headers: { accept: "application/json", "user-agent": USER_AGENT },
      // The credentials are for the token service only, whichever host it is on.
      ...basic ? { authorization: basic, authOrigin: tokenUrl.origin } : {},
      signal: this.#ctx.signal,
      ...this.#ctx.retry ? { retry: this.#ctx.retry } : {}
    }).catch((err) => {
      throw new PostflightError("NETWORK", `the token service ${tokenUrl.origin} gave no token`, {
        cause: err
      });
    });
    const token = body.token ?? body.access_token;
    if (!token) throw refused(url, `the token service ${tokenUrl.origin} answered without a token`);
    this.#ctx.secrets?.add(token);
    return `Bearer ${token}`;
  }
};
function refused(url, why) {
  return new PostflightError("NETWORK", `GET ${url}: HTTP 401 Unauthorized: ${why}`);
}

// actions/verify-artifacts/src/registries/oci/digest-file.ts
import { readFile } from "node:fs/promises";
var DIGEST = /sha256:[0-9a-f]{64}/g;
var MAX_BYTES = 64 * 1024;
function isDigestFileName(name) {
  return /\.digest$/i.test(name) || /^digest\.txt$/i.test(name);
}
async function digestFromRelease(files, repository) {
  const candidates = [];
  for (const file of files.filter((f) => isDigestFileName(f.name))) {
    const text = (await readFile(file.path)).subarray(0, MAX_BYTES).toString("utf8");
    for (const digest of new Set(text.match(DIGEST) ?? [])) candidates.push({ file: file.name, digest });
  }
  const distinct = new Set(candidates.map((c) => c.digest));
  if (candidates.length === 0) return { kind: "none" };
  const only = candidates[0];
  if (distinct.size === 1 && only) return { kind: "found", ...only };
  const image = repository.split("/").pop() ?? repository;
  const named = candidates.filter((c) => c.file.toLowerCase().startsWith(`${image.toLowerCase()}.`));
  const pick = named[0];
  if (pick && new Set(named.map((c) => c.digest)).size === 1) return { kind: "found", ...pick };
  return { kind: "ambiguous", candidates };
}

// actions/verify-artifacts/src/registries/oci/manifest.ts
var INDEX_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json"
];
var MANIFEST_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json"
];
var ACCEPT_MANIFEST = [...INDEX_TYPES, ...MANIFEST_TYPES].join(", ");
function parseManifest(bytes, contentType) {
  const doc = JSON.parse(bytes.toString("utf8"));
  const mediaType = doc.mediaType ?? contentType?.split(";")[0]?.trim() ?? "";
  const isIndex = INDEX_TYPES.includes(mediaType) || Array.isArray(doc.manifests) && !doc.config;
  return {
    mediaType,
    manifests: isIndex ? doc.manifests ?? [] : [],
    ...doc.config && !isIndex ? { config: doc.config } : {}
  };
}
function indexPlatforms(manifest) {
  return manifest.manifests.map((m) => m.platform).filter((p) => p !== void 0 && p.os !== "unknown" && p.architecture !== "unknown");
}

// actions/verify-artifacts/src/registries/oci/platform.ts
function parsePlatform(text) {
  const [os, architecture, variant, extra] = text.trim().toLowerCase().split("/");
  if (!os || !architecture || extra !== void 0) return void 0;
  return { os, architecture, ...variant ? { variant } : {} };
}
function formatPlatform(p) {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}
function platformMatches(expected, actual) {
  return expected.os === actual.os.toLowerCase() && expected.architecture === actual.architecture.toLowerCase() && (expected.variant === void 0 || expected.variant === actual.variant?.toLowerCase());
}

// actions/verify-artifacts/src/registries/oci/reference.ts
var DOCKER_HUB = "registry-1.docker.io";
function parseImageReference(ref) {
  const bad = (why) => new PostflightError("BAD_INPUT", `oci-image '${ref}': ${why} (expected e.g. ghcr.io/acme/app:1.2.3)`, {
    field: "oci-image"
  });
  const trimmed = ref.trim().replace(/^docker:\/\//, "");
  if (!trimmed) throw bad("empty");
  const [beforeDigest = "", digest] = trimmed.split("@", 2);
  const slash = beforeDigest.indexOf("/");
  const first = slash === -1 ? "" : beforeDigest.slice(0, slash);
  const isHost = first !== "" && (first.includes(".") || first.includes(":") || first === "localhost");
  const host = isHost ? first : DOCKER_HUB;
  let rest = isHost ? beforeDigest.slice(slash + 1) : beforeDigest;
  let tag;
  const colon = rest.lastIndexOf(":");
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!/^[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/.test(rest))
    throw bad("not a repository name");
  if (tag !== void 0 && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
    throw bad(`'${tag}' is not a tag`);
  if (digest !== void 0 && !/^sha256:[0-9a-f]{64}$/.test(digest))
    throw bad(`'${digest}' is not a sha256 digest`);
  const repository = host === DOCKER_HUB && !rest.includes("/") ? `library/${rest}` : rest;
  return { host, repository, reference: digest ?? tag ?? "latest" };
}
function registryBase(image, override) {
  if (override) return override.replace(/\/+$/, "");
  const hostname = image.host.replace(/:\d+$/, "");
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
  return `${loopback ? "http" : "https"}://${image.host}`;
}

// actions/verify-artifacts/src/registries/oci/check-oci.ts
async function checkOci(suite, files, target, ctx) {
  const image = parseImageReference(target.reference);
  const base = registryBase(image, target.registry);
  const client = new OciClient(
    base,
    image.repository,
    {
      ...target.username !== void 0 ? { username: target.username } : {},
      ...target.password !== void 0 ? { password: target.password } : {}
    },
    ctx
  );
  const name = `${image.repository}${image.reference.startsWith("sha256:") ? "@" : ":"}${image.reference}`;
  let resolved;
  await suite.run(
    `registry:oci:${target.reference}`,
    `${target.reference} resolves on its registry`,
    async () => {
      const fetched = await client.get("manifests", image.reference, ACCEPT_MANIFEST);
      if (!fetched) return { status: "fail", message: `${base} has no ${name}`, evidence: { registry: base } };
      const attempts = fetched.attempts > 1 ? { attempts: fetched.attempts, flaky: true } : {};
      const claimed = fetched.headers.get("docker-content-digest");
      const manifest = parseManifest(fetched.bytes, fetched.headers.get("content-type"));
      const evidence = { registry: base, digest: fetched.digest, mediaType: manifest.mediaType };
      const wanted = image.reference.startsWith("sha256:") ? image.reference : claimed;
      if (wanted && wanted !== fetched.digest) {
        return {
          status: "fail",
          message: `${base} served bytes with digest ${fetched.digest} for ${name}, but ${wanted} was named`,
          evidence,
          ...attempts
        };
      }
      resolved = { digest: fetched.digest, manifest };
      return { status: "pass", message: `${name} resolves to ${fetched.digest}`, evidence, ...attempts };
    }
  );
  const digestTitle = `${target.reference} is the image the release names`;
  const platforms = (target.platforms ?? []).map((p) => parsePlatform(p));
  const found = resolved;
  if (!found) {
    const message = `not checked: ${target.reference} could not be resolved`;
    suite.add({ id: "registry:oci:digest", title: digestTitle, status: "skip", message });
    for (const p of platforms) suite.add({ ...platformIds(p, target.reference), status: "skip", message });
    return;
  }
  await suite.run(
    "registry:oci:digest",
    digestTitle,
    () => digestOutcome(found, files, target, image.repository)
  );
  if (platforms.length === 0) return;
  let offered;
  try {
    offered = await platformsOf(found.manifest, client);
  } catch (err) {
    const message = `could not check: ${describeError(err)}`;
    for (const p of platforms) suite.add({ ...platformIds(p, target.reference), status: "error", message });
    return;
  }
  for (const p of platforms) {
    const ok = offered.some((o) => platformMatches(p, o));
    const list = offered.map(formatPlatform).join(", ") || "none";
    suite.add({
      ...platformIds(p, target.reference),
      status: ok ? "pass" : "fail",
      message: ok ? `${formatPlatform(p)} is offered` : `${target.reference} offers no ${formatPlatform(p)} image (it offers ${list})`,
      evidence: { offered: offered.map(formatPlatform) }
    });
  }
}
function platformIds(p, reference) {
  return {
    id: `registry:oci:platform:${formatPlatform(p)}`,
    title: `${reference} has a ${formatPlatform(p)} image`
  };
}
async function digestOutcome(resolved, files, target, repository) {
  let expected = target.expectDigest?.trim().toLowerCase();
  let source = "input oci-digest";
  if (!expected) {
    const fromRelease = await digestFromRelease(files, repository);
    if (fromRelease.kind === "none") {
      return {
        status: "skip",
        message: "the release names no image digest (input oci-digest, or an attached *.digest or digest.txt)"
      };
    }
    if (fromRelease.kind === "ambiguous") {
      const listed = fromRelease.candidates.map((c) => `${c.file}: ${c.digest}`).join(", ");
      return {
        status: "warn",
        message: `the release names several digests (${listed}); say which with oci-digest`
      };
    }
    expected = fromRelease.digest;
    source = fromRelease.file;
  }
  const evidence = { expected, actual: resolved.digest, source };
  if (expected === resolved.digest) {
    return { status: "pass", message: `${resolved.digest}, as ${source} names`, evidence };
  }
  const child = resolved.manifest.manifests.find((m) => m.digest === expected);
  const hint = child ? ` (${expected} is the ${child.platform ? formatPlatform(child.platform) : "one"} image inside it: name the index's digest)` : "";
  return {
    status: "fail",
    message: `${target.reference} is ${resolved.digest}, but ${source} names ${expected}${hint}`,
    evidence
  };
}
async function platformsOf(manifest, client) {
  if (!manifest.config) return indexPlatforms(manifest);
  const blob = await client.get("blobs", manifest.config.digest, "application/json, */*");
  if (!blob) throw new Error(`the config blob ${manifest.config.digest} is missing from the registry`);
  if (blob.digest !== manifest.config.digest) {
    throw new Error(`the config blob served for ${manifest.config.digest} has digest ${blob.digest}`);
  }
  const config = JSON.parse(blob.bytes.toString("utf8"));
  if (!config.os || !config.architecture) return [];
  return [
    {
      os: config.os,
      architecture: config.architecture,
      ...config.variant ? { variant: config.variant } : {}
    }
  ];
}

// actions/verify-artifacts/src/registries/python-dist.ts
function normalizeProject(name) {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
var SDIST = /\.(tar\.gz|tar\.bz2|tar\.xz|zip|tgz)$/i;
function parseDistName(file) {
  if (file.toLowerCase().endsWith(".whl")) {
    const parts = file.slice(0, -4).split("-");
    if (parts.length < 5 || !parts[0] || !parts[1]) return void 0;
    return { project: normalizeProject(parts[0]), version: parts[1].toLowerCase() };
  }
  const ext = SDIST.exec(file);
  if (!ext) return void 0;
  const stem = file.slice(0, ext.index);
  const cut = stem.lastIndexOf("-");
  if (cut <= 0 || cut === stem.length - 1) return void 0;
  return { project: normalizeProject(stem.slice(0, cut)), version: stem.slice(cut + 1).toLowerCase() };
}
function isDistOf(file, project, version) {
  const parsed = parseDistName(file);
  return parsed !== void 0 && parsed.project === normalizeProject(project) && parsed.version === version.toLowerCase().replace(/^v/, "");
}

// actions/verify-artifacts/src/registries/pypi.ts
var PYPI_INDEX = "https://pypi.org";
async function checkPypi(suite, files, digests, target, ctx) {
  const index = baseUrl(target.index ?? PYPI_INDEX);
  const { package: project, version } = target;
  const url = `${index}/pypi/${encodeURIComponent(project)}/${encodeURIComponent(version)}/json`;
  let onPypi;
  await suite.run(`registry:pypi:${project}@${version}`, `${project} ${version} is on PyPI`, async () => {
    const found = await fetchJson(url, ctx);
    if (!found)
      return { status: "fail", message: `${index} has no ${project} ${version}`, evidence: { index } };
    const attempts = found.attempts > 1 ? { attempts: found.attempts, flaky: true } : {};
    onPypi = found.body.urls ?? [];
    const evidence = { index, files: onPypi.map((u) => u.filename) };
    if (onPypi.length === 0) {
      return {
        status: "fail",
        message: `${index} lists ${project} ${version} with no files`,
        evidence,
        ...attempts
      };
    }
    if (found.body.info?.yanked) {
      const reason = found.body.info.yanked_reason ? `: ${found.body.info.yanked_reason}` : "";
      return {
        status: "warn",
        message: `${project} ${version} is yanked on ${index}${reason}`,
        evidence,
        ...attempts
      };
    }
    return { status: "pass", message: `${onPypi.length} file(s) on ${index}`, evidence, ...attempts };
  });
  if (!onPypi) return;
  const remote = new Map(onPypi.map((u) => [u.filename, u]));
  const local = new Map(files.map((f) => [f.name, f]));
  const names = /* @__PURE__ */ new Set([
    ...remote.keys(),
    ...files.filter((f) => isDistOf(f.name, project, version)).map((f) => f.name)
  ]);
  for (const name of [...names].sort()) {
    const id = `registry:pypi:${name}`;
    const title = `${name} on PyPI is the release's`;
    const pypiFile = remote.get(name);
    const releaseFile = local.get(name);
    if (!releaseFile) {
      suite.add({
        id,
        title,
        status: "warn",
        message: `${name} is on PyPI but not attached to the release: its bytes are vouched for by nothing here`
      });
      continue;
    }
    if (!pypiFile) {
      suite.add({ id, title, status: "warn", message: `${name} is attached to the release but not on PyPI` });
      continue;
    }
    const expected = pypiFile.digests?.sha256?.toLowerCase();
    const actual = digests.get(name)?.sha256?.toLowerCase();
    if (!expected || !actual) {
      suite.add({
        id,
        title,
        status: "error",
        message: `no sha256 ${expected ? "for the release file" : "from PyPI"} to compare`
      });
      continue;
    }
    const ok = expected === actual;
    suite.add({
      id,
      title,
      status: ok ? "pass" : "fail",
      message: ok ? "same sha256 on PyPI and in the release" : `sha256 mismatch: PyPI serves ${expected}, the release has ${actual}`,
      evidence: {
        sha256: expected,
        ...ok ? {} : { actual },
        ...pypiFile.packagetype ? { packagetype: pypiFile.packagetype } : {}
      }
    });
  }
}

// actions/verify-artifacts/src/registries/validate.ts
function validateRegistryTargets(targets) {
  const bad = (field, message) => new PostflightError("BAD_INPUT", `input '${field}': ${message}`, { field });
  const url = (field, value) => {
    if (value === void 0) return;
    let parsed;
    try {
      parsed = new URL(value);
    } catch {
      throw bad(field, `'${value}' is not a URL (expected e.g. https://registry.example.com)`);
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
      throw bad(field, `'${value}' is not http(s)`);
  };
  const { npm, pypi, crates, oci } = targets;
  if (npm) {
    if (!npm.package) throw bad("npm-package", "empty");
    if (!npm.version) throw bad("version", "the npm cross-check needs the release version");
    url("npm-registry", npm.registry);
  }
  if (pypi) {
    if (!pypi.package) throw bad("pypi-package", "empty");
    if (!pypi.version) throw bad("version", "the PyPI cross-check needs the release version");
    url("pypi-index", pypi.index);
  }
  if (crates) {
    if (!crates.crate) throw bad("crate", "empty");
    if (!crates.version) throw bad("version", "the crates.io cross-check needs the release version");
    url("crates-api", crates.api);
  }
  if (oci) {
    parseImageReference(oci.reference);
    url("oci-registry", oci.registry);
    if (oci.expectDigest !== void 0 && !/^sha256:[0-9a-f]{64}$/i.test(oci.expectDigest.trim())) {
      throw bad("oci-digest", `'${oci.expectDigest}' is not a sha256 digest (sha256:<64 hex>)`);
    }
    for (const p of oci.platforms ?? []) {
      if (!parsePlatform(p)) throw bad("oci-platforms", `'${p}' is not os/arch[/variant] (e.g. linux/arm64)`);
    }
  }
}

// actions/verify-artifacts/src/registries/check-registries.ts
async function checkRegistries(suite, files, digests, targets, ctx) {
  validateRegistryTargets(targets);
  ctx.secrets?.add(targets.npm?.token);
  ctx.secrets?.add(targets.oci?.password);
  const rctx = { ...ctx, ...targets.retry ? { retry: targets.retry } : {} };
  if (targets.npm) await checkNpm(suite, files, digests, targets.npm, rctx);
  if (targets.pypi) await checkPypi(suite, files, digests, targets.pypi, rctx);
  if (targets.crates) await checkCrates(suite, files, digests, targets.crates, rctx);
  if (targets.oci) await checkOci(suite, files, targets.oci, rctx);
}

export {
  CRATES_API,
  NPM_REGISTRY,
  PYPI_INDEX,
  checkRegistries
};
