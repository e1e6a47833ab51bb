import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';
import { describeMessageEdit } from '../services/describe';

/** A message edited: before (from the plugin's cache) and after (from the gateway payload). */
export class AuditMessageUpdateListener extends PluginGatewayListener<GatewayDispatchEvents.MessageUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageUpdate });
  }

  public override runEnabled(
    data: DispatchData<GatewayDispatchEvents.MessageUpdate>,
    _shardId: number,
    guildId: string,
  ) {
    const { author, content } = data;
    // An update without author or content is an embed appearing, not an edit; the bot's own posts are not news.
    if (!author || content === undefined || author.id === this.container.client.user?.id) return;
    const { audit } = this.container;
    const entry = describeMessageEdit(
      guildId,
      { ...data, author, content },
      audit.channel(data.channel_id),
      audit.messages.get(data.id),
    );
    if (!entry) return;
    audit.messages.updateContent(
      data.id,
      content,
      (data.attachments ?? []).map((attachment) => attachment.filename),
    );
    audit.record(entry);
  }
}
