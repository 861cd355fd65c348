import type { EngineContext, SuiteBuilder } from '@postflight/core'
import type { PlatformImage, ResolvedImage } from '../image/types.ts'
import { buildInventory, collectImageFiles } from '../inventory/index.ts'
import { evaluatePolicy, type Policy } from '../policy/index.ts'
import type { InventoryPackage } from '../types.ts'

export interface PlatformScan {
  platform: string
  /** Undefined when the layers could not be read. */
  packages: InventoryPackage[] | undefined
}

function countBy(pkgs: InventoryPackage[]): string {
  const counts = new Map<string, number>()
  for (const p of pkgs) counts.set(p.ecosystem, (counts.get(p.ecosystem) ?? 0) + 1)
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ')
}

/**
 * One platform: its layers streamed into an inventory (`inventory:<p>`), then every policy rule on
 * its config and packages (`policy:<rule>:<p>`). A layer that cannot be read is an error check,
 * and the policy is still checked on the config (the licence rule then has nothing to read).
 */
export async function scanPlatform(
  suite: SuiteBuilder,
  resolved: ResolvedImage,
  image: PlatformImage,
  options: { policy: Policy; tag?: string; version?: string; now: Date },
  ctx: EngineContext,
): Promise<PlatformScan> {
  const p = image.platform
  let packages: InventoryPackage[] | undefined
  await ctx.logger.group(`Inventory ${p}`, () =>
    suite.run(`inventory:${p}`, `Packages of ${p} are inventoried`, async () => {
      const files = await collectImageFiles(resolved.store, image, ctx.signal, (layer, read) =>
        ctx.progress?.({
          label: `${p} layer ${layer + 1}/${image.layers.length}`,
          done: read,
          total: image.layers[layer]?.size ?? read,
          unit: 'bytes',
        }),
      )
      const inventory = await buildInventory(files, ctx.workDir)
      packages = inventory.packages
      const distro = inventory.distro?.prettyName ?? inventory.distro?.id ?? 'no os-release'
      const evidence = {
        distro: inventory.distro ?? null,
        packages: packages.length,
        layers: image.layers.length,
        uncompressedBytes: files.uncompressedBytes,
        notInventoried: inventory.notInventoried,
      }
      const summary = `${packages.length} packages (${countBy(packages) || 'none found'}) on ${distro}`
      if (inventory.notInventoried.length > 0) {
        // Some packages could not be listed: the inventory is partial, so it is never green.
        return {
          status: 'warn',
          message: `${summary}; not read: ${inventory.notInventoried.join('; ')}`,
          evidence,
        }
      }
      return { status: 'pass', message: summary, evidence }
    }),
  )
  for (const check of evaluatePolicy(options.policy, {
    image,
    packages,
    ...(options.tag ? { tag: options.tag } : {}),
    ...(options.version ? { version: options.version } : {}),
    now: options.now,
    secret: (v) => ctx.secrets.add(v),
  })) {
    suite.add({ id: `policy:${check.rule}:${p}`, title: check.title, ...check.outcome })
  }
  return { platform: p, packages }
}
