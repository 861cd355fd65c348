import { createHash } from 'node:crypto'

// The page's one script and one stylesheet. They are inline (the page is one self-contained file)
// and allowed by hash in the CSP, so nothing else — least of all markup smuggled in through a
// release's strings — can run or style the page.

/** Filters rows by status and legs by suite; reads only data-* attributes, writes only `hidden`/`open`. */
export const SCRIPT = `(() => {
  const status = document.getElementById('f-status');
  const suite = document.getElementById('f-suite');
  const count = document.getElementById('f-count');
  const matches = (s, want) =>
    want === '' || (want === 'attention' ? s === 'fail' || s === 'error' || s === 'warn' : s === want);
  function apply() {
    const s = status.value;
    const u = suite.value;
    let shown = 0;
    for (const leg of document.querySelectorAll('details.leg')) {
      const suiteOk = u === '' || leg.dataset.suite === u;
      let any = 0;
      for (const row of leg.querySelectorAll('tr[data-status]')) {
        const ok = suiteOk && matches(row.dataset.status, s);
        row.hidden = !ok;
        if (ok) any++;
      }
      leg.hidden = !suiteOk || (s !== '' && any === 0);
      if (s !== '' && any > 0) leg.open = true;
      shown += any;
    }
    count.textContent = shown + ' checks match';
  }
  status.addEventListener('change', apply);
  suite.addEventListener('change', apply);
  document.getElementById('f-expand').addEventListener('click', () => {
    for (const leg of document.querySelectorAll('details.leg:not([hidden])')) leg.open = true;
  });
  apply();
})();`

export const STYLE = `
:root { color-scheme: light dark; --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --error: #8250df; --skip: #6e7781; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
.verdict { padding: .75rem 1rem; border-radius: .5rem; border-left: .4rem solid var(--skip); background: #8881; }
.v-pass { border-color: var(--pass); } .v-fail { border-color: var(--fail); } .v-warn { border-color: var(--warn); } .v-error { border-color: var(--error); }
.missing { color: var(--fail); font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: 1rem 0; position: sticky; top: 0; background: Canvas; padding: .5rem 0; }
select, button { font: inherit; padding: .25rem .5rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
td { overflow-wrap: anywhere; }
/* the legs table keeps its names whole and scrolls sideways on a phone instead */
table.legs td, table.legs th { overflow-wrap: normal; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
details.leg { margin: .4rem 0; border: 1px solid #8884; border-radius: .4rem; padding: .3rem .6rem; }
summary { cursor: pointer; font-weight: 600; }
.st { font-weight: 700; text-transform: uppercase; font-size: .8rem; white-space: nowrap; }
.s-pass { color: var(--pass); } .s-fail { color: var(--fail); } .s-warn { color: var(--warn); } .s-error { color: var(--error); } .s-skip { color: var(--skip); }
code, pre { font: .85rem/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
pre { margin: .25rem 0 0; max-height: 12rem; overflow: auto; }
`

export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

/** No network at all: no default source, the script and stylesheet by hash, no base or form targets. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(SCRIPT)}`,
    `style-src ${cspHash(STYLE)}`,
    "base-uri 'none'",
    "form-action 'none'",
    // frame-ancestors is ignored (with a console error) in a <meta> CSP; a host can send it as a header.
  ].join('; ')
}
