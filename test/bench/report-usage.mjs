// Preloaded with `node --import` into a committed action bundle run as the runner runs it (the
// runner starts `node dist/index.js`): prints the process's peak RSS and CPU seconds as one JSON
// line when it exits. Plain JavaScript, so the measured run pays no TypeScript loader.
process.on('exit', (code) => {
  const usage = process.resourceUsage()
  process.stdout.write(
    `${JSON.stringify({
      exitCode: code,
      maxRssKiB: usage.maxRSS,
      // CPU seconds (user + system): steadier than wall time on a machine others are using.
      cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    })}\n`,
  )
})
