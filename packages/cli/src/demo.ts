// `pnpm demo`: builds a sample release in a temp folder, signs it with a throwaway key, verifies
// it with the verify-artifacts engine exactly as `postflight verify` would, then tampers with one
// asset and shows the same verification catch it. Exits 0 when both verdicts are as expected.
// `--keep` leaves the temp folder (release, key, results files) in place.
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { consoleSink, executeSuite, renderSuiteText } from '@postflight/core'
import { verifySpec } from '@postflight/verify-artifacts'
import { buildSampleRelease } from './demo/sample-release.ts'

const out = process.stdout
const root = await mkdtemp(path.join(os.tmpdir(), 'postflight-demo-'))
const dir = path.join(root, 'release')
await mkdir(dir)
const release = await buildSampleRelease(dir)
out.write(`Built sample release ${release.tag} in ${dir}\n`)
out.write(
  `  assets: ${release.assets.join(', ')}\n  SHA256SUMS signed by throwaway key ${release.fingerprint}\n\n`,
)

const verify = (resultsDir: string) =>
  executeSuite(verifySpec, {
    raw: {
      directory: dir,
      tag: release.tag,
      'public-key': release.publicKeyFile,
      'expected-assets': [
        'demo-app-{version}-linux-x64.tar.gz',
        'demo-app-{version}-darwin-arm64.tar.gz',
        'demo-app-{version}-win32-x64.zip',
      ],
      'results-dir': resultsDir,
    },
    style: 'cli',
    sink: consoleSink('human', process.stderr),
  })

out.write('== 1. postflight verify on the release as built\n')
const good = await verify(path.join(root, 'results-good'))
out.write(renderSuiteText(good.result, { verbose: true }))
out.write(`results file: ${good.resultsFile}\nexit code: ${good.exitCode}\n\n`)

out.write('== 2. the same release after one byte of the linux archive changed in transit\n')
const handle = await open(path.join(dir, 'demo-app-1.4.0-linux-x64.tar.gz'), 'r+')
await handle.write(Buffer.from([0x42]), 0, 1, 20)
await handle.close()
const bad = await verify(path.join(root, 'results-tampered'))
out.write(renderSuiteText(bad.result))
out.write(`results file: ${bad.resultsFile}\nexit code: ${bad.exitCode}\n\n`)

const asExpected = good.exitCode === 0 && bad.exitCode === 1
out.write(
  asExpected
    ? 'Demo OK: the intact release passed, the tampered one failed on exactly the changed asset.\n'
    : 'Demo FAILED: the verdicts were not the expected pass then fail.\n',
)
if (process.argv.includes('--keep')) out.write(`Kept ${root} for you to look at.\n`)
else {
  await rm(root, { recursive: true, force: true })
  out.write(`Removed ${root} (run \`pnpm demo --keep\` to keep the release and its results files).\n`)
}
process.exitCode = asExpected ? 0 : 1
