import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import {
  AttachmentBuilder,
  EmbedBuilder,
  type AutocompleteInteraction,
  type Message,
  type SlashCommandStringOption,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage, restOrUsage, usageOf } from '#core/plugin-kit/args';
import { settingsActorOf } from '#core/plugin-kit/guildConfig';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '#core/plugin-kit/pagination';
import { isPieceEnabledIn } from '#core/plugin-kit/pluginGate';
import { deferIfInteraction, respond, type CommandSource } from '#core/plugin-kit/respond';
import { needs } from '#core/plugin-kit/subcommands';
import { editModalId, KB_ADD_MODAL } from '../ids';
import kb from '../index';
import { entryModal } from '../lib/modals';
import { entryEmbed, entryLine, formatRating, NO_PINGS } from '../lib/render';
import { MAX_IMPORT_BYTES } from '../services/exchange';
import { KbService, quote } from '../services/KbService';
import { LIMITS } from '../services/validation';

const PAGE_SIZE = 10;

/** The entry a subcommand acts on: a title or alias, autocompleted. */
const entryOption = (option: SlashCommandStringOption) =>
  option.setName('entry').setDescription('Title or alias').setRequired(true).setMaxLength(100).setAutocomplete(true);

/**
 * `/kb …`: the guild's knowledge base. Members show, search, list and rate entries (VIEW_KB); staff add (CREATE_KB),
 * edit and alias (EDIT_KB), delete (DELETE_KB) and verify (VERIFY_KB) them; admins import, export and set the short
 * trigger (MANAGE_BOT_SETTINGS). `!kb <entry>` shows an entry.
 */
