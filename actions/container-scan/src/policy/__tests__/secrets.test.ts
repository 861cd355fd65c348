import { describe, expect, it } from 'vitest'
import type { ImageConfig } from '../../image/types.ts'
import { entropy, findSecrets } from '../secrets.ts'

// Made-up values in the shapes each rule looks for (none is a real credential).
const AWS = 'AKIAQWERTYUIOPASDFGH'
const GHP = `ghp_${'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY1zA2'}`
const PAT = `github_pat_11ABCDEFG0${'a1B2c3D4e5'.repeat(6)}`
const SLACK = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx'
const RANDOM = 'q8Zr4Lp2Xv9Tk3Wm7Nb5Jc1Hd6Fg0Sa'
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'

function config(env: string[], labels: Record<string, string> = {}, history: string[] = []): ImageConfig {
  return { config: { Env: env, Labels: labels }, history: history.map((created_by) => ({ created_by })) }
}

describe('findSecrets', () => {
  it.each([
    ['aws-access-key-id', `AWS_ACCESS=${AWS}`],
    ['github-token', `GH=${GHP}`],
    ['github-fine-grained-token', `TOKEN_X=${PAT}`],
    ['slack-token', `HOOK=${SLACK}`],
    ['private-key', `DEPLOY=${KEY}`],
    ['high-entropy-string', `SOMETHING=${RANDOM}`],
    ['secret-named-variable', 'DB_PASSWORD=hunter2'],
    ['secret-named-variable', 'SECRET_KEY_BASE=not-so-random-value'],
  ])('finds %s in an environment variable, naming the variable, never the value', (rule, entry) => {
    const secrets: string[] = []
    const hits = findSecrets(config([entry]), (v) => secrets.push(v))
    const [key, ...rest] = entry.split('=')
    const value = rest.join('=')
    expect(hits).toEqual([{ where: 'env', key, rule }])
    expect(JSON.stringify(hits)).not.toContain(value)
    // The value is registered for redaction, so no later log can print it either.
    expect(secrets).toEqual([value])
  })

  it('finds secrets in labels and build history, registering the matched token', () => {
    const secrets: string[] = []
    const hits = findSecrets(
      config([], { 'com.acme.deploy-key': AWS }, [
        '/bin/sh -c echo hi',
        `/bin/sh -c curl -H "Authorization: token ${GHP}" x`,
      ]),
      (v) => secrets.push(v),
    )
    expect(hits).toEqual([
      { where: 'label', key: 'com.acme.deploy-key', rule: 'aws-access-key-id' },
      { where: 'history', key: 'history[1]', rule: 'github-token' },
    ])
    expect(JSON.stringify(hits)).not.toMatch(/AKIA|ghp_/)
    expect(secrets).toEqual([AWS, GHP])
  })

  it.each([
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'NODE_VERSION=20.11.1',
    'PASSWORD_FILE=/run/secrets/db',
    'API_KEY=$API_KEY',
    'DB_PASSWORD=',
    'TOKEN=changeme',
    `IMAGE_DIGEST=sha256:${'0123456789abcdef'.repeat(4)}`,
    'GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
    'LANG=C.UTF-8',
    'AUTH_TIMEOUT=30',
    'TOKEN_TTL=3600s',
    'PASSWORD_MIN_LENGTH=12',
  ])('does not flag %s', (entry) => {
    expect(findSecrets(config([entry]), () => {})).toEqual([])
  })

  it('does not flag the digests in ordinary history lines', () => {
    const history = [
      `ADD file:${'9f3c1a2b4d5e6f70'.repeat(4)} in / `,
      'CMD ["bash"]',
      'RUN apt-get update && apt-get install -y curl',
    ]
    expect(findSecrets(config([], {}, history), () => {})).toEqual([])
  })

  it('measures entropy in bits per character', () => {
    expect(entropy('aaaa')).toBe(0)
    expect(entropy('abcd')).toBe(2)
  })
})
