import type { SecretRegistry } from './secrets.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LogRecord {
  level: LogLevel
  message: string
  time: string
  group?: string
  fields?: Record<string, unknown>
}

/** Where log records go: the console, @actions/core, or a test's array. Receives text already redacted. */
export type LogSink = (record: LogRecord) => void

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  /** Runs `fn` inside a named, collapsible group (a `core.group` on Actions). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export interface LoggerOptions {
  sink: LogSink
  secrets: SecretRegistry
  level?: LogLevel
  /** Called around groups; the Actions adapter maps these to ::group:: markers. */
  onGroup?: { start(name: string): void; end(): void }
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/** A logger that redacts every registered secret from messages and fields before they reach the sink. */
export function createLogger(options: LoggerOptions): Logger {
  const min = ORDER[options.level ?? 'info']
  let currentGroup: string | undefined
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return
    const record: LogRecord = {
      level,
      message: options.secrets.redact(message),
      time: new Date().toISOString(),
    }
    if (currentGroup) record.group = currentGroup
    if (fields) record.fields = options.secrets.redactDeep(fields)
    options.sink(record)
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    async group(name, fn) {
      const previous = currentGroup
      currentGroup = options.secrets.redact(name)
      options.onGroup?.start(currentGroup)
      try {
        return await fn()
      } finally {
        options.onGroup?.end()
        currentGroup = previous
      }
    },
  }
}

/** Human-readable lines on stderr, or one JSON object per line (`format: 'json'`). */
export function consoleSink(
  format: 'human' | 'json' = 'human',
  stream: NodeJS.WritableStream = process.stderr,
): LogSink {
  return (record) => {
    if (format === 'json') {
      stream.write(`${JSON.stringify(record)}\n`)
      return
    }
    const prefix = record.level === 'info' ? '' : `${record.level}: `
    const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : ''
    stream.write(`${prefix}${record.message}${fields}\n`)
  }
}

/** A logger that keeps records in memory, for tests and for embedding logs in a result. */
export function memoryLogger(secrets: SecretRegistry): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = []
  return { logger: createLogger({ sink: (r) => records.push(r), secrets, level: 'debug' }), records }
}