export class KbCommand extends Subcommand implements PagedCommand {
  public readonly pagedSubcommand = 'list';

  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "The server's knowledge base: show, search, list, rate and manage entries.",
      detailedDescription:
        '/kb show <entry> · /kb search <query> · /kb list [category] [tag] · /kb rate <entry> <1-5> · /kb add · /kb edit <entry> · /kb delete <entry> · /kb verify|unverify <entry> · /kb alias add|remove · /kb stats · /kb import <file> · /kb export · /kb trigger <text|off> · !kb <entry>',
      runIn: ['GUILD_ANY'],
      subcommands: [
        {
          name: 'show',
          chatInputRun: 'chatInputShow',
          messageRun: 'messageShow',
          default: true,
          preconditions: needs(Permission.VIEW_KB),
        },
        {
          name: 'search',
          chatInputRun: 'chatInputSearch',
          messageRun: 'messageSearch',
          preconditions: needs(Permission.VIEW_KB),
        },
        {
          name: 'list',
          chatInputRun: 'chatInputList',
          messageRun: 'messageList',
          preconditions: needs(Permission.VIEW_KB),
        },
        {
          name: 'rate',
          chatInputRun: 'chatInputRate',
          messageRun: 'messageRate',
          preconditions: needs(Permission.VIEW_KB),
        },
        {
          name: 'stats',
          chatInputRun: 'chatInputStats',
          messageRun: 'messageStats',
          preconditions: needs(Permission.VIEW_KB),
        },
        {
          name: 'add',
          chatInputRun: 'chatInputAdd',
          messageRun: 'messageAdd',
          preconditions: needs(Permission.CREATE_KB),
        },
        {
          name: 'edit',
          chatInputRun: 'chatInputEdit',
          messageRun: 'messageEdit',
          preconditions: needs(Permission.EDIT_KB),
        },
        {
          name: 'delete',
          chatInputRun: 'chatInputDelete',
          messageRun: 'messageDelete',
          preconditions: needs(Permission.DELETE_KB),
        },
        {
          name: 'verify',
          chatInputRun: 'chatInputVerify',
          messageRun: 'messageVerify',
          preconditions: needs(Permission.VERIFY_KB),
        },
        {
          name: 'unverify',
          chatInputRun: 'chatInputUnverify',
          messageRun: 'messageUnverify',
          preconditions: needs(Permission.VERIFY_KB),
        },
        {
          name: 'alias',
          type: 'group',
          entries: [
            {
              name: 'add',
              chatInputRun: 'chatInputAliasAdd',
              messageRun: 'messageAliasAdd',
              preconditions: needs(Permission.EDIT_KB),
            },
            {
              name: 'remove',
              chatInputRun: 'chatInputAliasRemove',
              messageRun: 'messageAliasRemove',
              preconditions: needs(Permission.EDIT_KB),
            },
          ],
        },
        {
          name: 'import',
          chatInputRun: 'chatInputImport',
          messageRun: 'messageImport',
          preconditions: needs(Permission.MANAGE_BOT_SETTINGS),
        },
        {
          name: 'export',
          chatInputRun: 'chatInputExport',
          messageRun: 'messageExport',
          preconditions: needs(Permission.MANAGE_BOT_SETTINGS),
        },
        {
          name: 'trigger',
          chatInputRun: 'chatInputTrigger',
          messageRun: 'messageTrigger',
          preconditions: needs(Permission.MANAGE_BOT_SETTINGS),
        },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('show').setDescription('Show an entry.').addStringOption(entryOption))
        .addSubcommand((sub) =>
          sub
            .setName('search')
            .setDescription('Search the entries.')
            .addStringOption((o) =>
              o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(LIMITS.query),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('list')
            .setDescription('List the entries, optionally of one category or tag.')
            .addStringOption((o) => o.setName('category').setDescription('Category').setMaxLength(LIMITS.category))
            .addStringOption((o) => o.setName('tag').setDescription('Tag').setMaxLength(LIMITS.tag)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('rate')
            .setDescription('Rate an entry from 1 to 5 (rating again changes your rating).')
            .addStringOption(entryOption)
            .addIntegerOption((o) =>
              o
                .setName('rating')
                .setDescription('1 (useless) to 5 (perfect)')
                .setRequired(true)
                .setMinValue(1)
                .setMaxValue(5),
            ),
        )
        .addSubcommand((sub) =>
          sub.setName('stats').setDescription('Most used and best rated entries, searches that found nothing.'),
        )
        .addSubcommand((sub) => sub.setName('add').setDescription('Add an entry (opens a form).'))
        .addSubcommand((sub) =>
          sub.setName('edit').setDescription('Edit an entry (opens a form).').addStringOption(entryOption),
        )
        .addSubcommand((sub) => sub.setName('delete').setDescription('Delete an entry.').addStringOption(entryOption))
        .addSubcommand((sub) =>
          sub.setName('verify').setDescription('Mark an entry as verified.').addStringOption(entryOption),
        )
        .addSubcommand((sub) =>
          sub.setName('unverify').setDescription('Remove the verified mark of an entry.').addStringOption(entryOption),
        )
        .addSubcommandGroup((group) =>
          group
            .setName('alias')
            .setDescription('Other names of entries.')
            .addSubcommand((sub) =>
              sub
                .setName('add')
                .setDescription('Give an entry another name.')
                .addStringOption(entryOption)
                .addStringOption((o) =>
                  o.setName('alias').setDescription('The other name').setRequired(true).setMaxLength(LIMITS.alias),
                ),
            )
            .addSubcommand((sub) =>
              sub
                .setName('remove')
                .setDescription('Remove an alias.')
                .addStringOption((o) =>
                  o
                    .setName('alias')
                    .setDescription('The alias')
                    .setRequired(true)
                    .setMaxLength(LIMITS.alias)
                    .setAutocomplete(true),
                ),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('import')
            .setDescription('Admins: import entries from a JSON file (as /kb export writes it).')
            .addAttachmentOption((o) => o.setName('file').setDescription('The JSON file').setRequired(true)),
        )
        .addSubcommand((sub) => sub.setName('export').setDescription("Admins: download the server's entries as JSON."))
        .addSubcommand((sub) =>
          sub
            .setName('trigger')
            .setDescription('Admins: set the short trigger that shows an entry (like ?printer), or off.')
            .addStringOption((o) =>
              o.setName('trigger').setDescription('1–5 characters, or off').setRequired(true).setMaxLength(5),
            ),
        ),
    );
  }

  /** Titles and aliases for the text typed so far; nothing where the plugin is off. */
  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    const guildId = interaction.guildId;
    if (!guildId || !(await isPieceEnabledIn(this, guildId))) {
      await interaction.respond([]);
      return;
    }
    const names = await this.container.kb.repository.autocomplete(
      guildId,
      String(interaction.options.getFocused()).slice(0, 100),
    );
    await interaction.respond(names.map((name) => ({ name: name.slice(0, 100), value: name.slice(0, 100) })));
  }

  // show

  public async chatInputShow(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.show(interaction, interaction.guildId!, interaction.options.getString('entry', true));
  }

  public async messageShow(message: Message, args: Args) {
    await this.show(message, message.guildId!, await restOrUsage(args, await usageOf(message, 'kb <entry>')));
  }

