import { type CheckOutcome, describeError } from '@postflight/core'
import { type ComposeProject, type Leftovers, PROJECT_LABEL } from '../compose/project.ts'

/** The commands that remove what `down` left behind, to print for a person to run. */
export function manualCommands(project: ComposeProject, left: Leftovers): string[] {
  const cli = project.cli.containers
  const out: string[] = []
  if (left.containers.length > 0) out.push(`${cli} rm -f -v ${left.containers.join(' ')}`)
  if (left.pods.length > 0) out.push(`${cli} pod rm -f ${left.pods.join(' ')}`)
  if (left.networks.length > 0) out.push(`${cli} network rm ${left.networks.join(' ')}`)
  if (left.volumes.length > 0) out.push(`${cli} volume rm -f ${left.volumes.join(' ')}`)
  return out
}

/**
 * `down -v --remove-orphans`, then proof: nothing labelled with the project is left (containers,
 * networks, volumes). Anything left fails the check with the exact commands that remove it. Runs
 * without the run's AbortSignal: a cancelled run must still clean up.
 */
export async function teardown(project: ComposeProject): Promise<CheckOutcome> {
  let downNote = ''
  try {
    const down = await project.down({ timeoutMs: 120_000 })
    if (down.exitCode !== 0) downNote = `down exited ${down.exitCode}: ${down.stderr.trim().slice(-300)}`
  } catch (err) {
    downNote = `down could not run: ${describeError(err)}`
  }
  let left: Leftovers
  try {
    left = await project.leftovers({ timeoutMs: 30_000 })
  } catch (err) {
    return {
      status: 'error',
      message: `could not verify the cleanup: ${describeError(err)}; check by hand: ${project.cli.containers} ps -a --filter label=${PROJECT_LABEL}=${project.name}`,
    }
  }
  const count = left.containers.length + left.networks.length + left.volumes.length + left.pods.length
  const evidence = { project: project.name, ...left, ...(downNote ? { down: downNote } : {}) }
  if (count === 0) {
    return {
      status: 'pass',
      message: `project ${project.name} removed: no container, network or volume labelled ${PROJECT_LABEL}=${project.name} is left`,
      evidence,
    }
  }
  const commands = manualCommands(project, left)
  return {
    status: 'fail',
    message: `project ${project.name} left ${count} resource${count === 1 ? '' : 's'} behind${downNote ? ` (${downNote})` : ''}; remove them with: ${commands.join(' && ')}`,
    evidence: { ...evidence, commands },
  }
}
