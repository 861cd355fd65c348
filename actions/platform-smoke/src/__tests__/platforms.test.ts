// The parts that differ per OS, checked as decisions so they are proven on Linux too: Windows .exe
// lookup and PATH spelling, .cmd shims, PowerShell install scripts, CRLF output, macOS quarantine.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBinary } from '../find-binary.ts'
import { commandFor } from '../install/install-check.ts'
import { scriptCommand } from '../install/script-install.ts'
import { readQuarantine } from '../quarantine.ts'
import { outputEvidence, stepEnv } from '../run-step.ts'

let root: string
const files = ['tool-1.0/TOOL.EXE', 'tool-1.0/tool', 'tool-1.0/docs/tool.exe', 'tool-1.0/README.md']

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-platforms-'))
  for (const f of files) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true })
    await writeFile(path.join(root, f), 'x')
  }
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('#findBinary', () => {
  it('on Windows takes name.exe in any case, over a file without the extension at the same depth', async () => {
    expect(await findBinary(root, files, 'tool', 'win32')).toMatchObject({
      found: true,
      rel: 'tool-1.0/TOOL.EXE',
    })
  })

  it('elsewhere takes the exact name only', async () => {
    expect(await findBinary(root, files, 'tool', 'linux')).toMatchObject({
      found: true,
      rel: 'tool-1.0/tool',
    })
    expect(await findBinary(root, files, 'TOOL', 'darwin')).toMatchObject({ found: false })
  })
})

describe('#stepEnv', () => {
  it("puts the binary's folder first on Windows' Path without adding a second PATH", () => {
    const env = stepEnv(
      { Path: 'C:\\Windows', GITHUB_TOKEN: 't' },
      { bin: path.join('C:', 'app', 'app.exe'), platform: 'win32-x64' },
    )
    expect(Object.keys(env).filter((k) => k.toUpperCase() === 'PATH')).toEqual(['Path'])
    expect(env.Path?.endsWith(`${path.delimiter}C:\\Windows`)).toBe(true)
    expect(env.GITHUB_TOKEN).toBeUndefined()
  })
})

describe('#commandFor', () => {
  it("runs npm's .cmd shim through cmd.exe on Windows, and a binary directly", () => {
    const argv = ['{bin}', '--version']
    expect(commandFor('C:\\p\\app.cmd', argv, 'win32')).toEqual([
      'cmd.exe',
      '/d',
      '/c',
      'C:\\p\\app.cmd',
      '--version',
    ])
    expect(commandFor('C:\\v\\Scripts\\app.exe', argv, 'win32')).toEqual([
      'C:\\v\\Scripts\\app.exe',
      '--version',
    ])
    expect(commandFor('/p/bin/app', argv, 'linux')).toEqual(['/p/bin/app', '--version'])
  })
})

describe('#scriptCommand', () => {
  it.each([
    ['install.sh', false, ['sh', ['install.sh']]],
    [
      'install.ps1',
      true,
      [
        'powershell.exe',
        ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', 'install.ps1'],
      ],
    ],
    [
      'install.PS1',
      false,
      ['pwsh', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', 'install.PS1']],
    ],
  ])('runs %s (windows: %s) with its interpreter', (script, win, expected) => {
    expect(scriptCommand(script, win)).toEqual(expected)
  })
})

describe('#outputEvidence', () => {
  it('keeps CRLF output as plain lines', () => {
    const r = {
      exitCode: 0,
      signal: null,
      stdout: 'app 1.2.3\r\nok\r\n',
      stderr: 'warn\r\n',
      truncated: false,
      timedOut: false,
      durationMs: 5,
    }
    expect(outputEvidence(r)).toMatchObject({ stdout: 'app 1.2.3\nok\n', stderr: 'warn\n' })
  })
})

describe('#readQuarantine', () => {
  it.each([
    [0, '0083;65f0a1b2;Safari;\n', '', { present: true, value: '0083;65f0a1b2;Safari;' }],
    [1, '', 'xattr: /tmp/app: No such xattr: com.apple.quarantine\n', { present: false }],
    [
      1,
      '',
      'xattr: [Errno 13] Permission denied\n',
      { present: false, error: 'xattr exited 1: xattr: [Errno 13] Permission denied' },
    ],
    [null, '', '', { present: false, error: 'xattr exited null: ' }],
  ] as const)('reads exit %s', (code, stdout, stderr, expected) => {
    expect(readQuarantine(code, stdout, stderr)).toEqual(expected)
  })
})