  private async show(source: CommandSource, guildId: string, name: string) {
    const entry = await this.container.kb.show(guildId, name);
    await respond(source, { embeds: [entryEmbed(entry)], allowedMentions: NO_PINGS });
  }

  // search

  public async chatInputSearch(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.search(interaction, interaction.guildId!, interaction.options.getString('query', true));
  }

  public async messageSearch(message: Message, args: Args) {
    await this.search(message, message.guildId!, await restOrUsage(args, await usageOf(message, 'kb search <query>')));
  }

  private async search(source: CommandSource, guildId: string, query: string) {
    const { hits, didYouMean } = await this.container.kb.search(guildId, query);
    if (hits.length === 0) {
      const suggestion = didYouMean.length ? ` Did you mean ${didYouMean.map(quote).join(', ')}?` : '';
      await respond(
        source,
        { content: `Nothing matches ${quote(query)}.${suggestion}`, allowedMentions: NO_PINGS },
        { ephemeral: true },
      );
      return;
    }
    const embed = new EmbedBuilder()
      .setTitle(`Search: ${query.slice(0, 200)}`)
      .setDescription(hits.map((hit, index) => `${index + 1}. ${entryLine(hit)}`).join('\n'));
    await respond(source, { embeds: [embed], allowedMentions: NO_PINGS });
  }

  // list

  public async chatInputList(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.list(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      options.getString('category'),
      options.getString('tag'),
    );
  }

  public async messageList(message: Message, args: Args) {
    const category = (await args.pickResult('string')).unwrapOr(null);
    const tag = (await args.pickResult('string')).unwrapOr(null);
    await this.list(message, message.guildId!, message.author.id, category === '-' ? null : category, tag);
  }

  private async list(
    source: CommandSource,
    guildId: string,
    viewerId: string,
    category: string | null,
    tag: string | null,
  ) {
    const state = `${(category ?? '').trim().toLowerCase().slice(0, LIMITS.category)}|${(tag ?? '').trim().replace(/^#/, '').toLowerCase().slice(0, LIMITS.tag)}`;
    await replyWithPages(source, this, { guildId, viewerId, state });
  }

