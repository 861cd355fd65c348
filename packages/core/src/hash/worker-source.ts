/*
 * Why the worker is a string: the actions are bundled by esbuild/ncc into one dist/index.js. A separate
 * worker file would need its own bundle entry and a path that survives bundling; `new Worker(new
 * URL(import.meta.url))` with an isMainThread branch would, once bundled, start the whole action (its
 * top-level run()) again in every worker. Source text evaluated with `eval: true` is plain data to any
 * bundler and runs the same from .ts sources, the bundle, and tests. The cost is that this code is not
 * type-checked, so it stays small, plain CommonJS (what an eval'd worker runs as), and fully tested.
 *
 * Protocol: the pool posts { id, path, algorithms } one job at a time; the worker answers with
 * { id, type: 'progress', bytes }, then { id, type: 'done', size, digests } or
 * { id, type: 'error', message, code }. One buffer of workerData.chunkSize bytes is reused for every read.
 */
export const HASH_WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { open } = require('node:fs/promises')

const buffer = Buffer.allocUnsafe(workerData.chunkSize)

async function hash(job) {
  const handle = await open(job.path, 'r')
  try {
    const hashes = job.algorithms.map((name) => createHash(name))
    let size = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      const chunk = buffer.subarray(0, bytesRead)
      for (const h of hashes) h.update(chunk)
      size += bytesRead
      parentPort.postMessage({ id: job.id, type: 'progress', bytes: bytesRead })
    }
    const digests = {}
    job.algorithms.forEach((name, i) => { digests[name] = hashes[i].digest('hex') })
    return { size, digests }
  } finally {
    await handle.close()
  }
}

parentPort.on('message', (job) => {
  hash(job).then(
    (result) => parentPort.postMessage({ id: job.id, type: 'done', size: result.size, digests: result.digests }),
    (err) => parentPort.postMessage({
      id: job.id,
      type: 'error',
      message: err && err.message ? err.message : String(err),
      code: err && err.code,
    }),
  )
})
`
