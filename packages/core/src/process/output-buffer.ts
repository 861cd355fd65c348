import { StringDecoder } from 'node:string_decoder'

// A cut inside a line could leave half a secret that redaction no longer recognises, so cuts move to a
// line boundary when one is this close.
const LINE_WINDOW = 4096

/**
 * Collects one output stream within a byte limit, keeping the first and the last half: the start says
 * what ran, the end says how it failed. Memory stays near `limit` whatever the process prints.
 */
export class OutputBuffer {
  readonly #headLimit: number
  readonly #tailLimit: number
  readonly #head: Buffer[] = []
  #headBytes = 0
  readonly #tail: Buffer[] = []
  #tailBytes = 0
  #total = 0

  constructor(limit: number) {
    this.#headLimit = Math.ceil(limit / 2)
    this.#tailLimit = limit - this.#headLimit
  }

  get totalBytes(): number {
    return this.#total
  }

  get truncated(): boolean {
    return this.#total > this.#headLimit + this.#tailLimit
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length
    let rest = chunk
    if (this.#headBytes < this.#headLimit) {
      const take = Math.min(rest.length, this.#headLimit - this.#headBytes)
      this.#head.push(rest.subarray(0, take))
      this.#headBytes += take
      rest = rest.subarray(take)
    }
    if (rest.length === 0 || this.#tailLimit === 0) return
    this.#tail.push(rest)
    this.#tailBytes += rest.length
    // Drop whole chunks only while what remains still covers the tail.
    while (this.#tail.length > 1 && this.#tailBytes - (this.#tail[0]?.length ?? 0) >= this.#tailLimit) {
      this.#tailBytes -= this.#tail.shift()?.length ?? 0
    }
  }

  text(): string {
    const head = Buffer.concat(this.#head)
    const tailAll = Buffer.concat(this.#tail)
    if (!this.truncated) return Buffer.concat([head, tailAll]).toString('utf8')
    const headText = new StringDecoder('utf8').write(head.subarray(0, headCut(head)))
    const tail = tailAll.subarray(tailAll.length - this.#tailLimit)
    const tailBytes = tail.subarray(tailCut(tail))
    const omitted = this.#total - Buffer.byteLength(headText) - tailBytes.length
    return `${headText}\n[... ${omitted} bytes truncated ...]\n${tailBytes.toString('utf8')}`
  }
}

function headCut(head: Buffer): number {
  const newline = head.lastIndexOf(0x0a)
  return newline >= 0 && head.length - newline <= LINE_WINDOW ? newline + 1 : head.length
}

function tailCut(tail: Buffer): number {
  const newline = tail.indexOf(0x0a)
  if (newline >= 0 && newline < LINE_WINDOW) return newline + 1
  // Skip UTF-8 continuation bytes so the text starts on a whole character.
  let start = 0
  while (start < tail.length && start < 4 && ((tail[start] ?? 0) & 0xc0) === 0x80) start++
  return start
}
