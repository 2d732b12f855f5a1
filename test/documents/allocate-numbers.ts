// A process that issues documents: allocates the numbers of the keys given on its command line, all at once,
// in the store its environment names, and prints them as JSON. Run by document-numbers.test.ts.
import { openStores } from '../../store/from-env';

async function main() {
  const [series, ...keys] = process.argv.slice(2);
  const stores = await openStores(process.env);
  try {
    const numbers = stores.documentNumbers();
    const got = await Promise.all(keys.map((k) => numbers.allocate(series, k, Date.now())));
    process.stdout.write(JSON.stringify(got.map((g) => [g.key, g.n])));
  } finally {
    await stores.close();
  }
}

void main();
