import { createRequire as __postflightCreateRequire } from 'node:module';
const require = __postflightCreateRequire(import.meta.url);
import {
  PostflightError,
  describeError,
  isPostflightError,
  isSecretName,
  runProcess,
  writeFileAtomic
} from "./chunk-4HL2O4X2.js";

// actions/deploy-healthcheck/src/upload-logs.ts
import { readdir } from "node:fs/promises";
import path from "node:path";
async function uploadLogs(dir, name, logger) {
  const files = await readdir(dir).catch(() => []);
  if (files.length === 0) return;
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    logger.info(`no artifact service here (ACTIONS_RUNTIME_TOKEN unset): the logs stay in ${dir}`);
    return;
  }
  try {
    const { DefaultArtifactClient } = await import("./artifact-ZBJXB2KA.js");
    const uploaded = await new DefaultArtifactClient().uploadArtifact(
      name,
      files.map((f) => path.resolve(dir, f)),
      path.resolve(dir),
      { retentionDays: 14 }
    );
    logger.info(`uploaded ${files.length} log files as artifact ${name} (id ${uploaded.id ?? "?"})`);
  } catch (err) {
    logger.warn(`could not upload the logs in ${dir} as artifact ${name}: ${describeError(err)}`);
  }
}

// actions/deploy-healthcheck/src/compose/detect.ts
var ENGINES = ["docker", "docker-compose", "podman", "podman-compose"];
var CANDIDATES = {
  docker: { name: "docker", command: "docker", prefix: ["compose"], containers: "docker", jsonPs: true },
  "docker-compose": {
    name: "docker-compose",
    command: "docker-compose",
    prefix: [],
    containers: "docker",
    jsonPs: false
  },
  podman: { name: "podman", command: "podman", prefix: ["compose"], containers: "podman", jsonPs: true },
  "podman-compose": {
    name: "podman-compose",
    command: "podman-compose",
    prefix: [],
    containers: "podman",
    jsonPs: false
  }
};
async function probe(candidate, signal) {
  try {
    const r = await runProcess(candidate.command, [...candidate.prefix, "version"], {
      timeoutMs: 15e3,
      signal
    });
    if (r.exitCode !== 0) return void 0;
    return versionLine(r.stdout);
  } catch (err) {
    if (isPostflightError(err, "PROCESS")) return void 0;
    throw err;
  }
}
function versionLine(stdout) {
  const lines2 = stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return (lines2.find((l) => /compose\w*\s+version/i.test(l)) ?? lines2[0] ?? "").replace(/\s+/g, " ");
}
async function detectCompose(engine, signal) {
  const order = engine === "auto" ? ENGINES : [engine];
  for (const name of order) {
    const candidate = CANDIDATES[name];
    const version = await probe(candidate, signal);
    if (version !== void 0) return { ...candidate, version };
  }
  const tried = order.map((n) => [CANDIDATES[n].command, ...CANDIDATES[n].prefix].join(" ")).join(", ");
  throw new PostflightError(
    "NOT_FOUND",
    `no compose implementation answered (tried ${tried}); install Docker Compose or Podman, or pass 'endpoints' to check running services only`,
    { field: "engine" }
  );
}

// actions/deploy-healthcheck/src/security/secret-names.ts
function registerEnvSecrets(env, secrets) {
  for (const line of env) {
    const eq = line.indexOf("=");
    if (eq > 0 && isSecretName(line.slice(0, eq))) secrets.add(line.slice(eq + 1));
  }
}

