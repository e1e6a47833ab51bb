/**
 * One copy of each id string for a long-lived cache. Every gateway payload brings its own copies of its guild and
 * channel ids, so a cache of many entries would otherwise hold one copy per entry. Meant for ids of a bounded set
 * (guilds, channels): what it has seen stays until forgotten.
 */
export class SharedStrings {
  private readonly strings = new Map<string, string>();

  public share(value: string): string {
    const shared = this.strings.get(value);
    if (shared !== undefined) return shared;
    this.strings.set(value, value);
    return value;
  }

  /** Lets go of an id no entry uses any more (a guild or channel the cache forgot). */
  public forget(value: string): void {
    this.strings.delete(value);
  }
}
