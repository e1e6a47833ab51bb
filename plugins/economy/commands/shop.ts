import { UserError, type Args } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { EmbedBuilder, PermissionFlagsBits, roleMention, type AutocompleteInteraction, type Message } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOptional, pickOrUsage, restOrUsage, usageOf } from '#core/plugin-kit/args';
import { autocompleteIfEnabled } from '#core/plugin-kit/autocomplete';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '#core/plugin-kit/pagination';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { ItemType } from '../entities/Item';
import { downloadBackgroundUpload } from '../lib/backgroundUpload';
import { replyInTime } from '../lib/replyInTime';
import { parseAmount } from '../services/amount';
import type { ShopItem } from '../services/types';
import { formatMoney } from '../services/format';

const MANAGE = [{ name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } }] as const;
const ITEMS_PER_PAGE = 5;
const MAX_STOCK = 1_000_000;
const EDITABLE_FIELDS = ['price', 'stock', 'description'] as const;

/** `/shop view` for everyone; `/shop add|edit|remove` for admins. */
export class ShopCommand extends Subcommand implements PagedCommand {
  public readonly pagedSubcommand = 'view';

  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: "Browse the server's shop; admins add, edit and remove items.",
      detailedDescription:
        '/shop view · /shop add <name> <type> <price> [description] [stock] [role] [image] · /shop edit <item> [price] [description] [stock] [unlimited] · /shop remove <item>',
      runIn: ['GUILD_ANY'],
      subcommands: [
        { name: 'view', chatInputRun: 'chatInputView', messageRun: 'messageView', default: true },
        { name: 'add', chatInputRun: 'chatInputAdd', messageRun: 'messageAdd', preconditions: [...MANAGE] },
        { name: 'edit', chatInputRun: 'chatInputEdit', messageRun: 'messageEdit', preconditions: [...MANAGE] },
        { name: 'remove', chatInputRun: 'chatInputRemove', messageRun: 'messageRemove', preconditions: [...MANAGE] },
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    const typeChoices = Object.values(ItemType).map((type) => ({ name: type.toLowerCase(), value: type }));
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) => sub.setName('view').setDescription('Browse the items for sale.'))
        .addSubcommand((sub) =>
          sub
            .setName('add')
            .setDescription('Admins: put a new item in the shop.')
            .addStringOption((o) => o.setName('name').setDescription('Item name').setRequired(true).setMaxLength(64))
            .addStringOption((o) =>
              o
                .setName('type')
                .setDescription('Kind of item')
                .setRequired(true)
                .addChoices(...typeChoices),
            )
            .addStringOption((o) =>
              o.setName('price').setDescription('Price: 250, 1k, 0 for free').setRequired(true).setMaxLength(40),
            )
            .addStringOption((o) => o.setName('description').setDescription('What it is').setMaxLength(300))
            .addIntegerOption((o) =>
              o
                .setName('stock')
                .setDescription('How many exist (default: unlimited)')
                .setMinValue(0)
                .setMaxValue(MAX_STOCK),
            )
            .addRoleOption((o) => o.setName('role').setDescription('Role it grants (role items)'))
            .addAttachmentOption((o) =>
              o.setName('image').setDescription('Background items: a PNG or JPEG of at most 2 MB to show on cards'),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('edit')
            .setDescription("Admins: change an item's price, description or stock.")
            .addStringOption((o) =>
              o.setName('item').setDescription('Item').setRequired(true).setMaxLength(64).setAutocomplete(true),
            )
            .addStringOption((o) => o.setName('price').setDescription('New price').setMaxLength(40))
            .addStringOption((o) => o.setName('description').setDescription('New description').setMaxLength(300))
            .addIntegerOption((o) =>
              o.setName('stock').setDescription('New stock').setMinValue(0).setMaxValue(MAX_STOCK),
            )
            .addBooleanOption((o) => o.setName('unlimited').setDescription('Make the stock unlimited')),
        )
        .addSubcommand((sub) =>
          sub
            .setName('remove')
            .setDescription('Admins: stop selling an item (owners keep theirs).')
            .addStringOption((o) =>
              o.setName('item').setDescription('Item').setRequired(true).setMaxLength(64).setAutocomplete(true),
            ),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    const forSaleOnly = interaction.options.getSubcommand(false) === 'remove';
    await autocompleteIfEnabled(this, interaction, (guildId, typed) =>
      this.container.economy.shop.itemNames(guildId, typed, { forSaleOnly }),
    );
  }

  // view

  public async chatInputView(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.view(interaction, interaction.guildId!, interaction.user.id);
  }

  public async messageView(message: Message) {
    await this.view(message, message.guildId!, message.author.id);
  }

  private async view(source: CommandSource, guildId: string, viewerId: string) {
    await replyWithPages(source, this, { guildId, viewerId, state: '' });
  }

  public async renderPage({ guildId, page }: PageRequest): Promise<RenderedPage> {
    const [settings, { items, total }] = await Promise.all([
      economy.settings(guildId),
      this.container.economy.shop.shopPage(guildId, page * ITEMS_PER_PAGE, ITEMS_PER_PAGE),
    ]);
    const embed = new EmbedBuilder().setTitle('Shop');
    if (items.length === 0) embed.setDescription('The shop is empty. Admins add items with `/shop add`.');
    embed.addFields(
      items.map((item) => ({
        name: `${item.name} — ${formatMoney(item.price, settings)}`,
        value: describeItem(item).slice(0, 1024),
      })),
    );
    return { embed, pageCount: Math.max(1, Math.ceil(total / ITEMS_PER_PAGE)) };
  }

  // add

  public async chatInputAdd(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.add(interaction, interaction.guildId!, {
      name: options.getString('name', true),
      type: options.getString('type', true),
      price: options.getString('price', true),
      description: options.getString('description'),
      stock: options.getInteger('stock'),
      role: options.getRole('role'),
      image: options.getAttachment('image'),
    });
  }

  public async messageAdd(message: Message, args: Args) {
    const usage = await usageOf(message, 'shop add "<name>" <type> <price> [stock] [@role] (+ an attached image)');
    const name = await pickOrUsage(args, 'string', usage);
    const type = await pickOrUsage(args, 'string', usage);
    const price = await pickOrUsage(args, 'string', usage);
    // A role named that is not one here (deleted, another server's) is refused, not dropped from the item.
    const stock = await pickOptional(args, 'integer', usage);
    const role = await pickOptional(args, 'role', usage);
    if (!args.finished) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    await this.add(message, message.guildId!, {
      name,
      type,
      price,
      description: null,
      stock,
      role,
      image: message.attachments.first() ?? null,
    });
  }

  private async add(
    source: CommandSource,
    guildId: string,
    input: {
      name: string;
      type: string;
      price: string;
      description: string | null;
      stock: number | null;
      role: { id: string; managed: boolean } | null;
      /** An image for a BACKGROUND item, attached to the command. */
      image: { url: string; size: number } | null;
    },
  ) {
    await replyInTime(source, async () => {
      const type = input.type.toUpperCase() as ItemType;
      if (!Object.values(ItemType).includes(type)) {
        throw new UserError({
          identifier: 'BadArgument',
          message: `The type is one of ${Object.values(ItemType)
            .map((value) => `\`${value.toLowerCase()}\``)
            .join(', ')}.`,
        });
      }
      const name = input.name.trim().slice(0, 64);
      if (!name) throw new UserError({ identifier: 'BadArgument', message: 'The item needs a name.' });
      if (input.stock !== null && (input.stock < 0 || input.stock > MAX_STOCK)) {
        throw new UserError({ identifier: 'BadArgument', message: `The stock must be from 0 to ${MAX_STOCK}.` });
      }
      if (type === ItemType.ROLE && input.role && (input.role.id === guildId || input.role.managed)) {
        throw new UserError({
          identifier: 'BadArgument',
          message: 'That role cannot be sold: @everyone and roles managed by an integration cannot be given out.',
        });
      }
      const price = parsePrice(input.price);
      if (input.image && type !== ItemType.BACKGROUND) {
        throw new UserError({
          identifier: 'ImageNotBackground',
          message: 'Only background items take an image. Nothing was added to the shop.',
        });
      }
      const upload = input.image ? await downloadBackgroundUpload(input.image) : undefined;
      const item = await this.container.economy.shop.addItem(
        guildId,
        {
          name,
          type,
          price,
          description: input.description,
          stock: input.stock,
          roleId: type === ItemType.ROLE ? (input.role?.id ?? null) : null,
        },
        upload,
      );
      const settings = await economy.settings(guildId);
      const warning = item.roleId ? this.roleWarning(guildId, item.roleId) : '';
      const image = item.background
        ? ` It shows your image (kept at ${item.background.width}×${item.background.height}).`
        : '';
      return {
        content: `Added **${item.name}** (${item.type.toLowerCase()}) to the shop for ${formatMoney(item.price, settings)}.${image}${warning}`,
        allowedMentions: { parse: [] },
      };
    });
  }

  /** Tells the admin now, rather than the first buyer later, when the bot cannot give the item's role. */
  private roleWarning(guildId: string, roleId: string): string {
    const guild = this.container.client.guilds.cache.get(guildId);
    const me = guild?.members.me;
    const role = guild?.roles.cache.get(roleId);
    if (!me || !role) return '';
    if (me.permissions.has(PermissionFlagsBits.ManageRoles) && me.roles.highest.comparePositionTo(role) > 0) return '';
    return `\n⚠️ I can't give ${roleMention(roleId)} yet: I need **Manage Roles** and a role above it. Until then, purchases are refused and nobody is charged.`;
  }

  // edit

  public async chatInputEdit(interaction: Subcommand.ChatInputCommandInteraction) {
    const { options } = interaction;
    const price = options.getString('price');
    const stock = options.getBoolean('unlimited') ? null : (options.getInteger('stock') ?? undefined);
    await this.edit(interaction, interaction.guildId!, options.getString('item', true), {
      price: price === null ? undefined : parsePrice(price),
      description: options.getString('description') ?? undefined,
      stock,
    });
  }

  public async messageEdit(message: Message, args: Args) {
    const usage = await usageOf(message, 'shop edit "<item>" <price|stock|description> <value>');
    const name = await pickOrUsage(args, 'string', usage);
    const field = (await pickOrUsage(args, 'string', usage)).toLowerCase();
    const value = (await restOrUsage(args, usage)).trim();
    if (!EDITABLE_FIELDS.includes(field as (typeof EDITABLE_FIELDS)[number])) {
      throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    }
    const patch =
      field === 'price'
        ? { price: parsePrice(value) }
        : field === 'stock'
          ? { stock: value.toLowerCase() === 'unlimited' ? null : parseStock(value) }
          : { description: value.slice(0, 300) };
    await this.edit(message, message.guildId!, name, patch);
  }

  private async edit(
    source: CommandSource,
    guildId: string,
    name: string,
    patch: { price?: number; description?: string; stock?: number | null },
  ) {
    await replyInTime(source, async () => {
      if (patch.price === undefined && patch.description === undefined && patch.stock === undefined) {
        throw new UserError({
          identifier: 'BadArgument',
          message: 'Say what to change: a price, description or stock.',
        });
      }
      const item = await this.container.economy.shop.editItem(guildId, name, patch);
      const settings = await economy.settings(guildId);
      return {
        content: `Updated **${item.name}**: ${formatMoney(item.price, settings)}, ${item.isLimited ? `${item.quantity} in stock` : 'unlimited stock'}.`,
        allowedMentions: { parse: [] },
      };
    });
  }

  // remove

  public async chatInputRemove(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.remove(interaction, interaction.guildId!, interaction.options.getString('item', true));
  }

  public async messageRemove(message: Message, args: Args) {
    await this.remove(message, message.guildId!, await restOrUsage(args, await usageOf(message, 'shop remove <item>')));
  }

  private async remove(source: CommandSource, guildId: string, name: string) {
    await replyInTime(source, async () => {
      const item = await this.container.economy.shop.removeItem(guildId, name);
      return {
        content: `**${item.name}** is no longer for sale. Members who own one keep it.`,
        allowedMentions: { parse: [] },
      };
    });
  }
}

/** A price: `0` (free) or an exact amount like `250` or `1.5k`. */
function parsePrice(raw: string): number {
  if (raw.trim() === '0') return 0;
  const input = parseAmount(raw);
  if (input.kind !== 'exact')
    throw new UserError({ identifier: 'InvalidAmount', message: 'A price is an exact amount, like `250` or `1k`.' });
  return input.value;
}

function parseStock(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_STOCK) {
    throw new UserError({
      identifier: 'BadArgument',
      message: `The stock is a whole number from 0 to ${MAX_STOCK}, or \`unlimited\`.`,
    });
  }
  return Number(raw);
}

function describeItem(item: ShopItem): string {
  const parts = [item.type.toLowerCase()];
  if (item.roleId) parts.push(`grants ${roleMention(item.roleId)}`);
  if (item.isLimited) parts.push(item.quantity ? `${item.quantity} left` : '**sold out**');
  return `${parts.join(' · ')}${item.description ? `\n${item.description}` : ''}`;
}
