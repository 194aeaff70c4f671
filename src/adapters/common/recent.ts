// Remembers recent questions so that buttons ("More excerpts", "Share in channel") can refer to
// them by a short id: platforms cap a button's payload (Discord: 100 characters).

export interface RecentQuestion {
  kind: 'ask' | 'sources';
  text: string;
  /** How many excerpts were already shown. */
  offset: number;
  userId: string;
}

export class RecentQuestions {
  private readonly entries = new Map<string, RecentQuestion>();
  private counter = 0;

  constructor(private readonly capacity = 1000) {}

  remember(entry: RecentQuestion): string {
    const id = `${Date.now().toString(36)}${(this.counter++).toString(36)}`;
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  get(id: string): RecentQuestion | undefined {
    return this.entries.get(id);
  }
}
