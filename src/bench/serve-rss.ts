// The memory of a bot process serving a corpus: loads the engine the way the bot does (from the
// index snapshot in DATA_DIR), answers one question, collects garbage, prints `{"rssMb","heapMb"}`.
//   CORPUS_DIR=… DATA_DIR=… node --expose-gc dist/bench/serve-rss.js "question"
import { loadEngine, corpusDir, dataDir } from '../runtime.js';
import { gc, mb } from './stats.js';

const engine = await loadEngine(corpusDir(), (m) => process.stderr.write(`${m}\n`), { dataDir: dataDir() });
engine.ask(process.argv[2] ?? 'how big is it');
gc();
const memory = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rssMb: mb(memory.rss), heapMb: mb(memory.heapUsed) })}\n`);
