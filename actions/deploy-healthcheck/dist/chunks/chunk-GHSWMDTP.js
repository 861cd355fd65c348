import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);

// actions/deploy-healthcheck/src/health/reach.ts
import { lookup } from "node:dns/promises";
import { isIP, connect as tcpConnect } from "node:net";
function isLocalhost(host) {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}
function bareHost(host) {
  return host.replace(/^\[|\]$/g, "");
}
async function candidates(host) {
  const h = bareHost(host);
  if (isIP(h) !== 0) return [h];
  if (isLocalhost(h)) return ["127.0.0.1", "::1"];
  const found = await lookup(h, { all: true, verbatim: true });
  return [...new Set(found.map((a) => a.address))];
}
function connectOnce(address, port, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: address, port, noDelay: true });
    const fail = (err) => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onAbort = () => fail(new Error("cancelled"));
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", fail);
    socket.once("connect", () => {
      cleanup();
      socket.removeListener("error", fail);
      resolve(socket);
    });
  });
}
function describe(err) {
  const e = err;
  return e.code === void 0 ? e.message : `${e.code}`;
}
async function open(host, port, timeoutMs, signal) {
  let addresses;
  try {
    addresses = await candidates(host);
  } catch (err) {
    return { ok: false, error: `cannot resolve ${host}: ${describe(err)}` };
  }
  return new Promise((resolve) => {
    let won = false;
    let failed = 0;
    const errors = [];
    addresses.forEach((address, i) => {
      connectOnce(address, port, timeoutMs, signal).then(
        (socket) => {
          if (won) return void socket.destroy();
          won = true;
          resolve({ ok: true, socket, address, family: isIP(address) === 6 ? 6 : 4 });
        },
        (err) => {
          errors[i] = err;
          if (++failed < addresses.length || won) return;
          const why = addresses.map(
            (a, j) => `${a.includes(":") ? `[${a}]` : a}:${port} ${describe(errors[j])}`
          );
          resolve({ ok: false, error: `nothing answered on ${why.join(", ")}` });
        }
      );
    });
  });
}
async function reach(host, port, timeoutMs, signal) {
  const opened = await open(host, port, timeoutMs, signal);
  if (!opened.ok) return opened;
  opened.socket.destroy();
  return { ok: true, address: opened.address, family: opened.family };
}

// actions/deploy-healthcheck/src/health/probes/targets.ts
var SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
function postgresTarget(check) {
  const url = check.url === void 0 ? void 0 : new URL(check.url);
  const fromUrl = (part) => part === void 0 || part === "" ? void 0 : decodeURIComponent(part);
  const param = (name) => url?.searchParams.get(name) ?? void 0;
  const urlMode = param("sslmode");
  return {
    host: check.host ?? bareHost(url?.hostname || "localhost"),
    port: check.port ?? Number(url?.port || 5432),
    user: check.user ?? fromUrl(url?.username),
    password: check.password ?? fromUrl(url?.password),
    database: check.database ?? fromUrl(url?.pathname.slice(1)),
    sslmode: check.sslmode ?? SSL_MODES.find((m) => m === urlMode) ?? "disable",
    sslrootcert: check.sslrootcert ?? param("sslrootcert")
  };
}
function redisTarget(check) {
  const url = new URL(check.url);
  const part = (text) => text === "" ? void 0 : decodeURIComponent(text);
  const db = url.pathname.replace(/^\//, "");
  return {
    host: bareHost(url.hostname || "localhost"),
    port: Number(url.port || 6379),
    tls: url.protocol === "rediss:",
    username: part(url.username),
    password: part(url.password),
    database: /^\d+$/.test(db) ? Number(db) : void 0
  };
}

export {
  bareHost,
  open,
  reach,
  SSL_MODES,
  postgresTarget,
  redisTarget
};
