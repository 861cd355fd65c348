// Which Docker compose the deploy scenarios run with: POSTFLIGHT_TEST_COMPOSE_ENGINE=docker-compose
// (v1, Debian's, what this machine has) or compose-v2 (the docker CLI plugin GitHub's runners have).
// Unset: compose-v2 when `docker compose version` answers, else docker-compose. The podman-compose
// scenarios have their own file (test/deploy-podman.itg.test.ts): podman-compose 1.0.3 cannot run the
// host-network services these use.
import { spawnSync } from 'node:child_process'

export type TestComposeEngine = 'docker-compose' | 'compose-v2'

export interface ComposeUnderTest {
  engine: TestComposeEngine
  /** The value of deploy-healthcheck's `engine` input that selects it. */
  input: 'docker-compose' | 'docker'
  /** `compose <args>` for a test's own setup and cleanup. */
  run: (args: string[]) => ReturnType<typeof spawnSync>
}

function pick(): TestComposeEngine {
  const asked = process.env.POSTFLIGHT_TEST_COMPOSE_ENGINE
  if (asked === 'docker-compose' || asked === 'compose-v2') return asked
  if (asked)
    throw new Error(
      `POSTFLIGHT_TEST_COMPOSE_ENGINE=${asked}: use docker-compose or compose-v2 (podman-compose runs in test/deploy-podman.itg.test.ts)`,
    )
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0
    ? 'compose-v2'
    : 'docker-compose'
}

export function composeUnderTest(): ComposeUnderTest {
  const engine = pick()
  const [command, ...prefix] = engine === 'compose-v2' ? ['docker', 'compose'] : ['docker-compose']
  return {
    engine,
    input: engine === 'compose-v2' ? 'docker' : 'docker-compose',
    run: (args) => spawnSync(command as string, [...prefix, ...args], { encoding: 'utf8', timeout: 120_000 }),
  }
}

/**
 * Removes whatever the container engine still has of a compose project, by its label (and, on podman,
 * the pod_<project> newer podman-compose makes): a test's own cleanup, whatever it asserted.
 */
export function removeProject(cli: 'docker' | 'podman', project: string): void {
  const filter = `label=com.docker.compose.project=${project}`
  const ids = (args: string[]): string[] =>
    spawnSync(cli, [...args, '--filter', filter], { encoding: 'utf8', timeout: 60_000 })
      .stdout.split('\n')
      .filter(Boolean)
  const containers = ids(['ps', '-a', '-q'])
  // podman's rm -f would first wait out each stop timeout; docker's kills at once and has no -t.
  const now = cli === 'podman' ? ['-t', '0'] : []
  if (containers.length > 0) spawnSync(cli, ['rm', '-f', '-v', ...now, ...containers], { timeout: 120_000 })
  const networks = ids(['network', 'ls', '-q'])
  if (networks.length > 0) spawnSync(cli, ['network', 'rm', ...networks], { timeout: 60_000 })
  const volumes = ids(['volume', 'ls', '-q'])
  if (volumes.length > 0) spawnSync(cli, ['volume', 'rm', '-f', ...volumes], { timeout: 60_000 })
  if (cli === 'podman')
    spawnSync('podman', ['pod', 'rm', '-f', '--ignore', `pod_${project}`], { timeout: 60_000 })
}

/** removeProject on Docker. */
export const removeDockerProject = (project: string): void => removeProject('docker', project)
