// Types for the two CommonJS SPDX packages, which ship none.
declare module 'spdx-satisfies' {
  /** True when the SPDX expression is satisfied by the approved licences (plain ids, `+` ranges, `WITH`). */
  export default function satisfies(expression: string, approved: string[]): boolean
}

declare module 'spdx-expression-parse' {
  export type SpdxNode =
    | { license: string; plus?: boolean; exception?: string }
    | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode }
  export default function parse(expression: string): SpdxNode
}
