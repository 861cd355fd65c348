import { findCommand } from '../commands.ts'

export interface DemoParts {
  schemaFile: string
  publicKeyFile: string
  imageFile: string
  osvDir: string
  serviceUrl: string
}

/**
 * The demo's postflight.yml, paths relative to the demo folder. The scan and health sections are
 * written only when this CLI has those suites, so the demo grows with the suites it can show.
 */
export function demoConfig(parts: DemoParts): string {
  const lines = [
    `# yaml-language-server: $schema=${parts.schemaFile}`,
    '# Written by `pnpm demo`: the whole pipeline for the sample release, run by `postflight run`.',
    'defaults:',
    '  directory: release',
    '  tag: v1.4.0',
    'verify-artifacts:',
    `  public-key: ${parts.publicKeyFile}`,
    '  expected-assets:',
    '    - demo-app-{version}-linux-x64.tar.gz',
    '    - demo-app-{version}-darwin-arm64.tar.gz',
    '    - demo-app-{version}-win32-x64.zip',
    'platform-smoke:',
    '  commands: |',
    '    - name: prints-version',
    '      run: demo-app --version',
    '      expect-output: demo-app 1\\.4\\.0',
  ]
  if (findCommand('scan'))
    lines.push('container-scan:', `  archive: ${parts.imageFile}`, `  osv-db: ${parts.osvDir}`)
  if (findCommand('deploy') || findCommand('health'))
    lines.push('deploy-healthcheck:', '  endpoints:', `    - ${parts.serviceUrl}/healthz`)
  return `${lines.join('\n')}\n`
}
