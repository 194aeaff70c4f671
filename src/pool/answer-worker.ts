// One worker of the answer pool: holds its own engine (loaded from the corpus and its snapshot, or
// built from articles it is given) and answers the main thread's requests one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { Article } from '../core/article.js';
import { Engine } from '../core/engine.js';
import { Conversation } from '../core/conversation.js';
import { loadEngine } from '../runtime.js';
import type { EngineSource, WorkerReply, WorkerRequest } from './protocol.js';

const source = workerData as EngineSource;
const port = parentPort!;
const warnings: string[] = [];
let index: { from: 'snapshot' | 'build'; seconds: number } | null = null;

async function load(): Promise<Engine> {
  if ('articles' in source) return Engine.fromArticles(source.articles);
  return loadEngine(source.corpusDir, (m) => warnings.push(m), {
    dataDir: source.dataDir,
    info: () => undefined,
    onIndex: (from, seconds) => (index = { from, seconds }),
  });
}

const engine = await load();
const conversation = new Conversation((text) => engine.analyse(text));
port.postMessage({ type: 'ready', articles: engine.articles().length, warnings, index } satisfies WorkerReply);

port.on('message', (req: WorkerRequest) => {
  try {
    let value: unknown;
    switch (req.op) {
      case 'ask':
        value = engine.ask(req.question, req.options);
        break;
      case 'sources':
        value = engine.sources(req.topic);
        break;
      case 'suggestTopics':
        value = engine.suggestTopics(req.prefix, req.limit);
        break;
      case 'articles':
        value = engine.articles();
        break;
      case 'digest':
        value = engine.digest(new Date(req.since), new Date(req.until), req.options);
        break;
      case 'resolve':
        value = conversation.resolve(req.text, req.history);
        break;
      case 'upsert':
        engine.upsert(req.article as Article);
        break;
      case 'remove':
        engine.remove(req.articleId);
        break;
    }
    port.postMessage({ type: 'result', id: req.id, value } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({ type: 'error', id: req.id, message: (e as Error).message ?? String(e) } satisfies WorkerReply);
  }
});
