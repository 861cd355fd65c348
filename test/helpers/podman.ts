// A real podman for the tests (Debian's podman 4.3 and podman-compose 1.0.3, installed by
// scripts/ensure-tools.mjs). Rootful here (the tests run as root), rootless on a GitHub runner.
//
// As root in this sandbox podman's defaults fail to start any container:
//   runc create failed: … error setting rlimits for ready process: error setting rlimit type 7
//   (then type 6): operation not permitted
// podman asks runc for RLIMIT_NOFILE 1048576 and RLIMIT_NPROC 4194304, but the sandbox has no
// CAP_SYS_RESOURCE and lower hard limits, and conmon (which runc inherits from) runs with NPROC
// 32768. So the tests point CONTAINERS_CONF at a containers.conf of their own (never /etc's) asking
// for the limits this process already has: NOFILE its hard limit, NPROC at most 32768. cgroupfs and
// the file events logger: there is no systemd here. Storage stays podman's default (overlay works).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const CONF_DIR = path.join(os.tmpdir(), 'postflight-podman')
const CONMON_NPROC = 32_768

/** This process's hard limit for one resource, from /proc/self/limits (`Max open files … 20000 …`). */
function hardLimit(label: string): number | undefined {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(label))
  const hard = line?.slice(label.length).trim().split(/\s+/)[1]
  return hard && /^\d+$/.test(hard) ? Number(hard) : undefined
}

function containersConf(): string {
  const nofile = Math.min(hardLimit('Max open files') ?? 1024, 1_048_576)
  const nproc = Math.min(hardLimit('Max processes') ?? CONMON_NPROC, CONMON_NPROC)
  return [
    '[containers]',
    `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]`,
    '[engine]',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    '',
  ].join('\n')
}

function podmanWorks(): { ok: boolean; why: string } {
  const r = spawnSync('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], {
    encoding: 'utf8',
    timeout: 30_000,
  })
  if (r.error) return { ok: false, why: `podman could not run: ${r.error.message}` }
  return { ok: r.status === 0, why: r.stderr }
}

/**
 * Makes podman usable by this process and every program it starts (podman-compose, the engine's
 * podman calls): as root, CONTAINERS_CONF is set in this process's environment to the tests' own
 * containers.conf. Throws, saying why, when podman does not answer; installs nothing.
 */
export function ensurePodman(): void {
  if (process.getuid?.() === 0 && !process.env.CONTAINERS_CONF) {
    mkdirSync(CONF_DIR, { recursive: true })
    const file = path.join(CONF_DIR, 'containers.conf')
    writeFileSync(file, containersConf())
    process.env.CONTAINERS_CONF = file
  }
  const works = podmanWorks()
  if (!works.ok)
    throw new Error(
      `podman does not answer (apt-get install podman podman-compose; scripts/ensure-tools.mjs does it): ${works.why}`,
    )
}

/**
 * Builds an image with `podman build`, FROM scratch holding busybox (its applets linked under /bin) and
 * the given files; nothing is pulled. `extra` lines go after the COPY lines (USER, CMD, LABEL…).
 */
export async function buildPodmanBusyboxImage(
  tag: string,
  files: Record<string, string> = {},
  extra: string[] = [],
): Promise<void> {
  ensurePodman()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-podman-image-'))
  try {
    const lines = [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
    ]
    for (const [dest, content] of Object.entries(files)) {
      const local = path.join('files', dest.replace(/^\/+/, ''))
      mkdirSync(path.dirname(path.join(dir, local)), { recursive: true })
      await writeFile(path.join(dir, local), content, { mode: 0o755 })
      lines.push(`COPY ${local} ${dest}`)
    }
    if (spawnSync('cp', ['/bin/busybox', path.join(dir, 'busybox')]).status !== 0)
      throw new Error('busybox is missing: apt-get install busybox-static')
    await writeFile(path.join(dir, 'Containerfile'), [...lines, ...extra, ''].join('\n'))
    const built = spawnSync(
      'podman',
      ['build', '-q', '-f', path.join(dir, 'Containerfile'), '-t', tag, dir],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    )
    if (built.status !== 0) throw new Error(`podman build ${tag} failed: ${built.stderr}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What podman still has of a compose project, by its label: containers, networks, volumes and pods. */
export function podmanLeftovers(project: string): string[] {
  const filter = `label=com.docker.compose.project=${project}`
  const ask = (args: string[]): string[] => {
    const r = spawnSync('podman', [...args, '--filter', filter], { encoding: 'utf8', timeout: 30_000 })
    if (r.status !== 0) throw new Error(`podman ${args.join(' ')} failed: ${r.stderr}`)
    return r.stdout.split('\n').filter(Boolean)
  }
  return [
    ...ask(['ps', '-a', '--format', 'container {{.Names}}']),
    ...ask(['network', 'ls', '--format', 'network {{.Name}}']),
    ...ask(['volume', 'ls', '--format', 'volume {{.Name}}']),
    // podman-compose 1.0.3 names its pods pod_<project> (when it makes one) and labels none.
    ...spawnSync('podman', ['pod', 'ps', '--format', '{{.Name}}'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((n) => n === `pod_${project}`)
      .map((n) => `pod ${n}`),
  ]
}
