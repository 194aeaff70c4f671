// A newcomer's first run, as the README says it: a checkout (here in a folder whose path has a
// space), `cp .env.example .env`, then `npm start` and `veille discord register`. The copy is
// compiled as `npm ci` would, and run through npm and bin/veille.js, not through the test's loader.
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers/corpus.js';
import { APP_ID, FakeDiscord, GUILD_ID, TOKEN } from './adapters/discord/fake-discord.js';

/** Runs a command without blocking this process (the fake Discord answers from here). */
function run(command: string, args: string[], options: { cwd: string; input?: string }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

let base: string;
let checkout: string;
const env = { PATH: process.env.PATH, HOME: process.env.HOME };


beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'veille start-'));
  checkout = path.join(base, 'my projects', 'veille');
  for (const part of ['src', 'bin', 'lexicon', 'model', 'corpus', 'slack', 'package.json', 'tsconfig.json', '.env.example'])
    await cp(path.join(root, part), path.join(checkout, part), { recursive: true });
  await symlink(path.join(root, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: checkout, encoding: 'utf8' });
  expect(build.stdout + build.stderr).toBe('');
}, 180_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('first run from a checkout under a path with a space', () => {
  it('npm start with .env copied from .env.example (every value empty) starts with the defaults and answers', async () => {
    expect(checkout).toContain(' ');
    await writeFile(path.join(checkout, '.env'), await readFile(path.join(checkout, '.env.example'), 'utf8'));
    const r = await run('npm', ['start', '--silent'], { cwd: checkout, input: 'how big is Hyperion\n' });
    expect(r.stderr).not.toMatch(/custom levels|Invalid configuration/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('**5 gigawatts**');
    // LOG_LEVEL empty means info: the start-up lines are there.
    expect(r.stderr).toMatch(/corpus loaded/);
  });

  it('veille discord register works from the same .env with the Discord values filled in', async () => {
    const discord = await new FakeDiscord().start();
    try {
      const example = await readFile(path.join(checkout, '.env.example'), 'utf8');
      const filled = example
        .replace(/^DISCORD_TOKEN=$/m, `DISCORD_TOKEN=${TOKEN}`)
        .replace(/^DISCORD_APPLICATION_ID=$/m, `DISCORD_APPLICATION_ID=${APP_ID}`)
        .replace(/^DISCORD_API_URL=$/m, `DISCORD_API_URL=${discord.apiUrl}`);
      await writeFile(path.join(checkout, '.env'), filled);
      const r = await run(process.execPath, ['bin/veille.js', 'discord', 'register', '--guild', GUILD_ID], { cwd: checkout });
      expect(r.stderr).not.toMatch(/custom levels|Invalid configuration|"level":[56]0/);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/registered on guild/);
      const put = discord.requests.find((q) => q.method === 'PUT' && q.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
      expect(put?.body.map((c: { name: string }) => c.name).sort()).toEqual(['ask', 'digest', 'sources']);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      await discord.close();
    }
  });

  it('veille --version prints the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    const r = spawnSync(process.execPath, [path.join(checkout, 'bin/veille.js'), '--version'], { cwd: base, env, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(version);
    expect(r.status).toBe(0);
  });
});

describe('installed as a package, run outside a clone', () => {
  it('answers from the bundled corpus, and never writes into node_modules: ingest is refused naming CORPUS_DIR', async () => {
    // What `npm install veille` lays out: the package under node_modules, run from a project of one's own.
    const project = path.join(base, 'someone else');
    const installed = path.join(project, 'node_modules', 'veille');
    await mkdir(installed, { recursive: true });
    for (const part of ['bin', 'dist', 'lexicon', 'model', 'corpus', 'slack', 'package.json']) await cp(path.join(checkout, part), path.join(installed, part), { recursive: true });
    await symlink(path.join(root, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
    // Every path under the package. Not readdir's `recursive`: on Node 20 it follows the link to
    // node_modules, half a million entries, and the listing alone outlasted the test's time.
    const listing = async (dir = installed, under = ''): Promise<string[]> => {
      const paths: string[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const relative = path.join(under, entry.name);
        paths.push(relative);
        if (entry.isDirectory()) paths.push(...(await listing(path.join(dir, entry.name), relative)));
      }
      return paths.sort();
    };
    const before = await listing();
    const bin = path.join(installed, 'bin', 'veille.js');

    const ask = await run(process.execPath, [bin, 'ask', 'how big is Hyperion'], { cwd: project });
    expect(ask.status).toBe(0);
    expect(ask.stdout).toContain('**5 gigawatts**');

    await writeFile(path.join(project, 'note.txt'), 'Un titre\n\n' + 'Une phrase assez longue pour faire un article de corpus. '.repeat(10));
    const ingest = await run(process.execPath, [bin, 'ingest', 'note.txt'], { cwd: project });
    expect(ingest.status).toBe(2);
    expect(ingest.stderr).toMatch(/^veille ingest: the corpus in use \(.*node_modules.veille.corpus\) is the one installed with the package, inside node_modules: veille never writes there\. Set CORPUS_DIR/);
    expect(await listing()).toEqual(before);
  });
});
