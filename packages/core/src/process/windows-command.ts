import { PostflightError } from '../errors.ts'

/**
 * Refuses Windows batch files. Without a shell Node cannot start them (CVE-2024-27980 made spawn fail
 * with EINVAL), and with one cmd.exe re-parses every argument, so none could be passed literally. A bare
 * name (`npm`) is looked up as .com/.exe only, so it never silently becomes `npm.cmd` either.
 */
export function assertRunnable(command: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(command.trim())) {
    throw new PostflightError(
      'PROCESS',
      `Refusing to run the batch file "${command}": its arguments would be re-parsed by cmd.exe. ` +
        'Run the program it wraps directly (for example `node path/to/cli.js`), or declare it as a shell command.',
      { field: command },
    )
  }
}