// actions/deploy-healthcheck/src/cleanup/save-evidence.ts
import { mkdir } from "node:fs/promises";
import path2 from "node:path";
function maskInspect(inspect) {
  if (!Array.isArray(inspect)) return inspect;
  return inspect.map((c) => {
    const config = c.Config;
    const args = c.Args;
    const masked = { ...c };
    if (Array.isArray(args)) masked.Args = args.map((a) => maskUrlPassword(String(a)));
    if (!config) return masked;
    const out = { ...config };
    if (Array.isArray(config.Env)) {
      out.Env = config.Env.map((e) => {
        const [name, ...rest] = String(e).split("=");
        if (name && rest.length > 0 && isSecretName(name)) return `${name}=***`;
        return maskUrlPassword(String(e));
      });
    }
    for (const key of ["Cmd", "Entrypoint"]) {
      const list = config[key];
      if (Array.isArray(list)) out[key] = list.map((a) => maskUrlPassword(String(a)));
    }
    masked.Config = out;
    return masked;
  });
}
function maskUrlPassword(text) {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, "$1***@");
}
var safe = (name) => name.replace(/[^\w.-]+/g, "_");
async function saveEvidence(project, dir, secrets, prefix = "") {
  const out = { dir, files: [], problems: [] };
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    out.problems.push(`could not create ${dir}: ${describeError(err)}`);
    return out;
  }
  let ids = [];
  try {
    ids = await project.containerIdsByLabel({ timeoutMs: 3e4 });
  } catch (err) {
    out.problems.push(`could not list the containers: ${describeError(err)}`);
    return out;
  }
  const names = new Map(ids.map((id) => [id, `${prefix}${safe(id.slice(0, 12))}`]));
  if (ids.length > 0) {
    try {
      const inspected = await project.containerCli(["inspect", ...ids], { timeoutMs: 3e4 });
      const parsed = JSON.parse(inspected.stdout || "[]");
      for (const raw of Array.isArray(parsed) ? parsed : []) {
        const c = raw;
        registerEnvSecrets(Array.isArray(c.Config?.Env) ? c.Config.Env.map(String) : [], secrets);
        const name = `${prefix}${safe((c.Name ?? c.Id ?? "container").replace(/^\//, ""))}`;
        if (c.Id) names.set(c.Id, name);
        const file = path2.join(dir, `${name}.inspect.json`);
        await writeFileAtomic(file, secrets.redact(`${JSON.stringify(maskInspect([raw]), null, 2)}
`));
        out.files.push(file);
      }
    } catch (err) {
      out.problems.push(`could not inspect the containers: ${describeError(err)}`);
    }
  }
  const saveLogs = async (id) => {
    try {
      const logs = await project.containerCli(["logs", "--timestamps", id], { timeoutMs: 3e4 });
      const file = path2.join(dir, `${names.get(id)}.log`);
      await writeFileAtomic(file, `${logs.stdout}${logs.stderr ? `
--- stderr ---
${logs.stderr}` : ""}`);
      out.files.push(file);
    } catch (err) {
      out.problems.push(`${id.slice(0, 12)}: ${describeError(err)}`);
    }
  };
  await Promise.all(ids.map(saveLogs));
  out.files.sort();
  return out;
}

// actions/deploy-healthcheck/src/compose/inspect.ts
var obj = (v) => typeof v === "object" && v !== null ? v : {};
var str = (v) => typeof v === "string" ? v : "";
var num = (v) => typeof v === "number" && Number.isFinite(v) ? v : 0;
function published(bindings) {
  const out = [];
  for (const [containerPort, list] of Object.entries(obj(bindings))) {
    for (const b of Array.isArray(list) ? list : []) {
      const port = Number(str(obj(b).HostPort));
      if (Number.isInteger(port) && port > 0)
        out.push({ hostIp: str(obj(b).HostIp), hostPort: port, containerPort });
    }
  }
  return out;
}
function containerInfo(raw) {
  const o = obj(raw);
  const state = obj(o.State);
  const host = obj(o.HostConfig);
  const config = obj(o.Config);
  const labels = obj(config.Labels);
  const health = obj(state.Health);
  const info = {
    id: str(o.Id),
    name: str(o.Name).replace(/^\//, ""),
    service: str(labels["com.docker.compose.service"]) || str(labels["io.podman.compose.service"]),
    status: str(state.Status),
    running: state.Running === true,
    restarting: state.Restarting === true,
    exitCode: num(state.ExitCode),
    restartCount: num(o.RestartCount),
    restartPolicy: str(obj(host.RestartPolicy).Name),
    pid: num(state.Pid),
    conmonPid: num(state.ConmonPid),
    user: str(config.User),
    env: Array.isArray(config.Env) ? config.Env.map(String) : [],
    privileged: host.Privileged === true,
    capAdd: Array.isArray(host.CapAdd) ? host.CapAdd.map(String) : [],
    pidMode: str(host.PidMode),
    networkMode: str(host.NetworkMode),
    readOnlyRootfs: host.ReadonlyRootfs === true,
    memoryBytes: num(host.Memory),
    nanoCpus: num(host.NanoCpus),
    cpuQuota: num(host.CpuQuota),
    published: published(host.PortBindings),
    healthIntervalMs: num(obj(config.Healthcheck).Interval) / 1e6 || 3e4,
    healthTimeoutMs: num(obj(config.Healthcheck).Timeout) / 1e6 || 3e4
  };
  if (str(health.Status)) info.health = str(health.Status);
  return info;
}
function parseInspect(text) {
  const parsed = JSON.parse(text);
  return (Array.isArray(parsed) ? parsed : []).map(containerInfo);
}

// actions/deploy-healthcheck/src/compose/ps-json.ts
function row(v) {
  if (typeof v !== "object" || v === null) return void 0;
  const o = v;
  const id = o.ID ?? o.Id;
  if (typeof id !== "string" || id === "") return void 0;
  const out = {
    id,
    name: typeof o.Name === "string" ? o.Name : Array.isArray(o.Names) ? String(o.Names[0] ?? "") : "",
    service: typeof o.Service === "string" ? o.Service : "",
    state: typeof o.State === "string" ? o.State.toLowerCase() : ""
  };
  if (typeof o.ExitCode === "number") out.exitCode = o.ExitCode;
  return out;
}
function parsePsJson(text) {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("[")) {
    const parsed = JSON.parse(trimmed);
    return (Array.isArray(parsed) ? parsed : []).map(row).filter((r) => r !== void 0);
  }
  return trimmed.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.startsWith("{")).map((line) => row(JSON.parse(line))).filter((r) => r !== void 0);
}

