import { EmbedBuilder, TimestampStyles, channelMention, time, userMention } from 'discord.js';
import { ModerationAction, type ModerationLog } from '../entities/ModerationLog';

const LABELS: Record<ModerationAction, { label: string; color: number }> = {
  [ModerationAction.NOTE]: { label: 'Note', color: 0x95a5a6 },
  [ModerationAction.WARN]: { label: 'Warn', color: 0xf1c40f },
  [ModerationAction.TIMEOUT]: { label: 'Timeout', color: 0xe67e22 },
  [ModerationAction.UNTIMEOUT]: { label: 'Timeout lifted', color: 0x2ecc71 },
  [ModerationAction.KICK]: { label: 'Kick', color: 0xe74c3c },
  [ModerationAction.BAN]: { label: 'Ban', color: 0xc0392b },
  [ModerationAction.TEMPBAN]: { label: 'Tempban', color: 0xc0392b },
  [ModerationAction.UNBAN]: { label: 'Unban', color: 0x2ecc71 },
  [ModerationAction.SOFTBAN]: { label: 'Softban', color: 0xd35400 },
  [ModerationAction.PURGE]: { label: 'Purge', color: 0x3498db },
};

export function actionLabel(action: ModerationAction): string {
  return LABELS[action].label;
}

/** A case as members read it in the mod-log channel and in `/case`. */
export function caseEmbed(row: ModerationLog): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setTitle(`Case #${row.caseNumber} · ${actionLabel(row.action)}`)
    .setColor(LABELS[row.action].color)
    .addFields(
      {
        name: 'Member',
        value: row.userId ? `${userMention(row.userId)} (\`${row.userId}\`)` : 'Everyone',
        inline: true,
      },
      { name: 'Moderator', value: row.performedBy ? userMention(row.performedBy) : 'Unknown', inline: true },
      { name: 'Reason', value: row.reason.slice(0, 1024) },
    )
    .setTimestamp(row.createdAt);
  if (row.expiresAt) {
    embed.addFields({
      name: 'Expires',
      value: `${time(row.expiresAt, TimestampStyles.LongDateTime)} (${time(row.expiresAt, TimestampStyles.RelativeTime)})`,
    });
  }
  if (row.channelId) embed.addFields({ name: 'Channel', value: channelMention(row.channelId), inline: true });
  if (row.dmFailed) embed.addFields({ name: 'DM', value: 'The member could not be told by DM.' });
  return embed;
}
