import type { ImageConfig } from '../image/types.ts'

/** One secret found: where and by which rule. The value itself is never part of it. */
export interface SecretHit {
  where: 'env' | 'label' | 'history'
  /** The variable or label name, or `history[3]`. */
  key: string
  rule: string
}

const PATTERNS: Array<{ rule: string; re: RegExp }> = [
  { rule: 'aws-access-key-id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { rule: 'github-token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { rule: 'github-fine-grained-token', re: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { rule: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { rule: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { rule: 'stripe-secret-key', re: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { rule: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
]

// The secret word ends the name (DB_PASSWORD, GITHUB_TOKEN, API_KEY): AUTH_TIMEOUT or TOKEN_TTL are settings.
const SECRET_NAME =
  /(?:^|_)(?:SECRET|SECRET_KEY(?:_BASE)?|TOKEN|PASSWORD|PASSWD|PASS|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)$/i
/** Values a secret-named variable may hold that are not secrets: empty, placeholders, file paths, references. */
const NOT_A_VALUE = /^(?:|changeme|none|null|false|true|\d{1,6}|\/.*|\$\{?[A-Za-z_].*|<.*>|\*+)$/i

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }
  return h
}

/**
 * Random-looking tokens: 24+ characters of base64 or URL-safe alphabet mixing upper case, lower
 * case and digits, above 4.3 bits per character. Hex (digests in history lines) tops out at 4 bits
 * and is not flagged; ordinary words and paths stay well below.
 */
function highEntropyToken(text: string): boolean {
  for (const token of text.match(/[A-Za-z0-9+/_=-]{24,}/g) ?? []) {
    if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) continue
    if (entropy(token) > 4.3) return true
  }
  return false
}

function scan(text: string): string | undefined {
  for (const { rule, re } of PATTERNS) if (re.test(text)) return rule
  return highEntropyToken(text) ? 'high-entropy-string' : undefined
}

/**
 * Looks for secrets in the image config: environment variables, labels and the build history's
 * commands (where `ARG`/`ENV` values of a build end up). For every hit the value is handed to
 * `secret` (so it is redacted from anything printed later) and only its place and rule are returned.
 */
export function findSecrets(config: ImageConfig, secret: (value: string) => void): SecretHit[] {
  const hits: SecretHit[] = []
  for (const entry of config.config?.Env ?? []) {
    const eq = entry.indexOf('=')
    const key = eq === -1 ? entry : entry.slice(0, eq)
    const value = eq === -1 ? '' : entry.slice(eq + 1)
    let rule = scan(value)
    if (!rule && SECRET_NAME.test(key) && !NOT_A_VALUE.test(value.trim())) rule = 'secret-named-variable'
    if (rule) {
      secret(value)
      hits.push({ where: 'env', key, rule })
    }
  }
  for (const [key, value] of Object.entries(config.config?.Labels ?? {})) {
    const rule = scan(value)
    if (rule) {
      secret(value)
      hits.push({ where: 'label', key, rule })
    }
  }
  for (const [i, h] of (config.history ?? []).entries()) {
    const rule = h.created_by ? scan(h.created_by) : undefined
    if (rule && h.created_by) {
      for (const { re } of PATTERNS) {
        const m = re.exec(h.created_by)
        if (m) secret(m[0])
      }
      hits.push({ where: 'history', key: `history[${i}]`, rule })
    }
  }
  return hits
}
