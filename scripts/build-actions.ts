// Bundles every action's src/main.ts into actions/<name>/dist/index.js (committed; the runner
// executes it directly with node24). `--out <dir>` writes to <dir>/<name>/ instead, which the dist
// check test uses to compare a fresh build with the committed one.
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const outFlag = process.argv.indexOf('--out')
const outRoot = outFlag === -1 ? undefined : path.resolve(process.argv[outFlag + 1] ?? '')
const only = process.argv.filter((a, i) => i > 1 && !a.startsWith('--') && process.argv[i - 1] !== '--out')

// esbuild rather than @vercel/ncc: see README "Bundling". ESM output needs a `require` for the
// CommonJS dependencies that call it (tunnel's require("net")); it is defined from createRequire
// under a name no bundled module uses.
const banner = [
  "import { createRequire as __postflightCreateRequire } from 'node:module';",
  'const require = __postflightCreateRequire(import.meta.url);',
].join('\n')

const actions = (await readdir(path.join(root, 'actions'), { withFileTypes: true }))
  .filter((d) => d.isDirectory() && (only.length === 0 || only.includes(d.name)))
  .map((d) => d.name)
  .sort()

for (const name of actions) {
  const outDir = outRoot ? path.join(outRoot, name) : path.join(root, 'actions', name, 'dist')
  // Stale chunks of an earlier build must not linger beside the new ones.
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const started = performance.now()
  // An action with a `post:` step (src/post.ts) gets dist/post.js beside dist/index.js.
  const entryPoints: Record<string, string> = { index: path.join(root, 'actions', name, 'src', 'main.ts') }
  const post = path.join(root, 'actions', name, 'src', 'post.ts')
  if (existsSync(post)) entryPoints.post = post
  await build({
    entryPoints,
    outdir: outDir,
    // Code split at dynamic imports into dist/chunks: a step loads only what its inputs need (no
    // OpenPGP without signatures, no artifact client without `artifact-name`), which cut a tenth of
    // a second from every action's start (the V8 parse of a 7 MB bundle).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    banner: { js: banner },
    legalComments: 'external',
    charset: 'utf8',
    logLevel: 'warning',
    // Paths in the bundle must not depend on where the repository was cloned.
    absWorkingDir: root,
    // @cyclonedx/cyclonedx-library (container-scan) loads its optional XML plugins only when they
    // are installed and reads __dirname, which an ESM bundle lacks; the JSON serializer needs neither.
    external: ['libxmljs2', 'xmlbuilder2'],
    define: { __dirname: 'import.meta.dirname' },
  })
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n')
  console.log(
    `bundled ${name} → ${path.relative(root, outDir)}/index.js in ${Math.round(performance.now() - started)} ms`,
  )
}
