import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type VoiceState } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeVoice, type VoiceAction } from '../services/describe';
import type { ActorQuery } from '../services/ActorResolver';

/** Voice joins, leaves, moves and server mutes/deafens (VOICE_EVENTS). */
export class AuditVoiceStateListener extends PluginListener<typeof Events.VoiceStateUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.VoiceStateUpdate });
  }

  public override runEnabled(before: VoiceState, after: VoiceState) {
    const guildId = after.guild.id;
    const at = Date.now();
    for (const { action, entry } of describeVoice(before, after)) {
      this.container.audit.record(entry, this.actorQuery(action, guildId, after, at));
    }
  }

  /** Who did it: the member themself, unless a moderator moved, disconnected, muted or deafened them. */
  private actorQuery(
    action: VoiceAction,
    guildId: string,
    after: VoiceState,
    at: number,
  ): ActorQuery & { fallback?: string | null } {
    switch (action) {
      case 'voice_join':
        return { guildId, actions: [], at, waitMs: 0, fallback: after.id };
      case 'voice_move':
        // Discord's MEMBER_MOVE entries name the destination, not the member.
        return { guildId, actions: [AuditLogEvent.MemberMove], channelId: after.channelId!, at, fallback: after.id };
      case 'voice_leave':
        return { guildId, actions: [AuditLogEvent.MemberDisconnect], at, fallback: after.id };
      default:
        return { guildId, actions: [AuditLogEvent.MemberUpdate], targetId: after.id, at, fetch: true };
    }
  }
}
