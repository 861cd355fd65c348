import { describe, expect, it } from 'vitest'
import { maskInspect, maskUrlPassword } from '../cleanup/save-evidence.ts'

describe('#maskInspect', () => {
  it('masks secret-looking names and passwords inside URLs, in the environment and the command', () => {
    const [masked] = maskInspect([
      {
        Args: ['--db', 'postgres://app:s3cretpw@127.0.0.1:5432/app'],
        Config: {
          Env: ['API_TOKEN=abc123', 'DATABASE_URL=postgres://app:s3cretpw@db/app', 'PORT=8080'],
          Cmd: ['serve', 'redis://:redispw@127.0.0.1:6379'],
          Entrypoint: ['/bin/app'],
        },
      },
    ]) as Array<{ Args: string[]; Config: { Env: string[]; Cmd: string[]; Entrypoint: string[] } }>
    const text = JSON.stringify(masked)
    expect(text).not.toContain('s3cretpw')
    expect(text).not.toContain('redispw')
    expect(text).not.toContain('abc123')
    expect(masked?.Config.Env).toEqual([
      'API_TOKEN=***',
      'DATABASE_URL=postgres://app:***@db/app',
      'PORT=8080',
    ])
    expect(masked?.Config.Cmd).toEqual(['serve', 'redis://:***@127.0.0.1:6379'])
    expect(masked?.Args[1]).toBe('postgres://app:***@127.0.0.1:5432/app')
    expect(masked?.Config.Entrypoint).toEqual(['/bin/app'])
  })

  it('leaves URLs without a password alone', () => {
    expect(maskUrlPassword('http://127.0.0.1:8080/healthz')).toBe('http://127.0.0.1:8080/healthz')
    expect(maskUrlPassword('https://user@host/x')).toBe('https://user@host/x')
  })
})
