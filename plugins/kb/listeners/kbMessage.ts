import type { Listener } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  RESTJSONErrorCodes,
  type Message,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { authorMember } from '#core/plugin-kit/members';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { feedbackButtonId } from '../ids';
import kb from '../index';
import { entryEmbed, NO_PINGS } from '../lib/render';
import { KbService } from '../services/KbService';
import type { SuggestionPlace } from '../services/SuggestionService';

/**
 * Chat the KB answers: the guild's short trigger (`?printer` shows the entry), and in ticket and help channels a
 * suggested entry under a message that matches one well. Every message of the guild passes here, so what is not a
 * trigger or in such a channel is dismissed from memory, without a query.
 */
export class KbMessageListener extends PluginListener<typeof Events.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCreate });
  }

  public override runEnabled(message: Message, guildId: string | null) {
    if (!guildId || !message.inGuild() || message.author.bot || message.webhookId || message.system) return undefined;
    const trigger = kb.settingsNow(guildId)?.trigger;
    if (trigger && message.content.length > trigger.length && message.content.startsWith(trigger)) {
      return this.answerTrigger(message, guildId, trigger);
    }
    const parentId = message.channel.isThread() ? message.channel.parentId : null;
    const place = this.container.kb.suggestions.placeOf(guildId, message.channelId, parentId);
    return place ? this.suggest(message, guildId, place) : undefined;
  }

  /** `?printer`: the entry, if there is one and the member may view the KB; silence otherwise, as for tags. */
  private async answerTrigger(message: Message<true>, guildId: string, trigger: string) {
    const prefix = await this.container.guildSettings.prefixFor(guildId);
    // The prefix may have changed since the trigger was set: commands win.
    if (KbService.triggerConflict(trigger, prefix) || message.content.startsWith(prefix)) return;
    const name = message.content.slice(trigger.length).trim();
    if (!name) return;
    const { kb: service, permissions } = this.container;
    const member = await authorMember(message);
    if (!member || !(await permissions.has(member, Permission.VIEW_KB))) return;
    const id = await service.repository.idByName(guildId, name);
    if (id === null) return;
    const entry = await service.show(guildId, name);
    await message.reply({ embeds: [entryEmbed(entry)], allowedMentions: NO_PINGS });
  }

  private async suggest(message: Message<true>, guildId: string, place: SuggestionPlace) {
    if (message.content.startsWith(await this.container.guildSettings.prefixFor(guildId))) return;
    const { kb: service } = this.container;
    const suggestion = await service.suggestions.suggest({
      guildId,
      channelId: message.channelId,
      place,
      content: message.content,
      askerId: message.author.id,
    });
    if (!suggestion) return;
    const entry = await service.repository.findById(guildId, suggestion.entryId);
    if (!entry) return;
    const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(feedbackButtonId(suggestion.suggestionId, true))
        .setLabel('This helped')
        .setStyle(ButtonStyle.Success),
      new ButtonBuilder()
        .setCustomId(feedbackButtonId(suggestion.suggestionId, false))
        .setLabel('Not helpful')
        .setStyle(ButtonStyle.Secondary),
    );
    try {
      await message.reply({
        content: 'This entry of the knowledge base might answer that:',
        embeds: [entryEmbed(entry)],
        components: [buttons],
        allowedMentions: NO_PINGS,
      });
    } catch (error) {
      // Not posted (no permission to write there, message gone): the entry may be suggested there later.
      await service.suggestions.withdraw(suggestion.suggestionId);
      // A question deleted before its answer came needs no answer, and is no fault.
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) return;
      throw error;
    }
  }
}
