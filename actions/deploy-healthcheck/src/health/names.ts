import type { HealthCheckSpec } from './spec.ts'

/** What a check is called when it has no name: its service, else where it points. */
export function defaultName(check: HealthCheckSpec): string {
  if (check.service !== undefined) return check.service
  switch (check.kind) {
    case 'http': {
      const url = new URL(check.url)
      return `${url.host}${url.pathname === '/' ? '' : url.pathname}`
    }
    case 'tcp':
      return `tcp:${check.host}:${check.port}`
    case 'postgres':
      return `postgres:${check.url === undefined ? `${check.host}:${check.port ?? 5432}` : new URL(check.url).host}`
    case 'redis':
      return `redis:${new URL(check.url).host}`
    case 'command':
      return check.container === undefined ? 'command' : `${check.container}:command`
    case 'container':
      return check.service
  }
}

/** Gives every check a name, unique in the list (`api`, `api-2`, …), keeping the names given. */
export function nameChecks<T extends HealthCheckSpec>(checks: T[]): T[] {
  const taken = new Set(checks.flatMap((c) => (c.name === undefined ? [] : [c.name])))
  return checks.map((check) => {
    if (check.name !== undefined) return check
    const base = defaultName(check)
    let name = base
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`
    taken.add(name)
    return { ...check, name }
  })
}
