// The response framing checks of the socket transport: where http-parser-js is lenient, a download
// must not be (a body two readers could frame differently, or a line it would buffer without limit).

/** The longest chunk size line or trailer line, and the most trailer fields, a response may send. */
const MAX_FRAMING_LINE = 4 * 1024
const MAX_TRAILERS = 64
/** A chunk size as RFC 9112 7.1 writes it: hex digits (13 of them stay a safe integer), then extensions. */
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;.*)?$/
const DIGITS = /^\d{1,15}$/

/**
 * The parts of http-parser-js's parser this module reaches into. Its BODY_CHUNKHEAD reads a chunk size
 * with parseInt (junk after digits ignored, no digits read as the last chunk: a truncated body that
 * ends cleanly), and it buffers a chunk size or trailer line without limit: the strict replacement
 * below and the checks in `checkFraming` close both.
 */
export interface ParserInternals {
  state: string
  line: string
  trailers: string[]
  body_bytes: number | null
  consumeLine(): string | undefined
  BODY_CHUNKHEAD(this: ParserInternals): void
}

export function strictChunkHead(this: ParserInternals): void {
  const line = this.consumeLine()
  if (line === undefined) return
  const match = CHUNK_SIZE_LINE.exec(line)
  if (!match) throw new Error(`a bad chunk size line '${line.slice(0, 40)}'`)
  this.body_bytes = Number.parseInt(match[1] as string, 16)
  this.state = this.body_bytes === 0 ? 'BODY_CHUNKTRAILERS' : 'BODY_CHUNK'
}

/** An error when the chunked framing has grown past its limits (checked after every read: no allocation). */
export function checkFraming(parser: ParserInternals): Error | undefined {
  if (parser.state.startsWith('BODY_CHUNK') && parser.line.length > MAX_FRAMING_LINE) {
    return new Error(`a chunk framing line longer than ${MAX_FRAMING_LINE} bytes`)
  }
  if (parser.trailers.length > 2 * MAX_TRAILERS) return new Error(`more than ${MAX_TRAILERS} trailer fields`)
  return undefined
}

/**
 * Refuses framing that two readers could read differently (RFC 9112 6.1, 6.3): a Transfer-Encoding
 * other than chunked (its coding would land in the file), Transfer-Encoding with Content-Length (which
 * http-parser-js settles silently for chunked), and a Content-Length that is not one decimal number
 * (http-parser-js reads it with unary plus: '' is 0, '1e3' is 1000, 'abc' is NaN).
 */
export function checkHeaders(raw: string[]): string | undefined {
  let encoding: string | undefined
  let length: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase()
    const value = (raw[i + 1] as string).trim()
    if (name === 'transfer-encoding') encoding = encoding === undefined ? value : `${encoding}, ${value}`
    else if (name === 'content-length') {
      if (!DIGITS.test(value)) return `a Content-Length '${value.slice(0, 40)}' that is not a number`
      length = value
    }
  }
  if (encoding === undefined) return undefined
  if (encoding.toLowerCase() !== 'chunked') return `Transfer-Encoding '${encoding}' (only chunked is read)`
  if (length !== undefined) return 'both Transfer-Encoding and Content-Length (ambiguous framing)'
  return undefined
}
