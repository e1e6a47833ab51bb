import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  RESTJSONErrorCodes,
  type MessageCreateOptions,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { isMemberChat, threadParentOf } from '#core/plugin-kit/gatewayMessages';
import { fetchMember } from '#core/plugin-kit/members';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';
import { feedbackButtonId } from '../ids';
import kb from '../index';
import { entryEmbed, NO_PINGS } from '../lib/render';
import type { KbSettings } from '../settings';
import { KbService } from '../services/KbService';
import type { SuggestionPlace } from '../services/SuggestionService';

type ChatData = DispatchData<GatewayDispatchEvents.MessageCreate>;

/**
 * Chat the KB answers: the guild's short trigger (`?printer` shows the entry), and in ticket and help channels a
 * suggested entry under a message that matches one well. Every message of the guild passes here (as its gateway
 * payload), so what is not a trigger or in such a channel is dismissed from memory, without a query.
 */
export class KbMessageListener extends PluginGatewayListener<GatewayDispatchEvents.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageCreate });
  }

  public override runEnabled(data: ChatData, _shardId: number, guildId: string | null) {
    if (!guildId || !isMemberChat(data)) return undefined;
    const settings = kb.settingsNow(guildId);
    // Not in memory (the guild's settings just changed and are being read again): wait for them rather than let
    // the message pass unanswered.
    if (!settings) return kb.settings(guildId).then((read) => this.answer(data, guildId, read));
    return this.answer(data, guildId, settings);
  }

  private answer(data: ChatData, guildId: string, settings: KbSettings) {
    const { trigger } = settings;
    if (trigger && data.content.length > trigger.length && data.content.startsWith(trigger)) {
      return this.answerTrigger(data, guildId, trigger);
    }
    const parentId = threadParentOf(this.container.client, data.channel_id);
    const place = this.container.kb.suggestions.placeOf(guildId, settings, data.channel_id, parentId);
    return place ? this.suggest(data, guildId, place) : undefined;
  }

  /** `?printer`: the entry, if there is one and the member may view the KB; silence otherwise, as for tags. */
  private async answerTrigger(data: ChatData, guildId: string, trigger: string) {
    const prefix = await this.container.guildSettings.prefixFor(guildId);
    // The prefix may have changed since the trigger was set: commands win.
    if (KbService.triggerConflict(trigger, prefix) || data.content.startsWith(prefix)) return;
    const name = data.content.slice(trigger.length).trim();
    if (!name) return;
    const { kb: service, permissions, client } = this.container;
    const guild = client.guilds.cache.get(guildId);
    const member = guild && (await fetchMember(guild, data.author.id));
    if (!member || !(await permissions.has(member, Permission.VIEW_KB))) return;
    const id = await service.repository.idByName(guildId, name);
    if (id === null) return;
    const entry = await service.show(guildId, name);
    await this.reply(data, { embeds: [entryEmbed(entry)], allowedMentions: NO_PINGS });
  }

  private async suggest(data: ChatData, guildId: string, place: SuggestionPlace) {
    if (data.content.startsWith(await this.container.guildSettings.prefixFor(guildId))) return;
    const { kb: service } = this.container;
    const suggestion = await service.suggestions.suggest({
      guildId,
      channelId: data.channel_id,
      place,
      content: data.content,
      askerId: data.author.id,
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
      await this.reply(data, {
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

  /** Answers under the member's message (there is no Message object for chat: it is read from the payload). */
  private async reply(data: ChatData, options: MessageCreateOptions) {
    const channel = await this.container.client.channels.fetch(data.channel_id);
    if (!channel?.isSendable()) throw new Error(`KB: channel ${data.channel_id} takes no messages`);
    await channel.send({ ...options, reply: { messageReference: data.id } });
  }
}
