import { describe, expect, it } from 'vitest'
import { cvssScore, rate, severityOfRating, severityOfScore } from '../severity.ts'

describe('cvssScore (ae-cvss-calculator)', () => {
  it.each([
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5], // v2
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N', 6.1], // GHSA-j8r2-6x86-q33q
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
  ])('%s → %d', (vector, score) => {
    expect(cvssScore(vector)).toBe(score)
  })

  it('returns undefined for something that is not a vector', () => {
    expect(cvssScore('HIGH')).toBeUndefined()
  })
})

describe('rate', () => {
  it.each([
    // The rating bands: 9.0 critical, 7.0 high, 4.0 medium, above that low.
    [
      [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      undefined,
      'critical',
      9.8,
    ],
    [[{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }], 'HIGH', 'high', 7.2],
    [[{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }], 'MODERATE', 'medium', 6.2],
    // v2 has no critical band: 10.0 is high.
    [[{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' }], undefined, 'high', 10],
    // The newest vector wins when several are given.
    [
      [
        { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
      ],
      undefined,
      'critical',
      9.3,
    ],
    // No vector: the database's rating.
    [[], 'MODERATE', 'medium', undefined],
    [[], 'unimportant', 'low', undefined], // Debian urgency
    [[{ type: 'Ubuntu', score: 'high' }], undefined, 'high', undefined], // a typed non-CVSS rating
    [[{ type: 'CVSS_V3', score: 'garbage' }], 'LOW', 'low', undefined], // an unreadable vector falls through
    [[], undefined, 'unknown', undefined],
  ])('%j with rating %s → %s', (severity, rating, expected, score) => {
    const r = rate(severity, rating)
    expect(r.severity).toBe(expected)
    expect(r.score).toBe(score)
  })
})

describe('severityOfScore / severityOfRating', () => {
  it.each([
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
  ])('%d → %s', (score, expected) => {
    expect(severityOfScore(score)).toBe(expected)
  })

  it('maps the words databases and tools use and nothing else', () => {
    expect(['CRITICAL', 'Important', 'moderate', 'Negligible'].map(severityOfRating)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
    ])
    expect(severityOfRating('not yet assigned')).toBeUndefined()
  })
})