  public async renderPage({ guildId, state, page }: PageRequest): Promise<RenderedPage> {
    const [category, tag] = state.split('|');
    const filter = { category: category || null, tag: tag || null };
    const { entries, total } = await this.container.kb.list(guildId, filter, page, PAGE_SIZE);
    const scope = [
      filter.category ? `category ${filter.category}` : null,
      filter.tag ? `tag #${filter.tag}` : null,
    ].filter(Boolean);
    const embed = new EmbedBuilder()
      .setTitle(`Knowledge base${scope.length ? ` — ${scope.join(', ')}` : ''} (${total})`)
      .setDescription(
        entries.length
          ? entries.map(entryLine).join('\n')
          : scope.length
            ? 'No entries match.'
            : 'No entries yet. Add one with `/kb add`.',
      );
    return { embed, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
  }

  // rate

  public async chatInputRate(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.rate(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      options.getString('entry', true),
      options.getInteger('rating', true),
    );
  }

  public async messageRate(message: Message, args: Args) {
    const usage = await usageOf(message, 'kb rate <entry> <1-5>');
    const text = (await restOrUsage(args, usage)).trim();
    const match = /^(.*\S)\s+(-?\d+)$/.exec(text);
    if (!match) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    await this.rate(message, message.guildId!, message.author.id, match[1]!, Number(match[2]));
  }

  private async rate(source: CommandSource, guildId: string, userId: string, name: string, score: number) {
    const { entry, rating, ratingCount } = await this.container.kb.rate(guildId, name, userId, score);
    await respond(
      source,
      {
        content: `You rated ${quote(entry.title)} ${score}/5. It is now ${formatRating({ rating, ratingCount })}.`,
        allowedMentions: NO_PINGS,
      },
      { ephemeral: true },
    );
  }

  // stats

  public async chatInputStats(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.stats(interaction, interaction.guildId!);
  }

  public async messageStats(message: Message) {
    await this.stats(message, message.guildId!);
  }

  private async stats(source: CommandSource, guildId: string) {
    const { totals, mostUsed, bestRated, misses } = await this.container.kb.stats(guildId);
    const lines = (items: string[]) => (items.length ? items.join('\n') : 'None yet.');
    const embed = new EmbedBuilder()
      .setTitle('Knowledge base stats')
      .setDescription(`${totals.entries} entries (${totals.verified} verified), shown ${totals.uses} times.`)
      .addFields(
        { name: 'Most used', value: lines(mostUsed.map((entry) => `${quote(entry.title)} — ${entry.useCount}×`)) },
        {
          name: 'Best rated',
          value: lines(bestRated.map((entry) => `${quote(entry.title)} — ${formatRating(entry)}`)),
        },
        {
          name: 'Searches that found nothing (90 days)',
          value: lines(misses.map((miss) => `${quote(miss.query)} — ${miss.count}×`)).slice(0, 1024),
        },
      );
    await respond(source, { embeds: [embed], allowedMentions: NO_PINGS }, { ephemeral: true });
  }

  // add

  public async chatInputAdd(interaction: Subcommand.ChatInputCommandInteraction) {
    await interaction.showModal(entryModal(KB_ADD_MODAL, 'New knowledge base entry'));
  }

  public async messageAdd(message: Message, args: Args) {
    const usage = await usageOf(message, 'kb add <title> | <content> [| category] [| tags]');
    const [title, content, category, tags] = (await restOrUsage(args, usage)).split('|');
    if (content === undefined) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    const entry = await this.container.kb.add(
      message.guildId!,
      { title: title!, content, category, tags },
      message.author.id,
    );
    await respond(message, { content: `Added ${quote(entry.title)}.`, allowedMentions: NO_PINGS });
  }

  // edit

  public async chatInputEdit(interaction: Subcommand.ChatInputCommandInteraction) {
    const entry = await this.container.kb.resolve(interaction.guildId!, interaction.options.getString('entry', true));
    await interaction.showModal(entryModal(editModalId(entry.id), 'Edit entry', entry));
  }

  public async messageEdit(message: Message, args: Args) {
    const usage = await usageOf(message, 'kb edit <entry> | <new content>');
    const [name, content] = (await restOrUsage(args, usage)).split(/\|(.*)/s);
    if (content === undefined) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    const guildId = message.guildId!;
    const entry = await this.container.kb.resolve(guildId, name!);
    const edited = await this.container.kb.edit(guildId, entry.id, { ...entry, content });
    await respond(message, { content: `Updated ${quote(edited.title)}.`, allowedMentions: NO_PINGS });
  }

  // delete

  public async chatInputDelete(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.delete(interaction, interaction.guildId!, interaction.options.getString('entry', true));
  }

  public async messageDelete(message: Message, args: Args) {
    await this.delete(message, message.guildId!, await restOrUsage(args, await usageOf(message, 'kb delete <entry>')));
  }

  private async delete(source: CommandSource, guildId: string, name: string) {
    const entry = await this.container.kb.delete(guildId, name);
    await respond(
      source,
      { content: `Deleted ${quote(entry.title)}.`, allowedMentions: NO_PINGS },
      { ephemeral: true },
    );
  }

  // verify / unverify

  public async chatInputVerify(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.verify(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('entry', true),
      true,
    );
  }

  public async messageVerify(message: Message, args: Args) {
    const name = await restOrUsage(args, await usageOf(message, 'kb verify <entry>'));
    await this.verify(message, message.guildId!, message.author.id, name, true);
  }

  public async chatInputUnverify(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.verify(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('entry', true),
      false,
    );
  }

  public async messageUnverify(message: Message, args: Args) {
    const name = await restOrUsage(args, await usageOf(message, 'kb unverify <entry>'));
    await this.verify(message, message.guildId!, message.author.id, name, false);
  }

  private async verify(source: CommandSource, guildId: string, actorId: string, name: string, verified: boolean) {
    const entry = await this.container.kb.setVerified(guildId, name, verified, actorId);
    const text = verified ? `${quote(entry.title)} is now verified.` : `${quote(entry.title)} is no longer verified.`;
    await respond(source, { content: text, allowedMentions: NO_PINGS }, { ephemeral: true });
  }

  // alias add / remove

  public async chatInputAliasAdd(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.aliasAdd(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      options.getString('entry', true),
      options.getString('alias', true),
    );
  }

  public async messageAliasAdd(message: Message, args: Args) {
    const usage = await usageOf(message, 'kb alias add "<entry>" <alias>');
    const name = await pickOrUsage(args, 'string', usage);
    const alias = await restOrUsage(args, usage);
    await this.aliasAdd(message, message.guildId!, message.author.id, name, alias);
  }

  private async aliasAdd(source: CommandSource, guildId: string, actorId: string, name: string, rawAlias: string) {
    const { entry, alias } = await this.container.kb.addAlias(guildId, name, rawAlias, actorId);
    await respond(
      source,
      { content: `${quote(alias)} now also shows ${quote(entry.title)}.`, allowedMentions: NO_PINGS },
      { ephemeral: true },
    );
  }

  public async chatInputAliasRemove(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.aliasRemove(interaction, interaction.guildId!, interaction.options.getString('alias', true));
  }

  public async messageAliasRemove(message: Message, args: Args) {
    await this.aliasRemove(
      message,
      message.guildId!,
      await restOrUsage(args, await usageOf(message, 'kb alias remove <alias>')),
    );
  }

  private async aliasRemove(source: CommandSource, guildId: string, rawAlias: string) {
    const { alias, entry } = await this.container.kb.removeAlias(guildId, rawAlias);
    await respond(
      source,
      { content: `Removed the alias ${quote(alias)} of ${quote(entry.title)}.`, allowedMentions: NO_PINGS },
      { ephemeral: true },
    );
  }

  // import / export

  public async chatInputImport(interaction: Subcommand.ChatInputCommandInteraction) {
    const file = interaction.options.getAttachment('file', true);
    await this.import(interaction, interaction.guildId!, interaction.user.id, file);
  }

  public async messageImport(message: Message) {
    const file = message.attachments.first();
    if (!file) {
      throw new UserError({
        identifier: 'BadArgument',
        message: `Attach the JSON file to \`${await usageOf(message, 'kb import')}\`.`,
      });
    }
    await this.import(message, message.guildId!, message.author.id, file);
  }

  private async import(
    source: CommandSource,
    guildId: string,
    actorId: string,
    file: { url: string; size: number; name: string },
  ) {
    if (file.size > MAX_IMPORT_BYTES) {
      throw new UserError({
        identifier: 'KbBadImport',
        message: `Nothing was imported: the file is ${Math.ceil(file.size / 1024)} KB; the limit is ${MAX_IMPORT_BYTES / 1024} KB.`,
      });
    }
    await deferIfInteraction(source, { ephemeral: true });
    const response = await fetch(file.url);
    if (!response.ok) {
      throw new UserError({
        identifier: 'KbBadImport',
        message: 'Nothing was imported: I could not download the file. Try again.',
      });
    }
    const { created, updated } = await this.container.kb.importJson(guildId, await response.text(), actorId);
    await respond(
      source,
      {
        content: `Imported ${quote(file.name)}: ${created} entries added, ${updated} replaced.`,
        allowedMentions: NO_PINGS,
      },
      { ephemeral: true },
    );
  }

  public async chatInputExport(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.export(interaction, interaction.guildId!);
  }

  public async messageExport(message: Message) {
    await this.export(message, message.guildId!);
  }

  private async export(source: CommandSource, guildId: string) {
    await deferIfInteraction(source, { ephemeral: true });
    const { json, count } = await this.container.kb.exportJson(guildId);
    const file = new AttachmentBuilder(Buffer.from(json, 'utf8'), { name: `kb-${guildId}.json` });
    await respond(
      source,
      { content: `${count} entries.`, files: [file], allowedMentions: NO_PINGS },
      { ephemeral: true },
    );
  }

  // trigger

  public async chatInputTrigger(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.trigger(interaction, interaction.guildId!, interaction.options.getString('trigger', true));
  }

  public async messageTrigger(message: Message, args: Args) {
    const value = await pickOrUsage(args, 'string', await usageOf(message, 'kb trigger <text|off>'));
    await this.trigger(message, message.guildId!, value);
  }

  private async trigger(source: CommandSource, guildId: string, typed: string) {
    const value = typed.trim();
    const actor = settingsActorOf(source);
    if (/^(off|none)$/i.test(value)) {
      await kb.setSetting(guildId, 'trigger', null, actor);
      await respond(source, 'The short trigger is off.', { ephemeral: true });
      return;
    }
    const prefix = await this.container.guildSettings.prefixFor(guildId);
    if (KbService.triggerConflict(value, prefix)) {
      throw new UserError({
        identifier: 'KbTriggerConflict',
        message: `\`${value}\` would clash with the command prefix \`${prefix}\`: choose a trigger that neither starts with it nor begins it (like \`?\`).`,
      });
    }
    await kb.setSetting(guildId, 'trigger', value, actor);
    await respond(
      source,
      { content: `\`${value}printer\` now shows the entry "printer".`, allowedMentions: NO_PINGS },
      { ephemeral: true },
    );
  }
}
