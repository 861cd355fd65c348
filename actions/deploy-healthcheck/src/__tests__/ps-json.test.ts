import { describe, expect, it } from 'vitest'
import { parsePsJson } from '../compose/ps-json.ts'

// The shapes `docker compose ps -a --format json` prints: one array before Compose 2.21, one object
// per line since (with more fields), and nothing for an empty project.
const ARRAY_V2_20 =
  '[{"ID":"0f3c2b1a9e8d","Name":"shop-web-1","Image":"shop-web","Command":"\\"httpd -f\\"","Project":"shop","Service":"web","Created":1732627200,"State":"running","Status":"Up 3 seconds","Health":"starting","ExitCode":0,"Publishers":[{"URL":"0.0.0.0","TargetPort":80,"PublishedPort":8080,"Protocol":"tcp"}]},{"ID":"7a6b5c4d3e2f","Name":"shop-migrate-1","Image":"shop-migrate","Command":"\\"migrate\\"","Project":"shop","Service":"migrate","Created":1732627200,"State":"exited","Status":"Exited (0) 1 second ago","Health":"","ExitCode":0,"Publishers":null}]\n'
const LINES_V2_29 = [
  '{"Command":"\\"httpd -f\\"","CreatedAt":"2026-11-26 13:00:00 +0000 UTC","ExitCode":0,"Health":"healthy","ID":"0f3c2b1a9e8d","Image":"shop-web","Labels":"com.docker.compose.project=shop","LocalVolumes":"0","Mounts":"","Name":"shop-web-1","Names":"shop-web-1","Networks":"host","Ports":"","Project":"shop","Publishers":[],"RunningFor":"5 seconds ago","Service":"web","Size":"0B","State":"running","Status":"Up 5 seconds (healthy)"}',
  '{"Command":"\\"crash\\"","CreatedAt":"2026-11-26 13:00:00 +0000 UTC","ExitCode":3,"Health":"","ID":"1e2d3c4b5a69","Image":"shop-worker","Labels":"","LocalVolumes":"0","Mounts":"","Name":"shop-worker-1","Names":"shop-worker-1","Networks":"host","Ports":"","Project":"shop","Publishers":[],"RunningFor":"5 seconds ago","Service":"worker","Size":"0B","State":"restarting","Status":"Restarting (3) 1 second ago"}',
  '',
].join('\n')

describe('parsePsJson', () => {
  it('reads the array older Compose v2 prints', () => {
    expect(parsePsJson(ARRAY_V2_20)).toEqual([
      { id: '0f3c2b1a9e8d', name: 'shop-web-1', service: 'web', state: 'running', exitCode: 0 },
      { id: '7a6b5c4d3e2f', name: 'shop-migrate-1', service: 'migrate', state: 'exited', exitCode: 0 },
    ])
  })

  it('reads one object per line, as Compose 2.21 and later print', () => {
    expect(parsePsJson(LINES_V2_29)).toEqual([
      { id: '0f3c2b1a9e8d', name: 'shop-web-1', service: 'web', state: 'running', exitCode: 0 },
      { id: '1e2d3c4b5a69', name: 'shop-worker-1', service: 'worker', state: 'restarting', exitCode: 3 },
    ])
  })

  it.each(['', '\n', '[]'])('reads an empty project (%j) as no containers', (text) => {
    expect(parsePsJson(text)).toEqual([])
  })
})
