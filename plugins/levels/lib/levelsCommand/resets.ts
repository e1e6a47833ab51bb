import { container, UserError, type Args } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  roleMention,
  type Guild,
  type GuildMember,
  type Message,
} from 'discord.js';
import { usageOf } from '#core/plugin-kit/args';
import { deferIfInteraction, respond, type CommandSource } from '#core/plugin-kit/respond';
import { LEVELS_RESET_ALL_BUTTON } from '../../ids';
import levels from '../../index';
import type { LevelsSettings } from '../../settings';
import { memberArg, memberOf, memberOption } from '../targets';
import { MANAGE_MEMBERS, MANAGE_SETTINGS, type Chat, type LevelsCommandPart } from './part';

/**
 * `/levels sync [member]`, `/levels reset <member>` and `/levels reset-all`: bring reward roles in line with levels,
 * and delete members' XP (reset-all asks to confirm; `interaction-handlers/levelsResetAll.ts` does the deleting).
 */
export const resetsPart: LevelsCommandPart = {
  subcommands: [
    {
      name: 'sync',
      chatInputRun: async (interaction: Chat) => {
        const user = interaction.options.getUser('member');
        await sync(interaction, interaction.guild!, user ? await memberOf(interaction.guild!, user) : null);
      },
      messageRun: async (message: Message, args: Args) => {
        const usage = await usageOf(message, 'levels sync [member]');
        await sync(message, message.guild!, args.finished ? null : await memberArg(message.guild!, args, usage));
      },
      preconditions: [...MANAGE_MEMBERS],
    },
    {
      name: 'reset',
      chatInputRun: async (interaction: Chat) => reset(interaction, await memberOption(interaction)),
      messageRun: async (message: Message, args: Args) =>
        reset(message, await memberArg(message.guild!, args, await usageOf(message, 'levels reset <member>'))),
      preconditions: [...MANAGE_MEMBERS],
    },
    {
      name: 'reset-all',
      chatInputRun: (interaction: Chat) => askResetAll(interaction, interaction.guild!, interaction.user.id),
      messageRun: (message: Message) => askResetAll(message, message.guild!, message.author.id),
      preconditions: [...MANAGE_SETTINGS],
    },
  ],
  register(builder) {
    builder
      .addSubcommand((sub) =>
        sub
          .setName('sync')
          .setDescription("Give and take reward roles so they match members' levels.")
          .addUserOption((o) => o.setName('member').setDescription('Only this member')),
      )
      .addSubcommand((sub) =>
        sub
          .setName('reset')
          .setDescription("Delete a member's XP and levels.")
          .addUserOption((o) => o.setName('member').setDescription('Member').setRequired(true)),
      )
      .addSubcommand((sub) => sub.setName('reset-all').setDescription('Delete everyone’s XP (asks to confirm).'));
  },
};

async function sync(source: CommandSource, guild: Guild, member: GuildMember | null) {
  await deferIfInteraction(source);
  const service = container.levels;
  const settings = await levels.settings(guild.id);
  if (settings.roleRewards.length === 0) {
    throw new UserError({
      identifier: 'LevelsNoRewards',
      message: 'There are no reward roles to sync. Add one with `/levels reward add <level> <role>`.',
    });
  }
  const members = member ? [member] : await membersToSync(guild, settings);
  let changed = 0;
  const blocked = new Set<string>();
  for (const target of members) {
    const { level } = await service.profile(guild.id, target.id);
    const result = await service.applyRewards(target, level, settings);
    if (result.added.length > 0 || result.removed.length > 0) changed += 1;
    for (const roleId of result.blocked) blocked.add(roleId);
  }
  const blockedNote = blocked.size
    ? ` I cannot manage ${[...blocked].map(roleMention).join(', ')}: move my role above ${blocked.size === 1 ? 'it' : 'them'}.`
    : '';
  await respond(source, {
    content: `Checked ${members.length} member${members.length === 1 ? '' : 's'}; fixed the roles of ${changed}.${blockedNote}`,
    allowedMentions: { parse: [] },
  });
}

/**
 * Members with XP, plus any member holding a reward role (who may have lost their XP): every member, fetched from
 * Discord (the client caches only the members it saw last).
 */
async function membersToSync(guild: Guild, settings: LevelsSettings): Promise<GuildMember[]> {
  const { repository } = container.levels;
  await repository.flush();
  const withXp = new Set(await repository.memberIds(guild.id));
  const rewardRoles = new Set(settings.roleRewards.map((reward) => reward.roleId));
  const everyone = await guild.members.fetch();
  return [...everyone.values()].filter(
    (member) =>
      !member.user.bot && (withXp.has(member.id) || member.roles.cache.some((role) => rewardRoles.has(role.id))),
  );
}

async function reset(source: CommandSource, member: GuildMember) {
  const service = container.levels;
  const existed = await service.repository.resetMember(member.guild.id, member.id);
  if (!existed) {
    throw new UserError({ identifier: 'LevelsNothingToReset', message: `${member} has no XP to reset.` });
  }
  await service.applyRewards(member, 0);
  await respond(source, { content: `Reset ${member}'s XP and level.`, allowedMentions: { parse: [] } });
}

async function askResetAll(source: CommandSource, guild: Guild, userId: string) {
  const { repository } = container.levels;
  await repository.flush();
  const count = await repository.memberCount(guild.id);
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(`${LEVELS_RESET_ALL_BUTTON}:confirm:${userId}`)
      .setLabel('Delete all levels')
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(`${LEVELS_RESET_ALL_BUTTON}:cancel:${userId}`)
      .setLabel('Cancel')
      .setStyle(ButtonStyle.Secondary),
  );
  await respond(source, {
    content: `This deletes the XP and levels of **${count.toLocaleString('en-US')}** members on this server. It cannot be undone.`,
    components: [row],
  });
}
