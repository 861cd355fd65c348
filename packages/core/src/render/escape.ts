/**
 * Escapes text from a release (asset names, command output) for a Markdown table cell or line that
 * GitHub renders as HTML: no tag, link or table syntax from a hostile name may take effect.
 */
export function escapeMarkdown(text: string, maxLength = 500): string {
  const trimmed = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text
  return trimmed
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('|', '&#124;')
    .replaceAll('`', '&#96;')
    .replaceAll('[', '&#91;')
    .replaceAll(']', '&#93;')
    .replaceAll('*', '&#42;')
    .replaceAll('_', '&#95;')
    .replace(/\r?\n/g, '<br>')
}
