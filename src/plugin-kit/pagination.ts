import type { Command } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type EmbedBuilder,
  type InteractionUpdateOptions,
} from 'discord.js';
import { respond, type CommandSource } from './respond';

/** Which page a viewer asked for. `state` is the command's own short context (a member id, a sort key…). */
export interface PageRequest {
  guildId: string;
  viewerId: string;
  state: string;
  /** From 0. */
  page: number;
}

export interface RenderedPage {
  embed: EmbedBuilder;
  pageCount: number;
  /** The page holding the viewer, when the list has one: adds a "My page" button. */
  viewerPage?: number;
}

/**
 * A command whose reply is a list of pages; the core's `pageButtons` handler turns its pages, after running the
 * command's preconditions again for the member who clicks.
 */
export interface PagedCommand {
  renderPage(request: PageRequest): Promise<RenderedPage>;
  /**
   * For a command with subcommands: the one whose list this is (`list`, or `group.sub` in a group), whose
   * preconditions a page button runs again for the clicker besides the command's own. Required there: a page
   * button of a subcommand command that names none is refused.
   */
  readonly pagedSubcommand?: string;
}

export function isPagedCommand(command: Command): command is Command & PagedCommand {
  return typeof (command as Partial<PagedCommand>).renderPage === 'function';
}

export const PAGE_BUTTON_PREFIX = 'pages';
const CUSTOM_ID_LIMIT = 100;

/** What a page button carries: the command to ask, the page, who may turn the pages of this message, the state. */
export interface PageButtonTarget {
  commandName: string;
  page: number;
  ownerId: string;
  state: string;
}

/**
 * `pages:<command>:<action><page>:<owner>:<state>`. The action letter keeps ids unique when two buttons point at
 * the same page (Discord refuses duplicate custom ids in one message).
 */
function pageButtonId(action: 'p' | 'n' | 'm', target: PageButtonTarget): string {
  const id = [PAGE_BUTTON_PREFIX, target.commandName, `${action}${target.page}`, target.ownerId, target.state].join(
    ':',
  );
  if (id.length > CUSTOM_ID_LIMIT) {
    throw new Error(`Page state of /${target.commandName} is too long for a button id: "${target.state}".`);
  }
  return id;
}

export function parsePageButtonId(customId: string): PageButtonTarget | null {
  const [prefix, commandName, pageField, ownerId, ...state] = customId.split(':');
  if (prefix !== PAGE_BUTTON_PREFIX || !commandName || !pageField || !ownerId) return null;
  const page = Number(pageField.slice(1));
  if (!Number.isSafeInteger(page) || page < 0) return null;
  return { commandName, page, ownerId, state: state.join(':') };
}

/**
 * The highest page number a list shows (and a page option accepts): far beyond any real list, and small enough that
 * `page * pageSize` stays an exact integer that SQL takes as an OFFSET.
 */
export const MAX_PAGE = 100_000;

/**
 * Renders `request.page`, or the last page when the list shrank below it since the buttons were drawn (or the page
 * asked for is beyond it: a huge page number shows the last page).
 */
export async function renderClamped(command: PagedCommand, asked: PageRequest): Promise<RenderedPage> {
  const request = { ...asked, page: Math.min(Math.max(Math.trunc(asked.page), 0), MAX_PAGE - 1) };
  const rendered = await command.renderPage(request);
  if (rendered.pageCount > 0 && request.page >= rendered.pageCount) {
    return command.renderPage({ ...request, page: rendered.pageCount - 1 });
  }
  return rendered;
}

/** The embed with its page footer and the ◀ ▶ / "My page" buttons (none for a single page). */
export function pageMessage(
  commandName: string,
  request: PageRequest,
  rendered: RenderedPage,
): Pick<InteractionUpdateOptions, 'embeds' | 'components'> {
  const page = Math.min(request.page, Math.max(rendered.pageCount - 1, 0));
  const pageCount = Math.max(rendered.pageCount, 1);
  const embed = rendered.embed.setFooter({ text: `Page ${page + 1} of ${pageCount}` });
  if (pageCount <= 1) return { embeds: [embed], components: [] };
  const target = (to: number): PageButtonTarget => ({
    commandName,
    page: to,
    ownerId: request.viewerId,
    state: request.state,
  });
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(pageButtonId('p', target(Math.max(page - 1, 0))))
      .setLabel('◀')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === 0),
    new ButtonBuilder()
      .setCustomId(pageButtonId('n', target(Math.min(page + 1, pageCount - 1))))
      .setLabel('▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page >= pageCount - 1),
  );
  if (rendered.viewerPage !== undefined && rendered.viewerPage !== page) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(pageButtonId('m', target(rendered.viewerPage)))
        .setLabel('My page')
        .setStyle(ButtonStyle.Primary),
    );
  }
  return { embeds: [embed], components: [row] };
}

/**
 * Answers a command with the first (or a chosen) page of a list, with buttons that the core `pageButtons`
 * handler turns by calling the command's `renderPage` again — nothing is kept in memory, so buttons outlive restarts.
 */
export async function replyWithPages(
  source: CommandSource,
  command: Command & PagedCommand,
  { page = 0, ...request }: Omit<PageRequest, 'page'> & { page?: number },
  { ephemeral = false }: { ephemeral?: boolean } = {},
): Promise<void> {
  const fullRequest = { ...request, page };
  const rendered = await renderClamped(command, fullRequest);
  await respond(
    source,
    { ...pageMessage(command.name, fullRequest, rendered), allowedMentions: { parse: [] } },
    {
      ephemeral,
    },
  );
}
