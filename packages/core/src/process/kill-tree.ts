import { spawn } from 'node:child_process'

/**
 * Signals a process and everything it started. POSIX: the child was spawned detached, so it leads its
 * own process group and `kill(-pid)` reaches grandchildren too. Windows has no process groups to
 * signal and no graceful signal a console program honours, so `taskkill /T /F` ends the tree at once.
 */
export function signalTree(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (process.platform === 'win32') {
    const taskkill = spawn('taskkill', ['/T', '/F', '/PID', String(pid)], {
      stdio: 'ignore',
      windowsHide: true,
    })
    taskkill.on('error', () => {
      // taskkill missing: at least end the direct child.
      tryKill(pid, 'SIGKILL')
    })
    return
  }
  if (!tryKill(-pid, signal)) tryKill(pid, signal)
}

// False when there was nothing to signal (ESRCH) or no right to; either way the caller cannot do more.
function tryKill(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal)
    return true
  } catch {
    return false
  }
}

/** Whether anything of the tree led by `pid` is still there. Windows cannot tell cheaply, so it says yes. */
export function treeAlive(pid: number): boolean {
  if (process.platform === 'win32') return true
  try {
    process.kill(-pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
