import { describe, expect, test } from 'vitest'
import { isPostflightError } from '../../errors.ts'
import { assertRunnable } from '../windows-command.ts'

describe('#assertRunnable', () => {
  describe('when a batch file would run on Windows', () => {
    test.each(['tool.cmd', 'C:\\bin\\TOOL.BAT', 'npm.Cmd '])('refuses %j with PROCESS', (command) => {
      let thrown: unknown
      try {
        assertRunnable(command, 'win32')
      } catch (err) {
        thrown = err
      }
      expect(isPostflightError(thrown, 'PROCESS')).toBe(true)
      expect((thrown as Error).message).toContain(command)
    })
  })

  describe('when the command is a program', () => {
    test.each([
      ['win32', 'tool.exe'],
      ['win32', 'npm'],
      ['linux', 'tool.cmd'],
      ['darwin', 'run.bat'],
    ] as const)('on %s accepts %j', (platform, command) => {
      expect(() => assertRunnable(command, platform)).not.toThrow()
    })
  })
})
