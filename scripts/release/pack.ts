// Builds the npm packages from the TypeScript sources and packs them with `npm pack`:
//
// - `postflight`, the CLI: one ESM bundle (esbuild) with every engine and dependency inside, so the
//   installed package has no runtime dependencies; `bin` runs it with `#!/usr/bin/env node`.
// - `@postflight/core`, the library: compiled to JS with declarations by tsc (relative `.ts`
//   imports rewritten to `.js`), its dependencies installed from the registry as usual.
//
// Node strips types only outside node_modules, so the sources as they are (exports pointing at
// src/*.ts) cannot be published. Each package.json says what the published one looks like in its
// `publishConfig` (exports, bin), which this script applies as pnpm publish would.
//
//   node scripts/release/pack.ts [--out <dir>]     prints the tarballs' paths
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { build } from 'esbuild'

const exec = promisify(execFile)
const REPO = path.resolve(import.meta.dirname, '../..')

interface Manifest {
  name: string
  version: string
  description?: string
  private?: boolean
  exports?: unknown
  bin?: Record<string, string>
  files?: string[]
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  publishConfig?: Record<string, unknown>
  [key: string]: unknown
}

export interface Packed {
  name: string
  version: string
  tarball: string
}

const readManifest = async (dir: string) =>
  JSON.parse(await readFile(path.join(REPO, dir, 'package.json'), 'utf8')) as Manifest

/** The manifest as published: publishConfig's fields applied, workspace-only fields dropped. */
function publishedManifest(source: Manifest, dependencies: Record<string, string> | undefined): Manifest {
  const { private: _private, devDependencies: _dev, publishConfig = {}, ...rest } = source
  const { access, registry, ...overrides } = publishConfig
  const out: Manifest = { ...rest, ...overrides, engines: { node: '>=24' } }
  if (dependencies) out.dependencies = dependencies
  else delete out.dependencies
  const config = { ...(access ? { access } : {}), ...(registry ? { registry } : {}) }
  if (Object.keys(config).length > 0) out.publishConfig = config
  return out
}

async function npmPack(stage: string, out: string): Promise<string> {
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage })
  const [info] = JSON.parse(stdout) as { filename: string }[]
  if (!info) throw new Error(`npm pack in ${stage} printed no tarball`)
  return path.join(out, info.filename)
}

// Like scripts/build-actions.ts: ESM output needs a `require` for the CommonJS dependencies
// that call it, defined under a name no bundled module uses.
const BANNER = [
  '#!/usr/bin/env node',
  "import { createRequire as __postflightCreateRequire } from 'node:module';",
  'const require = __postflightCreateRequire(import.meta.url);',
].join('\n')

export async function packCli(out: string): Promise<Packed> {
  const source = await readManifest('packages/cli')
  const stage = await mkdtemp(path.join(os.tmpdir(), 'postflight-pack-cli-'))
  try {
    const bin = publishedManifest(source, undefined).bin?.postflight
    if (!bin) throw new Error('packages/cli/package.json: publishConfig.bin.postflight is missing')
    await build({
      entryPoints: [path.join(REPO, 'packages/cli/src/bin.ts')],
      outfile: path.join(stage, bin),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      banner: { js: BANNER },
      legalComments: 'external',
      charset: 'utf8',
      logLevel: 'warning',
      absWorkingDir: REPO,
      // Optional modules their users load in a try and do without: pg's native binding, and
      // the XML plugins of @cyclonedx/cyclonedx-library (container-scan writes JSON SBOMs).
      external: ['pg-native', 'xmlbuilder2', 'libxmljs2'],
      // CommonJS modules that read __dirname at load (@cyclonedx/cyclonedx-library's resource
      // folder, used only by its schema validators) get the bundle's folder in ESM.
      define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
    })
    // The entry's own hashbang comes after the banner's: only the first line may have one.
    const file = path.join(stage, bin)
    const code = await readFile(file, 'utf8')
    const [first, ...rest] = code.split('\n')
    await writeFile(file, [first, ...rest.filter((line) => !line.startsWith('#!'))].join('\n'), {
      mode: 0o755,
    })
    await writeFile(
      path.join(stage, 'package.json'),
      `${JSON.stringify(publishedManifest(source, undefined), null, 2)}\n`,
    )
    await cp(path.join(REPO, 'README.md'), path.join(stage, 'README.md'))
    return { name: source.name, version: source.version, tarball: await npmPack(stage, out) }
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}

/**
 * tsc rewrites `./x.ts` to `./x.js` in the emitted JS but leaves declarations as written; a
 * consumer's compiler then looks for .ts files the package does not ship. The specifiers are
 * rewritten here the same way (a regular expression: tsc offers no option for it).
 */
async function declarationsImportJs(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith('.d.ts')) continue
    const file = path.join(dir, entry)
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace(/((?:from|import\()\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'))
  }
}

export async function packCore(out: string): Promise<Packed> {
  const source = await readManifest('packages/core')
  const stage = await mkdtemp(path.join(os.tmpdir(), 'postflight-pack-core-'))
  try {
    const tsconfig = path.join(stage, 'tsconfig.json')
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: path.join(REPO, 'tsconfig.json'),
        compilerOptions: {
          noEmit: false,
          typeRoots: [path.join(REPO, 'node_modules/@types')],
          allowImportingTsExtensions: false,
          declaration: true,
          rootDir: path.join(REPO, 'packages/core/src'),
          outDir: path.join(stage, 'dist'),
        },
        include: [path.join(REPO, 'packages/core/src')],
        exclude: [path.join(REPO, 'packages/core/src/**/__tests__')],
      }),
    )
    await exec(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], {
      cwd: REPO,
    })
    await rm(tsconfig)
    await declarationsImportJs(path.join(stage, 'dist'))
    await cp(path.join(REPO, 'packages/core/schema'), path.join(stage, 'schema'), { recursive: true })
    await writeFile(
      path.join(stage, 'package.json'),
      `${JSON.stringify(publishedManifest(source, source.dependencies), null, 2)}\n`,
    )
    return { name: source.name, version: source.version, tarball: await npmPack(stage, out) }
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const out = path.resolve(values.out ?? 'npm-packages')
  await mkdir(out, { recursive: true })
  for (const packed of [await packCli(out), await packCore(out)]) console.log(packed.tarball)
}
