import { runProcess } from '@postflight/core'

/** Whether the engine runs rootless (container root is not host root); null when it cannot be told. */
export async function isRootless(cli: 'docker' | 'podman'): Promise<boolean | null> {
  const format = cli === 'docker' ? '{{json .SecurityOptions}}' : '{{.Host.Security.Rootless}}'
  try {
    const r = await runProcess(cli, ['info', '--format', format], { timeoutMs: 15_000 })
    if (r.exitCode !== 0) return null
    return cli === 'docker' ? r.stdout.includes('name=rootless') : r.stdout.trim() === 'true'
  } catch {
    return null
  }
}
