// report.html opened in real Chromium (Debian's package, driven by playwright-core), served from a
// loopback server: the filters work, nothing logs an error, nothing but the page itself is
// requested, and a hostile asset name shows as text and runs nothing.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { aggregate, renderFormat } from '@postflight/report'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bigLeg, check, leg } from '../actions/report/src/__tests__/make-results.ts'
import { parseExpectations } from '../actions/report/src/expect.ts'

const HOSTILE = '<img src=x onerror=alert(1)>.tar.gz'

const html = renderFormat(
  aggregate(
    [
      leg('verify-artifacts', 'linux-x64', [
        check('checksum:app.tar.gz', 'pass'),
        check(`checksum:${HOSTILE}`, 'fail', {
          title: `Digest of ${HOSTILE}`,
          message: `${HOSTILE} differs <script>alert(2)</script>`,
          evidence: { asset: `"><svg onload=alert(3)>` },
        }),
        check('expected:app.zip', 'skip'),
      ]),
      bigLeg('platform-smoke', 'linux-x64', 20),
      leg('platform-smoke', 'win32-x64', [check('smoke:version', 'pass')]),
    ].map((result) => ({ ok: true as const, file: 'x.json', result })),
    parseExpectations(['container-scan']),
  ),
  'html',
)['report.html'] as string

let server: Server
let url: string
let browser: Browser

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/report.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
    } else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html`
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

interface Opened {
  page: Page
  problems: string[]
  requests: string[]
  dialogs: string[]
}

async function open(viewport = { width: 1200, height: 900 }): Promise<Opened> {
  const context = await browser.newContext({ viewport })
  const opened: Opened = { page: await context.newPage(), problems: [], requests: [], dialogs: [] }
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue()
    opened.requests.push(route.request().url())
    return route.abort()
  })
  opened.page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') opened.problems.push(m.text())
  })
  opened.page.on('pageerror', (e) => opened.problems.push(e.message))
  opened.page.on('dialog', (d) => {
    opened.dialogs.push(d.message())
    void d.dismiss()
  })
  await opened.page.goto(url, { waitUntil: 'load' })
  return opened
}

describe('report.html in Chromium', () => {
  it('loads with no console errors and no request but the page itself', async () => {
    const { page, problems, requests } = await open()
    expect(await page.title()).toContain('FAILED')
    await expect.poll(() => page.textContent('#f-count')).toMatch(/^\d+ checks match$/)
    await page.close()
    expect(problems).toEqual([])
    expect(requests).toEqual([])
  })

  it('shows a hostile asset name as text and runs nothing', async () => {
    const { page, dialogs, requests } = await open()
    await page.click('#f-expand')
    expect(await page.locator('code', { hasText: `checksum:${HOSTILE}` }).count()).toBe(1)
    expect(await page.getByText(`${HOSTILE} differs <script>alert(2)</script>`).count()).toBe(1)
    expect(await page.locator('img, svg, tbody script').count()).toBe(0)
    await page.waitForTimeout(200)
    await page.close()
    expect(dialogs).toEqual([])
    expect(requests).toEqual([])
  })

  it('filters by status and by suite', async () => {
    const { page, problems } = await open()
    await page.selectOption('#f-status', 'fail')
    const failed = await page.$$eval('tr[data-status]:not([hidden])', (rows) =>
      rows.filter((r) => !r.closest('details[hidden]')).map((r) => r.getAttribute('data-status')),
    )
    expect(failed.length).toBeGreaterThan(1)
    expect(new Set(failed)).toEqual(new Set(['fail']))
    await expect.poll(() => page.textContent('#f-count')).toBe(`${failed.length} checks match`)
    // every leg with a failure is opened, so the matches are on screen
    expect(await page.locator('details.leg:not([hidden]):not([open])').count()).toBe(0)

    await page.selectOption('#f-status', '')
    await page.selectOption('#f-suite', 'platform-smoke')
    const legs = await page.$$eval('details.leg:not([hidden])', (ds) =>
      ds.map((d) => d.getAttribute('data-suite')),
    )
    expect(legs).toEqual(['platform-smoke', 'platform-smoke'])
    await page.click('#f-expand')
    expect(await page.locator('tr[data-status]:visible').count()).toBe(21)
    await page.close()
    expect(problems).toEqual([])
  })

  it('every check is reachable, and a phone-sized page does not scroll sideways', async () => {
    const { page } = await open({ width: 375, height: 740 })
    await page.click('#f-expand')
    expect(await page.locator('tr[data-status]:visible').count()).toBe(3 + 20 + 1)
    // The callback runs in the page; this tree compiles without DOM types, so the globals are typed here.
    const overflow = await page.evaluate(() => {
      const w = globalThis as unknown as {
        innerWidth: number
        document: { documentElement: { scrollWidth: number } }
      }
      return w.document.documentElement.scrollWidth - w.innerWidth
    })
    expect(overflow).toBeLessThanOrEqual(0)
    await page.close()
  })
})
