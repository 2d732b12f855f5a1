#!/usr/bin/env node
// `npx duban ...`: runs the TypeScript CLI through tsx, so no build step is needed.
require('tsx/cjs');
require('../client/cli.ts')
  .run(process.argv.slice(2))
  .then((code) => process.exit(code));
