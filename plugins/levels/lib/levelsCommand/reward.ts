import { container, UserError, type Args } from '@sapphire/framework';
import { roleMention, type Message } from 'discord.js';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import levels from '../../index';
import { MANAGE_SETTINGS, saveSetting, type Chat, type LevelsCommandPart } from './part';

/** `/levels reward add <level> <role>` and `/levels reward remove <role>`: the roles members get at levels. */
export const rewardPart: LevelsCommandPart = {
  subcommands: [
    {
      name: 'reward',
      type: 'group',
      entries: [
        {
          name: 'add',
          chatInputRun: (interaction: Chat) =>
            rewardAdd(
              interaction,
              interaction.options.getInteger('level', true),
              interaction.options.getRole('role', true).id,
            ),
          messageRun: async (message: Message, args: Args) => {
            const usage = await usageOf(message, 'levels reward add <level> <role>');
            const level = await pickOrUsage(args, 'integer', usage);
            await rewardAdd(message, level, (await pickOrUsage(args, 'role', usage)).id);
          },
          preconditions: [...MANAGE_SETTINGS],
        },
        {
          name: 'remove',
          chatInputRun: (interaction: Chat) => rewardRemove(interaction, interaction.options.getRole('role', true).id),
          messageRun: async (message: Message, args: Args) => {
            const role = await pickOrUsage(args, 'role', await usageOf(message, 'levels reward remove <role>'));
            await rewardRemove(message, role.id);
          },
          preconditions: [...MANAGE_SETTINGS],
        },
      ],
    },
  ],
  register(builder) {
    builder.addSubcommandGroup((group) =>
      group
        .setName('reward')
        .setDescription('Roles given at levels.')
        .addSubcommand((sub) =>
          sub
            .setName('add')
            .setDescription('Give a role at a level.')
            .addIntegerOption((o) =>
              o.setName('level').setDescription('Level').setRequired(true).setMinValue(1).setMaxValue(1000),
            )
            .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('remove')
            .setDescription('Stop giving a role.')
            .addRoleOption((o) => o.setName('role').setDescription('Role').setRequired(true)),
        ),
    );
  },
};

async function rewardAdd(source: CommandSource, level: number, roleId: string) {
  const guild = source.guild!;
  const role = guild.roles.cache.get(roleId);
  if (!role || role.id === guild.id || role.managed) {
    throw new UserError({
      identifier: 'LevelsBadRewardRole',
      message: 'That role cannot be a reward: pick a normal role (not @everyone or a bot’s role).',
    });
  }
  if (!Number.isInteger(level) || level < 1 || level > 1000) {
    throw new UserError({ identifier: 'LevelsBadLevel', message: 'The level must be between 1 and 1000.' });
  }
  const { roleRewards } = await levels.settings(guild.id);
  if (roleRewards.some((reward) => reward.level === level && reward.roleId === roleId)) {
    throw new UserError({
      identifier: 'LevelsRewardExists',
      message: `${role} is already the level ${level} reward.`,
    });
  }
  await saveSetting(source, 'roleRewards', [...roleRewards, { level, roleId }]);
  await container.levels.forgetBlockedRole(guild.id, roleId);
  const warning = role.editable
    ? ''
    : `\nNote: I cannot give ${role} yet: move my role above it and give me Manage Roles.`;
  await respond(
    source,
    {
      content: `Members reaching **level ${level}** now get ${role}. Run \`/levels sync\` to give it to members already there.${warning}`,
      allowedMentions: { parse: [] },
    },
    { ephemeral: true },
  );
}

async function rewardRemove(source: CommandSource, roleId: string) {
  const guild = source.guild!;
  const { roleRewards } = await levels.settings(guild.id);
  const kept = roleRewards.filter((reward) => reward.roleId !== roleId);
  if (kept.length === roleRewards.length) {
    throw new UserError({ identifier: 'LevelsNotAReward', message: `${roleMention(roleId)} is not a reward role.` });
  }
  await saveSetting(source, 'roleRewards', kept);
  await container.levels.forgetBlockedRole(guild.id, roleId);
  await respond(
    source,
    { content: `${roleMention(roleId)} is no longer a reward role.`, allowedMentions: { parse: [] } },
    { ephemeral: true },
  );
}
