import { describe, expect, it } from 'vitest'
import { isSecretName } from '../secret-names.ts'

describe('isSecretName', () => {
  it.each([
    'GITHUB_TOKEN',
    'DB_PASSWORD',
    'MYSQL_ROOT_PASSWD',
    'API_KEY',
    'apikey',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'GPG_PRIVATE_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'BASIC_AUTH',
  ])('%s is a secret name', (name) => expect(isSecretName(name)).toBe(true))

  it.each(['PATH', 'HOME', 'DATABASE_URL', 'PORT', 'NODE_ENV', 'LOG_LEVEL'])('%s is not', (name) =>
    expect(isSecretName(name)).toBe(false),
  )
})
