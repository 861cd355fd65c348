// A stand-in for the Actions cache for the history's unit tests, kept in a folder.
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CacheService } from '../history/cache.ts'

/**
 * A cache with the semantics the history relies on, kept in a folder: entries are immutable, a
 * restore tries the exact key then the newest entry whose key starts with a restore key.
 */
export function folderCache(store: string, available = true) {
  const calls: string[] = []
  let saved = 0
  const service: CacheService = {
    isFeatureAvailable: () => available,
    async restoreCache(paths, key, restoreKeys = []) {
      calls.push(`restore ${key} ${restoreKeys.join(' ')}`)
      const entries = (await readdir(store).catch(() => [])).map(decodeURIComponent)
      const byAge = await Promise.all(
        entries.map(async (e) => ({ e, t: (await stat(path.join(store, encodeURIComponent(e)))).mtimeMs })),
      )
      byAge.sort((a, b) => b.t - a.t)
      const hit =
        entries.find((e) => e === key) ?? byAge.find((x) => restoreKeys.some((p) => x.e.startsWith(p)))?.e
      if (!hit) return undefined
      const file = paths[0] as string
      await mkdir(path.dirname(file), { recursive: true })
      await copyFile(path.join(store, encodeURIComponent(hit)), file)
      return hit
    },
    async saveCache(paths, key) {
      calls.push(`save ${key}`)
      const entries: string[] = await readdir(store).catch(() => [])
      if (entries.includes(encodeURIComponent(key))) return -1
      await mkdir(store, { recursive: true })
      await copyFile(paths[0] as string, path.join(store, encodeURIComponent(key)))
      return ++saved
    },
  }
  return { service, calls, load: async () => service }
}
