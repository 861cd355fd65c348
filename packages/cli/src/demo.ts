// `pnpm demo`: builds a sample multi-platform release in a folder (signed assets, an OCI image
// archive, a small HTTP service on 127.0.0.1), writes a postflight.yml for it and runs
// `postflight run` over it: verify, smoke for this platform, and scan and health where this CLI
// has them; then changes one byte of an asset and shows the same verification fail. Exits 0 when
// both verdicts are as expected. No Docker, no network.
//   --dir DIR   build in DIR (default: a new temporary folder, kept so the report can be opened)
//   --clean     remove the folder afterwards
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { main } from './cli.ts'
import { demoConfig } from './demo/config.ts'
import { buildSampleImage } from './demo/oci-archive.ts'
import { writeDemoOsvDb } from './demo/osv-db.ts'
import { buildSampleRelease } from './demo/sample-release.ts'
import { startSampleService } from './demo/service.ts'

const out = process.stdout
const argv = process.argv.slice(2)
const dirFlag = argv.indexOf('--dir')
const root = path.resolve(
  dirFlag === -1 ? await mkdtemp(path.join(os.tmpdir(), 'postflight-demo-')) : (argv[dirFlag + 1] ?? '.'),
)
const started = performance.now()

await mkdir(path.join(root, 'release'), { recursive: true })
await mkdir(path.join(root, 'image'), { recursive: true })
const release = await buildSampleRelease(path.join(root, 'release'))
const image = await buildSampleImage(path.join(root, 'image', 'demo-app-1.4.0-oci.tar'))
const osvDir = await writeDemoOsvDb(path.join(root, 'osv'))
const service = await startSampleService()
await writeFile(
  path.join(root, 'postflight.yml'),
  demoConfig({
    schemaFile: path.resolve(import.meta.dirname, '../../../schema/postflight.schema.json'),
    publicKeyFile: path.relative(root, release.publicKeyFile),
    imageFile: path.relative(root, image.file),
    osvDir: path.relative(root, osvDir),
    serviceUrl: service.url,
  }),
)
out.write(`Built sample release ${release.tag} in ${root}\n`)
out.write(`  assets: ${release.assets.join(', ')}\n`)
out.write(`  SHA256SUMS signed by throwaway key ${release.fingerprint}\n`)
out.write(`  image: image/demo-app-1.4.0-oci.tar (OCI archive, ${image.manifestDigest.slice(0, 19)}…)\n`)
out.write(
  '  vulnerability database: osv/ (two made-up advisories: a low one on ms, one already fixed in the image)\n',
)
out.write(`  service: ${service.url}/healthz\n {2}settings: postflight.yml\n\n`)

// Paths in postflight.yml are relative to where postflight runs, as for users.
process.chdir(root)
const io = { stdout: process.stdout, stderr: process.stderr, env: { ...process.env, GITHUB_REPOSITORY: '' } }
let good: number
let bad: number
try {
  out.write('== 1. postflight run: the whole pipeline over the release as built\n')
  good = await main(['run'], io)
  out.write(`exit code: ${good}\n\n`)

  out.write('== 2. the same verification after one byte of the linux archive changed in transit\n')
  const handle = await open(path.join(root, 'release', 'demo-app-1.4.0-linux-x64.tar.gz'), 'r+')
  await handle.write(Buffer.from([0x42]), 0, 1, 20)
  await handle.close()
  bad = await main(
    ['run', '--only', 'verify', '--results-dir', 'results-tampered', '--out-dir', 'report-tampered'],
    io,
  )
  out.write(`exit code: ${bad}\n\n`)
} finally {
  await service.close()
}

const asExpected = good === 0 && bad === 1
const seconds = ((performance.now() - started) / 1000).toFixed(1)
out.write(
  asExpected
    ? `Demo OK in ${seconds}s: the release as built passed, the tampered one failed on exactly the changed asset.\n`
    : `Demo FAILED: expected exit codes 0 then 1, got ${good} then ${bad}.\n`,
)
if (argv.includes('--clean')) {
  await rm(root, { recursive: true, force: true })
  out.write(`Removed ${root}.\n`)
} else {
  out.write(`Open the report: ${path.join(root, 'postflight-report', 'report.html')}\n`)
}
process.exitCode = asExpected ? 0 : 1
