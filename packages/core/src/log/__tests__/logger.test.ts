import { describe, expect, it } from 'vitest'
import { createLogger, type LogRecord } from '../logger.ts'
import { SecretRegistry } from '../secrets.ts'

describe('#createLogger', () => {
  it('redacts registered secrets from messages, fields and group names', async () => {
    const secrets = new SecretRegistry()
    const records: LogRecord[] = []
    const groups: string[] = []
    const logger = createLogger({
      sink: (r) => records.push(r),
      secrets,
      onGroup: { start: (n) => groups.push(n), end: () => {} },
    })
    secrets.add('s3cr3t-value')
    await logger.group('using s3cr3t-value', async () => {
      logger.info('token=s3cr3t-value', { header: 'Bearer s3cr3t-value' })
    })
    expect(JSON.stringify(records)).not.toContain('s3cr3t-value')
    expect(records[0]).toMatchObject({
      message: 'token=***',
      fields: { header: 'Bearer ***' },
      group: 'using ***',
    })
    expect(groups).toEqual(['using ***'])
  })

  it('drops records below the level', () => {
    const records: LogRecord[] = []
    const logger = createLogger({
      sink: (r) => records.push(r),
      secrets: new SecretRegistry(),
      level: 'warn',
    })
    logger.info('quiet')
    logger.warn('loud')
    expect(records.map((r) => r.message)).toEqual(['loud'])
  })
})

describe('SecretRegistry', () => {
  it('redacts each line of a multi-line secret and ignores tiny values', () => {
    const secrets = new SecretRegistry()
    secrets.add('abc')
    secrets.add('-----BEGIN KEY-----\nAAAABBBBCCCCDDDD\n-----END KEY-----')
    expect(secrets.redact('abc AAAABBBBCCCCDDDD')).toBe('abc ***')
  })

  it('redacts a secret holding quotes and backslashes, and one equal to a key, without breaking the value', () => {
    const secrets = new SecretRegistry()
    secrets.add('pa"ss\\word9')
    secrets.add('status')
    const value = secrets.redactDeep({ status: 'pass', note: 'used pa"ss\\word9 here', list: ['status ok'] })
    expect(value).toEqual({ status: 'pass', note: 'used *** here', list: ['*** ok'] })
  })

  it('forwards every secret to a listener, including earlier ones', () => {
    const secrets = new SecretRegistry()
    secrets.add('first-secret')
    const seen: string[] = []
    secrets.onAdd((v) => seen.push(v))
    secrets.add('second-secret')
    expect(seen).toEqual(['first-secret', 'second-secret'])
  })
})
