import { durationSchema } from '@postflight/core'
import { z } from 'zod'
import { yamlListPreprocess } from './yaml-list.ts'

const COMMAND_KEYS = ['name', 'run', 'expect-exit', 'expect-output', 'timeout', 'env']

/** One user-declared smoke command; `run` is the only text Postflight ever hands to a shell. */
export const SmokeCommand = z
  .object({
    name: z
      .string()
      .regex(
        /^(?!\d+$)[\w.-]+$/,
        'letters, digits, _ . - and not only digits (it becomes part of a check id)',
      )
      .optional(),
    run: z.string().min(1),
    'expect-exit': z.coerce.number().int().min(0).max(255).default(0),
    'expect-output': z
      .string()
      .min(1)
      .refine(isRegExp, 'expected a JavaScript regular expression')
      .optional(),
    timeout: durationSchema.refine((ms) => ms >= 1, 'expected a duration of at least 1ms').optional(),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  })
  // Not .strict(): core reports unrecognized keys as unknown top-level inputs; this names the command's key.
  .loose()
  .superRefine((cmd, ctx) => {
    for (const key of Object.keys(cmd)) {
      if (!COMMAND_KEYS.includes(key))
        ctx.addIssue({
          code: 'custom',
          message: `unknown key '${key}' in a command (expected ${COMMAND_KEYS.join(', ')})`,
          path: [key],
        })
    }
  })

export type SmokeCommand = z.output<typeof SmokeCommand>

function isRegExp(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

/**
 * Reads the `commands` input: YAML text (a list, one mapping, or a bare command line), or several
 * such texts from a repeated CLI flag. A YAML error is a zod issue, so it names the input.
 */
export const commandsInput = z.preprocess(
  // A bare line (`app --help`) is a command of its own; YAML reads it as a string.
  yamlListPreprocess(
    (run) => [{ run }],
    (run) => ({ run }),
  ),
  z.array(SmokeCommand).superRefine((commands, ctx) => {
    const seen = new Set<string>()
    for (const [i, c] of commands.entries()) {
      if (c.name === undefined) continue
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', message: `duplicate name ${c.name}`, path: [i] })
      seen.add(c.name)
    }
  }),
)
