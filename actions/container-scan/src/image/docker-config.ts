import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PostflightError } from '@postflight/core'
import { DOCKER_HUB } from './reference.ts'

export interface RegistryCredentials {
  username: string
  password: string
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>
}

/** The keys docker writes for a host: bare, with a scheme, and Docker Hub's legacy index URL. */
function keysFor(host: string): string[] {
  const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`]
  if (host === DOCKER_HUB) keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io')
  return keys
}

/**
 * The credentials `docker login` stored for `host` in config.json (`$DOCKER_CONFIG/config.json`, else
 * `~/.docker/config.json`): an `auths` entry with `auth` (base64 of user:password) or
 * `username`/`password`. Credential helpers (`credsStore`) are not run. No file, no entry: undefined.
 */
export async function dockerConfigCredentials(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryCredentials | undefined> {
  const dir = env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker')
  const file = path.join(dir, 'config.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return undefined
  }
  let config: DockerConfigFile
  try {
    config = JSON.parse(text) as DockerConfigFile
  } catch (err) {
    throw new PostflightError('BAD_CONFIG', `${file} is not JSON`, { cause: err, field: file })
  }
  const auths = config.auths ?? {}
  for (const key of keysFor(host)) {
    const entry = auths[key]
    if (!entry) continue
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
    }
    if (entry.username && entry.password !== undefined) {
      return { username: entry.username, password: entry.password }
    }
  }
  return undefined
}
