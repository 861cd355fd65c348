import { readFile } from 'node:fs/promises'
import * as core from '@actions/core'
import { runAction } from '@postflight/core/action'
import { abandonedCalls } from './history/cache.ts'
import { makeReportSpec } from './index.ts'
import { publishedSection } from './publish/messages.ts'
import { renderMarkdown } from './render/markdown.ts'

// Loaded only when the run's artifacts are downloaded: the client and its Azure dependencies cost
// tens of megabytes of memory that a report given `results` never needs.
const spec = makeReportSpec({
  artifacts: async () => new (await import('@actions/artifact')).DefaultArtifactClient(),
  // The deadline of a history cache call (README: History); a knob for tests and diagnosis.
  ...(Number(process.env.POSTFLIGHT_HISTORY_CACHE_TIMEOUT_MS) > 0
    ? { cacheTimeoutMs: Number(process.env.POSTFLIGHT_HISTORY_CACHE_TIMEOUT_MS) }
    : {}),
})

await runAction({
  ...spec,
  outputs: () => {
    const files = (spec.last.written ?? []).flatMap((w) => w.files)
    return {
      verdict: spec.last.report?.status ?? 'error',
      missing: JSON.stringify(spec.last.report?.missing ?? []),
      'report-files': JSON.stringify(files),
    }
  },
})

// runAction wrote the generic summary of the report's own suite; the step summary file is this
// step's alone, so it is replaced by the release report, which opens with the same verdict.
// It is the summary.md just written when there is one: rendering it again cost ~0.1 s and put a
// second megabyte of rows through the heap at the step's peak of memory.
if (spec.last.report) {
  try {
    const written = spec.last.written?.find((w) => w.format === 'markdown' && !w.error)?.files[0]
    const markdown = written
      ? await readFile(written, 'utf8')
      : renderMarkdown(spec.last.report, spec.last.detailsUrl ? { detailsUrl: spec.last.detailsUrl } : {})
    await core.summary
      .addRaw(markdown + publishedSection(spec.last.published ?? []))
      .write({ overwrite: true })
  } catch (err) {
    core.warning(`could not write the job summary: ${(err as Error).message}`)
  }
}

// A history cache call abandoned at its deadline may still hold a socket open, and the process
// would wait on it until the job's timeout: everything is written by now, so the step ends here.
if (abandonedCalls.count > 0) process.exit()
