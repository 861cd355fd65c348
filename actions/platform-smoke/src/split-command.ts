import { PostflightError } from '@postflight/core'

/**
 * Splits a command line into arguments the way a POSIX shell would quote them — spaces separate,
 * '…' and "…" group, a backslash escapes outside single quotes — and nothing else: no variables,
 * globs or pipes, because the result is run without a shell. `{bin}` in any argument becomes
 * `bin`, after splitting, so a path with spaces stays one argument.
 */
export function splitCommand(line: string, bin: string, field: string): string[] {
  const args: string[] = []
  let current = ''
  let started = false
  let quote: "'" | '"' | undefined
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    if (quote === "'") {
      if (ch === "'") quote = undefined
      else current += ch
    } else if (
      ch === '\\' &&
      i + 1 < line.length &&
      (quote === undefined || /["\\$`]/.test(line[i + 1] ?? ''))
    ) {
      current += line[++i]
      started = true
    } else if (quote === '"') {
      if (ch === '"') quote = undefined
      else current += ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      started = true
    } else if (/\s/.test(ch)) {
      if (started) args.push(current)
      current = ''
      started = false
    } else {
      current += ch
      started = true
    }
  }
  if (quote)
    throw new PostflightError('BAD_INPUT', `input '${field}': unclosed ${quote} in ${JSON.stringify(line)}`, {
      field,
    })
  if (started) args.push(current)
  if (args.length === 0)
    throw new PostflightError('BAD_INPUT', `input '${field}': no command given`, { field })
  return args.map((a) => a.replaceAll('{bin}', bin))
}
