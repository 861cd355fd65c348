// Runs on any Node, before the tests: the integration tests make their releases with real tools
// (gpg, sha256sum, shasum, tar, zip, xz, zstd, bzip2, openssl, python3). When one is missing and
// apt-get can install it (root on Debian/Ubuntu), it is installed; otherwise the run stops naming it.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

const TOOLS = {
  gpg: 'gnupg',
  sha256sum: 'coreutils',
  sha512sum: 'coreutils',
  md5sum: 'coreutils',
  b2sum: 'coreutils',
  shasum: 'perl',
  openssl: 'openssl',
  tar: 'tar',
  gzip: 'gzip',
  zip: 'zip',
  unzip: 'unzip',
  xz: 'xz-utils',
  zstd: 'zstd',
  bzip2: 'bzip2',
  python3: 'python3',
  // the report's tests: JUnit validated with xmllint --schema, report.html opened in Chromium
  xmllint: 'libxml2-utils',
  chromium: 'chromium',
  // verify-artifacts' OCI registry cross-check: a real registry, images pushed to it with skopeo
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  // container-scan and deploy-healthcheck: a real Docker Engine (started by the tests, no bridge),
  // compose v1, images built FROM scratch with busybox, a real PostgreSQL and redis-server
  dockerd: 'docker.io',
  'docker-compose': 'docker-compose',
  busybox: 'busybox-static',
  'redis-server': 'redis-server',
  pg_ctlcluster: 'postgresql',
  minisign: 'minisign',
  git: 'git', // the release scripts' tests: splits and tags pushed to bare repositories
  // platform-smoke: C binaries built with and without hardening flags, and a real .deb (dpkg-deb --build)
  gcc: 'gcc',
  'dpkg-deb': 'dpkg',
  podman: 'podman', // deploy-healthcheck's podman-compose path (test/deploy-podman.itg.test.ts)
  'podman-compose': 'podman-compose',
}

// The parser and matcher tests read real outputs of real tools from ../shared/fixtures (beside the
// repository, as in CI), never copies of them; say so plainly instead of failing test by test.
const fixtures = process.env.POSTFLIGHT_FIXTURES ?? path.resolve(import.meta.dirname, '../../shared/fixtures')
if (!existsSync(path.join(fixtures, 'SOURCES.md'))) {
  console.error(
    `the tests read real tool outputs from ${fixtures}, which is missing.\n` +
      'Clone the repository beside the shared/ folder (…/shared and …/<repo>), or point POSTFLIGHT_FIXTURES at a copy of shared/fixtures.',
  )
  process.exit(2)
}

const has = (tool) =>
  spawnSync(process.platform === 'win32' ? 'where' : 'which', [tool], { stdio: 'ignore' }).status === 0
const missing = Object.keys(TOOLS).filter((t) => !has(t))
if (missing.length === 0) process.exit(0)

const packages = [...new Set(missing.map((t) => TOOLS[t]))]
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
// A GitHub runner is not root but has passwordless sudo; anywhere else sudo would ask, so it is not tried.
const sudo = !isRoot && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0
if (process.platform === 'linux' && (isRoot || sudo) && has('apt-get')) {
  console.error(
    `installing missing test tools (${missing.join(', ')}): apt-get install ${packages.join(' ')}`,
  )
  const apt = (args) =>
    sudo
      ? execFileSync('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], {
          stdio: 'inherit',
        })
      : execFileSync('apt-get', args, {
          stdio: 'inherit',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        })
  apt(['update', '-qq'])
  apt(['install', '-y', '-qq', '--no-install-recommends', ...packages])
  process.exit(0)
}
console.error(
  `the tests need these tools, which are not on PATH: ${missing.join(', ')} (packages: ${packages.join(' ')})`,
)
process.exit(2)
