// Runs on any Node: stops early with a clear message when pnpm scripts are not on the provisioned Node 24.
const major = Number(process.versions.node.split('.')[0])
if (major < 24) {
  console.error(
    `postflight needs Node 24, but this script runs on Node ${process.versions.node}.\n` +
      'The npm package "node" (a devDependency) provides it when its install script may run:\n' +
      'run `npx -y pnpm@10 install` from the repository root (package.json allows the build of "node").',
  )
  process.exit(2)
}
