// An engine over records of the external format (`{ id, title, lang, paragraphs }`), one article
// each, paragraphs as passages, as the scorers make their corpora: for npm run train and
// eval/spans.mjs. `Engine` is dist/core/engine.js's (the caller has built it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function engineOver(Engine, records, setName) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `veille-${setName}-`));
  try {
    for (const r of records) {
      const front = ['---', `id: ${JSON.stringify(r.id)}`, `title: ${JSON.stringify(r.title)}`, `source: ${JSON.stringify(`${setName} (Wikipedia)`)}`,
        'url: null', 'date: null', `lang: ${JSON.stringify(r.lang)}`, 'added: "2026-01-01T00:00:00Z"', '---', ''].join('\n');
      fs.writeFileSync(path.join(dir, `${r.id}.md`), `${front}\n${r.paragraphs.join('\n\n')}\n`);
    }
    return await Engine.fromDirectory(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
