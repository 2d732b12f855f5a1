#!/usr/bin/env node
// `npx duban ...`: runs the TypeScript CLI through tsx, so no build step is needed.
if (!require('../scripts/supported-node.cjs').supportedNode()) process.exit(1);
require('tsx/cjs');
// `duban ... | head` closes the pipe early: stop quietly.
process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
require('../cli/cli.ts')
  .run(process.argv.slice(2))
  // Exit only once everything written has reached the pipe (large JSON output).
  .then((code) => process.stdout.write('', () => process.exit(code)));
