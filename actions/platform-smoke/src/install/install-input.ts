import { z } from 'zod'
import { yamlListPreprocess } from '../yaml-list.ts'

export const INSTALL_METHODS = ['npm', 'pip', 'script', 'deb'] as const
export type InstallMethodName = (typeof INSTALL_METHODS)[number]

const KEYS = ['method', 'package', 'bin', 'script', 'args']

/**
 * One install method to try (each its own check, `install:<method>:<platform>`):
 * - `npm`: `package` (default `<bin>@<version>`, or a path to an `npm pack` tarball) into a temp prefix;
 * - `pip`: `package` (default `<bin>==<version>`, or a wheel/sdist path) into a temp venv;
 * - `script`: `script` (default install.sh, install.ps1 on Windows) run with the POSTFLIGHT_* values;
 * - `deb`: the release's .deb for the platform, `dpkg -i` (root only), removed afterwards.
 * `bin` is the installed command (default: the `binary`), `args` extra arguments to the installer.
 */
export const InstallMethod = z
  .object({
    method: z.enum(INSTALL_METHODS),
    package: z.string().min(1).optional(),
    bin: z.string().min(1).optional(),
    script: z.string().min(1).optional(),
    args: z.array(z.coerce.string()).optional(),
  })
  .loose()
  .superRefine((m, ctx) => {
    for (const key of Object.keys(m))
      if (!KEYS.includes(key))
        ctx.addIssue({
          code: 'custom',
          message: `unknown key '${key}' in an install method (expected ${KEYS.join(', ')})`,
          path: [key],
        })
    if (m.script !== undefined && m.method !== 'script')
      ctx.addIssue({
        code: 'custom',
        message: `'script' is for method script, not ${m.method}`,
        path: ['script'],
      })
    if (m.package !== undefined && (m.method === 'script' || m.method === 'deb'))
      ctx.addIssue({
        code: 'custom',
        message: `'package' is for npm and pip, not ${m.method}`,
        path: ['package'],
      })
  })

export type InstallMethod = z.output<typeof InstallMethod>

/**
 * Reads the `install` input: YAML, a list of methods, each a mapping (`{ method: npm, package: … }`)
 * or a bare method name (`- deb`); a single line `npm` or several lines of names work too. Each
 * method at most once: it names its check.
 */
export const installInput = z.preprocess(
  // `npm` alone, or "npm\npip" read as one string: method names.
  yamlListPreprocess(
    (text) => text.split(/\s+/).map((method) => ({ method })),
    (method) => ({ method }),
  ),
  z.array(InstallMethod).superRefine((methods, ctx) => {
    const seen = new Set<string>()
    for (const [i, m] of methods.entries()) {
      if (seen.has(m.method))
        ctx.addIssue({ code: 'custom', message: `method ${m.method} given twice`, path: [i, 'method'] })
      seen.add(m.method)
    }
  }),
)
