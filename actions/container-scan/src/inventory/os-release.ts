/** The distribution an image is built on, from /etc/os-release. */
export interface Distro {
  /** `debian`, `ubuntu`, `alpine`, `rhel`, `rocky`, `almalinux`… (ID=). */
  id: string
  /** `12`, `22.04`, `3.19.1` (VERSION_ID=). */
  versionId?: string
  prettyName?: string
  /** `bookworm`, `jammy` (VERSION_CODENAME=). */
  codename?: string
}

/** Parses os-release's shell-like KEY=value lines (freedesktop os-release(5)); quotes removed. */
export function parseOsRelease(text: string): Distro | undefined {
  const values: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim())
    if (!m?.[1]) continue
    let value = (m[2] ?? '').trim()
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1).replace(/\\(["'$`\\])/g, '$1')
    values[m[1]] = value
  }
  if (!values.ID) return undefined
  return {
    id: values.ID.toLowerCase(),
    ...(values.VERSION_ID ? { versionId: values.VERSION_ID } : {}),
    ...(values.PRETTY_NAME ? { prettyName: values.PRETTY_NAME } : {}),
    ...(values.VERSION_CODENAME ? { codename: values.VERSION_CODENAME } : {}),
  }
}

/** The release OSV names: Debian `12`, Ubuntu `22.04`, Alpine `v3.19`. */
export function distroRelease(distro: Distro | undefined): string | undefined {
  if (!distro?.versionId) return undefined
  if (distro.id === 'alpine') return `v${distro.versionId.split('.').slice(0, 2).join('.')}`
  if (distro.id === 'debian') return distro.versionId.split('.')[0]
  return distro.versionId
}
