// Page cache for a chat's timeline: rows are fetched in fixed-size pages
// with `chat_messages(offset, limit)`, at most once each at a time, and the
// least recently used pages are dropped past a bound so memory stays flat
// however far a user scrolls.
import type { StoredMessage } from "../types";

export type Fetch = (offset: number, limit: number) => Promise<StoredMessage[]>;

export class Pager {
  private pages = new Map<number, StoredMessage[]>();
  private pending = new Set<number>();
  private byId = new Map<number, StoredMessage>();

  constructor(
    private fetch: Fetch,
    readonly pageSize = 200,
    private maxPages = 40,
    private onLoad: () => void = () => {},
    private onError: (e: unknown) => void = () => {},
  ) {}

  /** The row at `index` if its page is loaded. */
  get(index: number): StoredMessage | undefined {
    if (index < 0) return undefined;
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  /** A loaded message by store id. */
  find(id: number): StoredMessage | undefined {
    return this.byId.get(id);
  }

  /** Starts loading the pages holding these indices (no-op for loaded/pending ones). */
  want(indices: number[]): void {
    for (const p of new Set(indices.filter((i) => i >= 0).map((i) => Math.floor(i / this.pageSize)))) {
      const page = this.pages.get(p);
      if (page) {
        this.pages.delete(p);
        this.pages.set(p, page); // mark as recently used
      } else if (!this.pending.has(p)) {
        this.load(p);
      }
    }
  }

  private load(p: number): void {
    this.pending.add(p);
    this.fetch(p * this.pageSize, this.pageSize).then((rows) => {
      this.pending.delete(p);
      this.pages.set(p, rows);
      for (const m of rows) this.byId.set(m.id, m);
      this.evict();
      this.onLoad();
    }, (e) => {
      this.pending.delete(p);
      this.onError(e);
    });
  }

  private evict(): void {
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      for (const m of this.pages.get(oldest) ?? []) this.byId.delete(m.id);
      this.pages.delete(oldest);
    }
  }

  get loadedPages(): number {
    return this.pages.size;
  }
}
