import { UserError } from '@sapphire/framework';
import type { DataSource } from 'typeorm';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { kbSettings } from '../settings';
import { exportFile, parseImportFile } from './exchange';
import { KbRepository, uniqueViolation, type Entry, type SearchHit } from './KbRepository';
import { SuggestionService } from './SuggestionService';
import { LIMITS, normalizeCategory, validateAlias, validateEntry } from './validation';

const refuse = (message: string, identifier = 'KbRefused'): never => {
  throw new UserError({ identifier, message });
};

/** Names typed by members, quoted in replies without letting them break the formatting. */
export const quote = (text: string) => `**${text.replace(/[*_`~|\\]/g, '\\$&').slice(0, 100)}**`;

export interface SearchOutcome {
  /** Entries the full-text query matched, best first. */
  hits: SearchHit[];
  /** When nothing matched the words: titles close to the query, for "did you mean". */
  didYouMean: string[];
}

/**
 * The knowledge base of each guild: entries, aliases, ratings, search and its misses, import and export. Refuses
 * what a member must fix with a `UserError` saying what is wrong.
 */
export class KbService {
  public readonly repository: KbRepository;
  public readonly suggestions: SuggestionService;

  public constructor(
    dataSource: DataSource,
    public readonly plugin: PluginHandle<typeof kbSettings>,
    ticketsEnabledNow: (guildId: string) => boolean,
  ) {
    this.repository = new KbRepository(dataSource);
    this.suggestions = new SuggestionService(this.repository, plugin, ticketsEnabledNow);
  }

  public settings(guildId: string) {
    return this.plugin.settings(guildId);
  }

  /** The entry called `name` (title or alias), or a refusal that points at search. */
  public async resolve(guildId: string, name: string): Promise<Entry> {
    const trimmed = name.trim();
    if (!trimmed) refuse('Name an entry (its title or an alias).', 'KbUnknownEntry');
    const id = await this.repository.idByName(guildId, trimmed);
    const entry = id === null ? null : await this.repository.findById(guildId, id);
    if (!entry) {
      return refuse(
        `There is no entry called ${quote(trimmed)}. Try \`/kb search ${trimmed.slice(0, 50)}\`.`,
        'KbUnknownEntry',
      );
    }
    return entry;
  }

  /** The entry, counting the use. */
  public async show(guildId: string, name: string): Promise<Entry> {
    const entry = await this.resolve(guildId, name);
    await this.repository.countUse(entry.id);
    return { ...entry, useCount: entry.useCount + 1 };
  }

  public async add(guildId: string, raw: Parameters<typeof validateEntry>[0], actorId: string): Promise<Entry> {
    const input = validateEntry(raw);
    await this.refuseTakenName(guildId, input.title, null);
    const id = await this.repository.insert(guildId, input, actorId).catch((error: unknown) => {
      throw this.duplicateTitle(error, input.title);
    });
    return (await this.repository.findById(guildId, id))!;
  }

  public async edit(guildId: string, entryId: number, raw: Parameters<typeof validateEntry>[0]): Promise<Entry> {
    const input = validateEntry(raw);
    await this.refuseTakenName(guildId, input.title, entryId);
    const updated = await this.repository.update(guildId, entryId, input).catch((error: unknown) => {
      throw this.duplicateTitle(error, input.title);
    });
    if (!updated) refuse('That entry was deleted meanwhile.', 'KbUnknownEntry');
    return (await this.repository.findById(guildId, entryId))!;
  }

  public async delete(guildId: string, name: string): Promise<Entry> {
    const entry = await this.resolve(guildId, name);
    await this.repository.delete(guildId, entry.id);
    return entry;
  }

  /**
   * Searches the guild's entries. A search whose words match nothing is remembered for `/kb stats` (with how
   * often it was made) and answered with the titles closest to it, if any.
   */
  public async search(guildId: string, rawQuery: string): Promise<SearchOutcome> {
    const query = rawQuery.trim().replace(/\s+/g, ' ');
    if (!query) refuse('Type something to search for.', 'KbEmptyQuery');
    if (query.length > LIMITS.query) refuse(`A search has at most ${LIMITS.query} characters.`, 'KbLongQuery');
    const found = await this.repository.search(guildId, query);
    const hits = found.filter((hit) => hit.textMatch);
    if (hits.length > 0) return { hits, didYouMean: [] };
    await this.repository.recordMiss(guildId, query);
    return { hits: [], didYouMean: found.slice(0, 3).map((hit) => hit.title) };
  }

  public list(guildId: string, filter: { category: string | null; tag: string | null }, page: number, size: number) {
    return this.repository.list(
      guildId,
      { category: normalizeCategory(filter.category), tag: filter.tag?.trim().replace(/^#/, '').toLowerCase() || null },
      page * size,
      size,
    );
  }

  /** A member's rating of an entry, 1 to 5; rating again replaces their earlier one. */
  public async rate(guildId: string, name: string, userId: string, score: number) {
    if (!Number.isInteger(score) || score < 1 || score > 5) {
      refuse('A rating is a whole number from 1 to 5.', 'KbRatingRange');
    }
    const entry = await this.resolve(guildId, name);
    const result = await this.repository.rate(guildId, entry.id, userId, score);
    if (!result) refuse('That entry was deleted meanwhile.', 'KbUnknownEntry');
    return { entry, ...result! };
  }

  /** A "This helped" (5) or "Not helpful" (1) click under a suggestion, as that member's rating. */
  public async rateSuggestion(guildId: string, suggestionId: number, userId: string, helpful: boolean) {
    const suggestion = await this.repository.findSuggestion(guildId, suggestionId);
    if (!suggestion) refuse('This suggestion is too old to rate now.', 'KbUnknownSuggestion');
    const result = await this.repository.rate(guildId, suggestion!.entryId, userId, helpful ? 5 : 1);
    if (!result) refuse('That entry has been deleted since.', 'KbUnknownEntry');
    return { ...suggestion!, ...result! };
  }

  public async setVerified(guildId: string, name: string, verified: boolean, actorId: string): Promise<Entry> {
    const entry = await this.resolve(guildId, name);
    await this.repository.setVerified(guildId, entry.id, verified, actorId);
    return { ...entry, isVerified: verified };
  }

  public async addAlias(guildId: string, name: string, rawAlias: string, actorId: string) {
    const alias = validateAlias(rawAlias);
    const entry = await this.resolve(guildId, name);
    if (entry.aliases.length >= LIMITS.aliases) refuse(`An entry has at most ${LIMITS.aliases} aliases.`);
    await this.refuseTakenName(guildId, alias, null);
    await this.repository.addAlias(guildId, entry.id, alias, actorId).catch((error: unknown) => {
      throw this.duplicateTitle(error, alias);
    });
    return { entry, alias };
  }

  public async removeAlias(guildId: string, rawAlias: string) {
    const removed = await this.repository.removeAlias(guildId, rawAlias.trim());
    if (!removed) return refuse(`There is no alias ${quote(rawAlias.trim())}.`, 'KbUnknownAlias');
    return { alias: removed.alias, entry: (await this.repository.findById(guildId, removed.entryId))! };
  }

  public stats(guildId: string) {
    return this.repository.stats(guildId);
  }

  public async exportJson(guildId: string): Promise<{ json: string; count: number }> {
    const entries = await this.repository.exportAll(guildId);
    return { json: exportFile(entries), count: entries.length };
  }

  /** Imports a JSON file (as `/kb export` writes it); a file with any problem is refused whole. */
  public async importJson(guildId: string, text: string, actorId: string) {
    const parsed = parseImportFile(text);
    if ('problems' in parsed) {
      return refuse(`Nothing was imported: ${parsed.problems.join(' ')}`, 'KbBadImport');
    }
    for (const entry of parsed.entries) {
      for (const alias of entry.aliases) {
        const owner = await this.repository.nameTaken(guildId, alias, null);
        if (owner && owner.toLowerCase() !== entry.title.toLowerCase()) {
          refuse(`Nothing was imported: the alias ${quote(alias)} already names the entry ${quote(owner)} here.`);
        }
      }
    }
    return this.repository.importAll(guildId, parsed.entries, actorId).catch((error: unknown) => {
      if (uniqueViolation(error) === null) throw error;
      return refuse('Nothing was imported: an alias of the file is already the title of an entry here.', 'KbBadImport');
    });
  }

  /** The short trigger must never shadow the command prefix: refused when either starts with the other. */
  public static triggerConflict(trigger: string, prefix: string): boolean {
    return trigger.startsWith(prefix) || prefix.startsWith(trigger);
  }

  private async refuseTakenName(guildId: string, name: string, exceptId: number | null) {
    const owner = await this.repository.nameTaken(guildId, name, exceptId);
    if (owner) {
      refuse(
        owner.toLowerCase() === name.toLowerCase()
          ? `An entry called ${quote(owner)} already exists. Edit it with \`/kb edit\`, or choose another title.`
          : `${quote(name)} is already an alias of ${quote(owner)}.`,
        'KbDuplicate',
      );
    }
  }

  /** The database's answer when two members add the same title at once. */
  private duplicateTitle(error: unknown, name: string): unknown {
    if (uniqueViolation(error) === null) return error;
    return new UserError({
      identifier: 'KbDuplicate',
      message: `An entry or alias called ${quote(name)} already exists. Choose another name.`,
    });
  }
}