// actions/deploy-healthcheck/src/compose/project.ts
var PROJECT_LABEL = "com.docker.compose.project";
var DEFAULT_TIMEOUT_MS = 12e4;
var ComposeProject = class {
  cli;
  name;
  files;
  #base;
  #secrets;
  #env;
  constructor(options) {
    this.cli = options.cli;
    this.name = options.name;
    this.files = options.files;
    this.#secrets = options.secrets;
    this.#env = options.env ? { ...process.env, ...options.env } : void 0;
    this.#base = ["-p", options.name, ...options.files.flatMap((f) => ["-f", f])];
    if (options.envFile) this.#base.push("--env-file", options.envFile);
    for (const p of options.profiles ?? []) this.#base.push("--profile", p);
  }
  /** Runs `compose <args>` for this project. */
  compose(args, options = {}) {
    return this.#run(this.cli.command, [...this.cli.prefix, ...this.#base, ...args], options);
  }
  /** Runs the container CLI (docker or podman). */
  containerCli(args, options = {}) {
    return this.#run(this.cli.containers, args, options);
  }
  #run(command, args, options) {
    return runProcess(command, args, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...options.signal ? { signal: options.signal } : {},
      secrets: this.#secrets,
      ...this.#env ? { env: this.#env } : {},
      killGraceMs: 2e3
    });
  }
  /** `up -d`, building and pulling as asked; v1 has no `--pull`, so it pulls first. */
  async up(options) {
    const args = ["up", "-d", "--remove-orphans"];
    if (options.build) args.push("--build");
    if (this.cli.jsonPs) args.push("--pull", options.pull);
    else if (options.pull !== "never") {
      const pulled = await this.compose(["pull"], options);
      if (pulled.exitCode !== 0) return pulled;
    }
    const up = await this.compose(args, options);
    return this.#podmanCompose ? withPodmanComposeExit(withoutEchoedRuns(up)) : up;
  }
  /** `down -v --remove-orphans`: containers, networks and volumes of the project. */
  async down(options = {}) {
    if (!this.#podmanCompose) return this.compose(["down", "-v", "--remove-orphans", "-t", "5"], options);
    const down = await this.compose(["down", "-v", "-t", "5"], options);
    await this.#removeByLabel(options);
    return down;
  }
  async #removeByLabel(options) {
    const filter = ["--filter", `label=${PROJECT_LABEL}=${this.name}`];
    const ids = async (args) => lines((await this.containerCli([...args, ...filter], options)).stdout);
    const containers = await ids(["ps", "-a", "-q"]);
    if (containers.length > 0) await this.containerCli(["rm", "-f", "-v", "-t", "5", ...containers], options);
    const networks = await ids(["network", "ls", "-q"]);
    if (networks.length > 0) await this.containerCli(["network", "rm", ...networks], options);
    const volumes = await ids(["volume", "ls", "-q"]);
    if (volumes.length > 0) await this.containerCli(["volume", "rm", ...volumes], options);
    await this.containerCli(["pod", "rm", "-f", "--ignore", this.#podName], options);
  }
  get #podmanCompose() {
    return this.cli.name === "podman-compose";
  }
  /** The ids of the project's containers, stopped ones included. */
  async containerIds(options = {}) {
    if (this.cli.jsonPs) {
      const r2 = await this.compose(["ps", "-a", "--format", "json"], options);
      ensureOk(r2, "compose ps");
      return parsePsJson(r2.stdout).map((row2) => row2.id);
    }
    if (this.#podmanCompose) return this.containerIdsByLabel(options);
    const r = await this.compose(["ps", "-q"], options);
    ensureOk(r, "compose ps");
    return lines(r.stdout);
  }
  /**
   * The ids of the project's containers by its label, from the container CLI: a tenth of the cost of
   * starting compose v1 (a Python program), so the health watch can poll it twice a second.
   */
  async containerIdsByLabel(options = {}) {
    const r = await this.containerCli(
      ["ps", "-a", "-q", "--no-trunc", "--filter", `label=${PROJECT_LABEL}=${this.name}`],
      options
    );
    ensureOk(r, "ps");
    return lines(r.stdout);
  }
  /** Every container of the project, inspected; `byLabel` lists them the cheap way (see containerIdsByLabel). */
  async containers(options = {}) {
    const ids = options.byLabel ? await this.containerIdsByLabel(options) : await this.containerIds(options);
    if (ids.length === 0) return [];
    const r = await this.containerCli(["inspect", ...ids], options);
    if (r.exitCode !== 0 && r.stdout.trim() === "") return [];
    return parseInspect(r.stdout);
  }
  /** What is left of the project, by its label: containers, networks and volumes (and podman-compose's pod). */
  async leftovers(options = {}) {
    const filter = ["--filter", `label=${PROJECT_LABEL}=${this.name}`];
    const ask = async (args, by = filter) => {
      const r = await this.containerCli([...args, ...by], options);
      ensureOk(r, args.join(" "));
      return lines(r.stdout);
    };
    return {
      containers: await ask(["ps", "-a", "--format", "{{.Names}}"]),
      networks: await ask(["network", "ls", "--format", "{{.Name}}"]),
      volumes: await ask(["volume", "ls", "--format", "{{.Name}}"]),
      // Pods carry no project label: podman-compose names its one pod_<project>.
      pods: this.#podmanCompose ? await ask(["pod", "ps", "--format", "{{.Name}}"], ["--filter", `name=^${this.#podName}$`]) : []
    };
  }
  get #podName() {
    return `pod_${this.name}`;
  }
};
function withPodmanComposeExit(r) {
  if (r.exitCode !== 0) return r;
  const failed = [...r.stdout.matchAll(/^exit code: (\d+)\s*$/gm)].map((m) => Number(m[1])).find((n) => n !== 0);
  return failed === void 0 ? r : { ...r, exitCode: failed };
}
function withoutEchoedRuns(r) {
  const echo = /^(podman (run|create) |\['podman', '(run|create)')/;
  const kept = r.stdout.split("\n").filter((l) => !echo.test(l.trim()));
  return { ...r, stdout: kept.join("\n") };
}
function lines(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
function ensureOk(r, what) {
  if (r.exitCode !== 0)
    throw new PostflightError(
      "PROCESS",
      `${what} failed (exit ${r.exitCode}): ${r.stderr.trim().slice(-500)}`
    );
}

// actions/deploy-healthcheck/src/cleanup/teardown.ts
function manualCommands(project, left) {
  const cli = project.cli.containers;
  const out = [];
  if (left.containers.length > 0) out.push(`${cli} rm -f -v ${left.containers.join(" ")}`);
  if (left.pods.length > 0) out.push(`${cli} pod rm -f ${left.pods.join(" ")}`);
  if (left.networks.length > 0) out.push(`${cli} network rm ${left.networks.join(" ")}`);
  if (left.volumes.length > 0) out.push(`${cli} volume rm -f ${left.volumes.join(" ")}`);
  return out;
}
async function teardown(project) {
  let downNote = "";
  try {
    const down = await project.down({ timeoutMs: 12e4 });
    if (down.exitCode !== 0) downNote = `down exited ${down.exitCode}: ${down.stderr.trim().slice(-300)}`;
  } catch (err) {
    downNote = `down could not run: ${describeError(err)}`;
  }
  let left;
  try {
    left = await project.leftovers({ timeoutMs: 3e4 });
  } catch (err) {
    return {
      status: "error",
      message: `could not verify the cleanup: ${describeError(err)}; check by hand: ${project.cli.containers} ps -a --filter label=${PROJECT_LABEL}=${project.name}`
    };
  }
  const count = left.containers.length + left.networks.length + left.volumes.length + left.pods.length;
  const evidence = { project: project.name, ...left, ...downNote ? { down: downNote } : {} };
  if (count === 0) {
    return {
      status: "pass",
      message: `project ${project.name} removed: no container, network or volume labelled ${PROJECT_LABEL}=${project.name} is left`,
      evidence
    };
  }
  const commands = manualCommands(project, left);
  return {
    status: "fail",
    message: `project ${project.name} left ${count} resource${count === 1 ? "" : "s"} behind${downNote ? ` (${downNote})` : ""}; remove them with: ${commands.join(" && ")}`,
    evidence: { ...evidence, commands }
  };
}

export {
  ENGINES,
  detectCompose,
  registerEnvSecrets,
  saveEvidence,
  ComposeProject,
  teardown,
  uploadLogs
};
