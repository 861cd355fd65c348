import { describe, expect, it } from 'vitest'
import { IN_TOTO_PAYLOAD_TYPE, type InTotoSubject, matchingSubject, readStatement } from '../dsse-subject.ts'

const envelope = (payload: unknown, payloadType = IN_TOTO_PAYLOAD_TYPE) => ({
  payloadType,
  payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  signatures: [],
})

describe('#readStatement', () => {
  it.each([
    [
      'another payload type',
      envelope({}, 'application/json'),
      /"application\/json", not an in-toto statement/,
    ],
    ['a payload that is not JSON', envelope('{"_type":'), /not valid JSON/],
    ['no subject', envelope({ _type: 'https://in-toto.io/Statement/v1' }), /no subject with a digest/],
    [
      'subjects without digests',
      envelope({ subject: [{ name: 'a' }, { name: 'b', digest: {} }] }),
      /no subject with a digest/,
    ],
  ])('refuses %s', (_label, input, reason) => {
    const read = readStatement(input)
    expect(read.ok).toBe(false)
    expect(read.ok ? '' : read.reason).toMatch(reason)
  })

  it('lists the subjects, their algorithms and the predicate type', () => {
    const read = readStatement(
      envelope({
        subject: [
          { name: 'a', digest: { SHA256: 'AB' } },
          { name: 'b', digest: { sha512: 'cd', gitCommit: 'ef' } },
        ],
        predicateType: 'https://slsa.dev/provenance/v1',
      }),
    )
    expect(read).toEqual({
      ok: true,
      subjects: [
        { name: 'a', digest: { SHA256: 'AB' } },
        { name: 'b', digest: { sha512: 'cd', gitCommit: 'ef' } },
      ],
      algorithms: ['sha256', 'sha512', 'gitcommit'],
      predicateType: 'https://slsa.dev/provenance/v1',
    })
  })
})

describe('#matchingSubject', () => {
  const subjects: InTotoSubject[] = [
    { name: 'app.tgz', digest: { sha256: 'AA11', sha512: 'bb22' } },
    { name: 'app.zip', digest: { sha256: 'cc33' } },
  ]
  it.each([
    ['the same sha256, any case', { sha256: 'aa11' }, 'app.tgz'],
    ['the same sha256 and sha512', { sha256: 'aa11', sha512: 'bb22' }, 'app.tgz'],
    ['a second subject', { sha256: 'cc33' }, 'app.zip'],
    ['a sha256 that matches but a sha512 that does not', { sha256: 'aa11', sha512: 'ffff' }, undefined],
    ['no algorithm in common', { sha384: 'aa11' }, undefined],
    ['another digest', { sha256: 'dd44' }, undefined],
  ])('for %s → %s', (_label, digests, expected) => {
    expect(matchingSubject(subjects, digests)?.name).toBe(expected)
  })
})
