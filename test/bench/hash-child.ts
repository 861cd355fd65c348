// Hashes one file with core's streaming sha256 and reports the digest and peak RSS as JSON.
// The hashing module alone: this measures hashing, not the start-up of every engine in core.
import { hashFile } from '../../packages/core/src/hash/index.ts'

const file = process.argv[2] as string
const { digests } = await hashFile(file, ['sha256'])
process.stdout.write(
  `${JSON.stringify({ sha256: digests.sha256, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
)
