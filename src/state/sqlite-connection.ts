// better-sqlite3 connections that never let a prepared statement be garbage-collected.
// With better-sqlite3 12 on Node 24, a Statement collected while no JavaScript context is entered
// (a GC started from a libuv callback) aborts the process: `Assertion failed: (env) != nullptr` in
// node::RemoveEnvironmentCleanupHook, from Statement::~Statement (better-sqlite3 12 uses the raw
// node::ObjectWrap, whose destructor Node 24 changed). So statements are cached by their SQL, the
// store's SQL being a fixed set, and every connection is kept for the life of the process with them.
import Database from 'better-sqlite3';

/** Every connection opened here: kept, so that neither it nor its statements are ever collected. */
const kept = new Set<Database.Database>();

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  kept.add(db);
  const statements = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = prepare(sql)));
    // A reused statement starts as a fresh one would (pragma() below plucks).
    else if (statement.reader) statement.raw(false).expand(false).pluck(false);
    return statement;
  }) as typeof db.prepare;
  // better-sqlite3's own pragma() prepares a new statement on every call: go through the cache.
  db.pragma = ((source: string, options: Database.PragmaOptions = {}) => {
    const statement = db.prepare(`PRAGMA ${source}`);
    if (!statement.reader) {
      statement.run();
      return options.simple ? undefined : [];
    }
    return options.simple ? statement.pluck().get() : statement.all();
  }) as typeof db.pragma;
  return db;
}
