// The `ingest` lines of `veille --help` (kept apart so that the CLI loads no ingestion code until needed).
export const INGEST_USAGE = `  veille ingest <path|url>...     add local .txt/.md/.html files or web pages to the corpus
  veille ingest --feed <url>      add the new items of an RSS, Atom, RDF or JSON feed (repeatable)
  veille ingest --feeds           add the new items of every feed in FEEDS`;
