// The sandbox playground's page: a small Discord-like client for the demo server. Plain browser JavaScript, served
// as is (no build step); it talks to the playground's JSON API and follows the emulator through /api/events.
'use strict';

const OPTION_TYPES = {
  3: 'text',
  4: 'whole number',
  5: 'true/false',
  6: '@member',
  7: '#channel',
  8: '@role',
  9: '@member or @role',
  10: 'number',
  11: 'file',
};
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const AVATAR_COLOURS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#9b59b6', '#1abc9c'];

const page = {
  member: new URLSearchParams(location.search).get('as') || 'member',
  channelId: location.hash.slice(1) || null,
  state: null,
  suggestions: [],
  activeSuggestion: -1,
  /**
   * What the live feed says of the open channel while its messages load: the loaded list is a snapshot that can
   * predate a message the feed already showed, so these are applied again over it.
   */
  liveDuringLoad: null,
};

const $ = (id) => document.getElementById(id);

/** The message each shown item renders: one naming a channel, member or role unknown when it came is drawn again. */
const shownMessages = new WeakMap();

// API -------------------------------------------------------------------------------------------------------------

async function api(path, body) {
  const response = await fetch(path, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify({ as: page.member, ...body }) : undefined,
  });
  const data = await response.json().catch(() => ({ error: `The playground answered ${response.status}.` }));
  if (!response.ok) throw new Error(data.error || `The playground answered ${response.status}.`);
  return data;
}

function showError(message, where = 'error') {
  $(where).textContent = message || '';
}

/** Runs an action, showing its error under the composer (or in the form) and a form the bot answers with. */
async function act(path, body, where = 'error') {
  showError('', where);
  try {
    const answer = await api(path, body);
    if (answer.modal) openModal(answer.modal);
    return answer;
  } catch (error) {
    showError(error.message, where);
    return undefined;
  }
}

// State: channels, members, names -----------------------------------------------------------------------------------

/** Reloads the sidebar and names; opens #general (and loads it) when the open channel is gone. Returns whether it did. */
async function loadState() {
  page.state = await api(`/api/state?as=${encodeURIComponent(page.member)}`);
  const { state } = page;
  document.title = `${state.guild.name} · sandbox playground`;
  $('guild-name').textContent = state.guild.name;
  renderMemberSelect();
  renderChannelList();
  const me = state.members.find((member) => member.name === page.member);
  $('me-roles').textContent = me && me.roles.length ? `Roles: ${me.roles.join(', ')}` : 'No roles';
  $('not-member').hidden = state.me.onServer;
  $('not-member-text').textContent = `${page.member} is not on ${state.guild.name}.`;
  const link = $('dashboard-link');
  link.hidden = !state.dashboardUrl;
  if (state.dashboardUrl) link.href = state.dashboardUrl;
  if (!state.channels.some((channel) => channel.id === page.channelId)) {
    const general = state.channels.find((channel) => channel.name === 'general') || state.channels[0];
    await openChannel(general.id);
    return true;
  }
  updateChannelTitle();
  renderWithNewNames();
  return false;
}

/** Draws again the shown messages that mention what the page had no name for (a ticket's channel just created). */
function renderWithNewNames() {
  for (const item of $('messages').querySelectorAll('.message[data-unknown-mentions]')) {
    item.replaceWith(renderMessage(shownMessages.get(item)));
  }
}

function renderMemberSelect() {
  const select = $('member-select');
  select.replaceChildren(
    ...page.state.members.map((member) => {
      const option = new Option(member.onServer ? member.name : `${member.name} (not on the server)`, member.name);
      option.selected = member.name === page.member;
      return option;
    }),
  );
}

function renderChannelList() {
  const groups = new Map();
  for (const channel of page.state.channels) {
    const heading = channel.kind === 'dm' ? 'Direct messages' : channel.category || 'Text channels';
    if (!groups.has(heading)) groups.set(heading, []);
    groups.get(heading).push(channel);
  }
  const sections = [...groups].map(([heading, channels]) => {
    const section = document.createElement('section');
    const title = document.createElement('h3');
    title.textContent = heading;
    const list = document.createElement('ul');
    for (const channel of channels) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `#${channel.id}`;
      link.dataset.channelId = channel.id;
      link.textContent = channelLabel(channel);
      if (channel.kind === 'thread') link.classList.add('thread');
      if (channel.id === page.channelId) link.setAttribute('aria-current', 'page');
      item.append(link);
      list.append(item);
    }
    section.append(title, list);
    return section;
  });
  $('channel-list').replaceChildren(...sections);
}

function channelLabel(channel) {
  if (channel.kind === 'dm') return '@bot (DM)';
  return `${channel.kind === 'thread' ? '↳ ' : '#'}${channel.name}`;
}

function currentChannel() {
  return page.state && page.state.channels.find((channel) => channel.id === page.channelId);
}

function updateChannelTitle() {
  const channel = currentChannel();
  const label = channel ? channelLabel(channel) : '';
  $('channel-title').textContent = label;
  $('composer-label').textContent = `Message ${label}`;
  for (const link of document.querySelectorAll('.channel-list a')) {
    if (link.dataset.channelId === page.channelId) {
      link.setAttribute('aria-current', 'page');
      link.classList.remove('unread');
    } else link.removeAttribute('aria-current');
  }
}

async function openChannel(channelId) {
  page.channelId = channelId;
  history.replaceState(null, '', `?as=${encodeURIComponent(page.member)}#${channelId}`);
  updateChannelTitle();
  setSidebarOpen(false);
  await loadMessages();
}

async function loadMessages() {
  const channelId = page.channelId;
  const live = { channelId, messages: new Map(), deleted: new Set() };
  page.liveDuringLoad = live;
  let messages;
  try {
    ({ messages } = await api(
      `/api/messages?as=${encodeURIComponent(page.member)}&channel=${encodeURIComponent(channelId)}`,
    ));
  } finally {
    if (page.liveDuringLoad === live) page.liveDuringLoad = null;
  }
  if (channelId !== page.channelId) return;
  const loadedIds = new Set(messages.map((message) => message.id));
  const shown = messages
    .filter((message) => !live.deleted.has(message.id))
    .map((message) => live.messages.get(message.id) || message);
  for (const message of live.messages.values()) if (!loadedIds.has(message.id)) shown.push(message);
  const list = $('messages');
  list.replaceChildren(...shown.map(renderMessage));
  list.scrollTop = list.scrollHeight;
}

// Messages ----------------------------------------------------------------------------------------------------------

function renderMessage(message) {
  const item = document.createElement('li');
  item.className = 'message';
  item.dataset.messageId = message.id;
  shownMessages.set(item, message);
  if (message.onlyFor) item.classList.add('ephemeral');
  if (mentionsUnknown(message)) item.dataset.unknownMentions = '';

  const avatar = document.createElement('div');
  avatar.className = 'avatar';
  avatar.setAttribute('aria-hidden', 'true');
  avatar.textContent = message.author.name.slice(0, 1).toUpperCase();
  avatar.style.background = message.author.bot ? '#5865f2' : colourOf(message.author.id);

  const body = document.createElement('div');
  body.className = 'message-body';
  const header = document.createElement('div');
  header.className = 'message-header';
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent = message.author.name;
  header.append(author);
  if (message.author.bot) header.append(element('span', 'bot-badge', 'BOT'));
  const time = document.createElement('time');
  time.dateTime = message.timestamp;
  time.textContent = new Date(message.timestamp).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  header.append(time);
  if (message.edited) header.append(element('span', 'meta', '(edited)'));
  body.append(header);

  if (message.answers) {
    const { user, command } = message.answers;
    body.append(element('p', 'meta', command ? `↪ ${user} used /${command}` : `↪ answering ${user}`));
  }
  if (message.loading) body.append(element('p', 'meta', `${message.author.name} is thinking…`));
  if (message.content) {
    const content = document.createElement('div');
    content.className = 'content';
    content.innerHTML = markdown(message.content);
    body.append(content);
  }
  for (const embed of message.embeds) body.append(renderEmbed(embed));
  for (const attachment of message.attachments) body.append(renderAttachment(attachment));
  if (message.components && message.components.length) body.append(renderComponents(message));
  if (message.onlyFor) body.append(element('p', 'meta', 'Only you can see this'));
  item.append(avatar, body);
  return item;
}

/** Whether the message's text or embeds mention a channel, member or role the page has no name for yet. */
function mentionsUnknown(message) {
  const names = page.state ? page.state.names : { users: {}, channels: {}, roles: {} };
  const text = JSON.stringify([message.content, message.embeds]);
  return [...text.matchAll(/<(@!?|#|@&)(\d+)>/g)].some(([, kind, id]) => {
    const known = kind === '#' ? names.channels : kind === '@&' ? names.roles : names.users;
    return known[id] === undefined;
  });
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function colourOf(id) {
  let sum = 0;
  for (const char of id) sum += char.charCodeAt(0);
  return AVATAR_COLOURS[sum % AVATAR_COLOURS.length];
}

function renderEmbed(embed) {
  const box = document.createElement('article');
  box.className = 'embed';
  if (embed.color !== undefined && embed.color !== null) {
    box.style.borderLeftColor = `#${embed.color.toString(16).padStart(6, '0')}`;
  }
  if (embed.title) {
    const title = document.createElement('h4');
    title.className = 'embed-title';
    title.innerHTML = markdown(embed.title);
    box.append(title);
  }
  if (embed.description) {
    const description = document.createElement('div');
    description.className = 'content';
    description.innerHTML = markdown(embed.description);
    box.append(description);
  }
  if (embed.fields && embed.fields.length) {
    const fields = document.createElement('dl');
    fields.className = 'embed-fields';
    for (const field of embed.fields) {
      const wrapper = document.createElement('div');
      wrapper.className = field.inline ? 'embed-field inline' : 'embed-field';
      const name = document.createElement('dt');
      name.innerHTML = markdown(field.name);
      const value = document.createElement('dd');
      value.innerHTML = markdown(field.value);
      wrapper.append(name, value);
      fields.append(wrapper);
    }
    box.append(fields);
  }
  if (embed.footer && embed.footer.text) {
    const footer = document.createElement('div');
    footer.className = 'embed-footer';
    footer.innerHTML = markdown(embed.footer.text);
    box.append(footer);
  }
  return box;
}

function renderAttachment(attachment) {
  if (attachment.contentType.startsWith('image/')) {
    const link = document.createElement('a');
    link.href = attachment.url;
    link.target = '_blank';
    link.rel = 'noopener';
    const image = document.createElement('img');
    image.className = 'attachment-image';
    image.src = attachment.url;
    image.alt = `${attachment.filename} (image the bot sent)`;
    keepAtBottom(image);
    link.append(image);
    return link;
  }
  const file = document.createElement('a');
  file.className = 'attachment-file';
  file.href = attachment.url;
  file.target = '_blank';
  file.rel = 'noopener';
  file.textContent = `📎 ${attachment.filename} (${Math.max(1, Math.round(attachment.size / 1024))} KB)`;
  return file;
}

function renderComponents(message) {
  const wrapper = document.createElement('div');
  wrapper.className = 'components';
  for (const row of message.components) {
    if (row.type !== 1) continue;
    const line = document.createElement('div');
    line.className = 'action-row';
    for (const component of row.components) {
      // Buttons and string menus with a custom id: what the bot's messages carry, and the playground can send.
      if (component.type === 2 && component.custom_id) line.append(renderButton(message, component));
      else if (component.type === 3) line.append(renderSelect(message, component));
    }
    wrapper.append(line);
  }
  return wrapper;
}

function renderButton(message, component) {
  const label = [component.emoji && component.emoji.name, component.label].filter(Boolean).join(' ');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `btn-${component.style || 1}`;
  button.textContent = label || component.custom_id;
  button.disabled = Boolean(component.disabled);
  button.addEventListener('click', async () => {
    button.disabled = true;
    await act('/api/click', { messageId: message.id, customId: component.custom_id });
    button.disabled = Boolean(component.disabled);
  });
  return button;
}

function renderSelect(message, component) {
  const select = document.createElement('select');
  const placeholder = component.placeholder || 'Make a selection';
  select.setAttribute('aria-label', placeholder);
  select.disabled = Boolean(component.disabled);
  const prompt = new Option(placeholder, '', true, true);
  prompt.disabled = true;
  select.append(prompt);
  for (const option of component.options || []) {
    const label = option.description ? `${option.label} — ${option.description}` : option.label;
    select.append(new Option(label, option.value));
  }
  select.addEventListener('change', () => {
    act('/api/select', { messageId: message.id, customId: component.custom_id, values: [select.value] });
  });
  return select;
}

// A little of Discord's markdown, on text escaped first -------------------------------------------------------------

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function markdown(source) {
  const names = page.state ? page.state.names : { users: {}, channels: {}, roles: {} };
  const blocks = [];
  // Code first, so nothing inside it is formatted.
  let text = source.replace(/```(?:\w*\n)?([\s\S]*?)```/g, (_match, code) => {
    blocks.push(`<pre><code>${escapeHtml(code)}</code></pre>`);
    return `\uE000${blocks.length - 1}\uE001`;
  });
  text = text.replace(/`([^`\n]+)`/g, (_match, code) => {
    blocks.push(`<code>${escapeHtml(code)}</code>`);
    return `\uE000${blocks.length - 1}\uE001`;
  });
  text = escapeHtml(text)
    .replace(/&#60;(@!?|#|@&#38;)(\d+)&#62;/g, (match, kind, id) => {
      const name = kind === '#' ? names.channels[id] : kind === '@&#38;' ? names.roles[id] : names.users[id];
      if (name === undefined) return match;
      if (kind === '#') return `<a class="mention" href="#${id}">#${escapeHtml(name)}</a>`;
      return `<span class="mention">@${escapeHtml(name)}</span>`;
    })
    .replace(/&#60;t:(-?\d+)(?::([tTdDfFR]))?&#62;/g, (_match, seconds, style) => {
      const date = new Date(Number(seconds) * 1000);
      return `<time class="timestamp" datetime="${date.toISOString()}">${formatTime(date, style || 'f')}</time>`;
    })
    .replace(/&#60;a?:(\w+):\d+&#62;/g, ':$1:')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(.+?)__/g, '<u>$1</u>')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<em>$2</em>')
    .replace(/(^|\W)_([^_\n]+)_(?=\W|$)/g, '$1<em>$2</em>')
    .replace(/~~(.+?)~~/g, '<s>$1</s>')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/(^|\s)(https?:\/\/[^\s<]+)/g, '$1<a href="$2" target="_blank" rel="noopener">$2</a>')
    .replace(/^-# (.*)$/gm, '<small>$1</small>')
    .replace(/^#{1,3} (.*)$/gm, '<strong>$1</strong>');
  // `>>> ` quotes the rest; `> ` one line.
  text = text.replace(/^&#62;&#62;&#62; ([\s\S]*)$/m, '<blockquote>$1</blockquote>');
  text = text.replace(/^&#62; (.*)$/gm, '<blockquote>$1</blockquote>');
  return text.replace(/\uE000(\d+)\uE001/g, (_match, index) => blocks[Number(index)]);
}

function formatTime(date, style) {
  if (style === 'R') {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const units = [
      ['year', 31536000],
      ['month', 2592000],
      ['day', 86400],
      ['hour', 3600],
      ['minute', 60],
      ['second', 1],
    ];
    const [unit, size] = units.find(([, length]) => Math.abs(seconds) >= length) || units[units.length - 1];
    return new Intl.RelativeTimeFormat('en', { numeric: 'always' }).format(Math.round(seconds / size), unit);
  }
  const formats = {
    t: { timeStyle: 'short' },
    T: { timeStyle: 'medium' },
    d: { dateStyle: 'short' },
    D: { dateStyle: 'long' },
    F: { dateStyle: 'full', timeStyle: 'short' },
    f: { dateStyle: 'long', timeStyle: 'short' },
  };
  return new Intl.DateTimeFormat('en-GB', formats[style] || formats.f).format(date);
}

// Slash commands: suggestions and option hints from what the bot registered ------------------------------------------

/** Where a typed `/command sub option:value` line stands against the registered commands. */
function slashContext(text) {
  const words = text.slice(1).split(/\s+/);
  const typing = words.pop();
  const commands = page.state ? page.state.commands : [];
  if (!words.length) {
    return {
      suggestions: commands
        .filter((command) => command.name.startsWith(typing.toLowerCase()))
        .map((command) => ({
          insert: `/${command.name} `,
          name: `/${command.name}`,
          description: command.description,
        })),
    };
  }
  const command = commands.find((candidate) => candidate.name === words[0].toLowerCase());
  if (!command) return { suggestions: [] };
  let options = command.options || [];
  let path = `/${command.name}`;
  let consumed = 1;
  // Subcommands and groups sit side by side (`/profile view`, `/profile badge select`); a group holds subcommands.
  for (;;) {
    const choices = options.filter((option) => option.type === SUBCOMMAND || option.type === SUBCOMMAND_GROUP);
    if (!choices.length) break;
    const chosen = words[consumed] && choices.find((option) => option.name === words[consumed].toLowerCase());
    if (!chosen) {
      if (words.length > consumed) return { suggestions: [] };
      return {
        suggestions: choices
          .filter((option) => option.name.startsWith(typing.toLowerCase()))
          .map((option) => ({
            insert: `${path} ${option.name} `,
            name: `${path} ${option.name}`,
            description: option.description,
          })),
      };
    }
    path += ` ${chosen.name}`;
    options = chosen.options || [];
    consumed += 1;
  }
  const prefix = text.slice(0, text.length - typing.length);
  const named = /^([\w-]+):(.*)$/.exec(typing);
  const option = named && options.find((candidate) => candidate.name === named[1]);
  let suggestions = [];
  if (option && option.choices) {
    suggestions = option.choices
      .filter((choice) => choice.name.toLowerCase().startsWith(named[2].toLowerCase()))
      .map((choice) => ({
        insert: `${prefix}${option.name}:${choice.name} `,
        name: choice.name,
        description: option.name,
      }));
  } else if (option) {
    suggestions = mentionSuggestions(`${prefix}${option.name}:`, named[2], option.type);
  } else if (!named && /^[@#]/.test(typing)) {
    suggestions = mentionSuggestions(prefix, typing);
  } else if (!named && typing) {
    // Option names once a word is begun (Enter after a space sends the command as it is).
    const typed = new Set([...text.matchAll(/(?:^|\s)([\w-]+):/g)].map((match) => match[1]));
    suggestions = options
      .filter((candidate) => !typed.has(candidate.name) && candidate.name.startsWith(typing.toLowerCase()))
      .map((candidate) => ({
        insert: `${prefix}${candidate.name}:`,
        name: `${candidate.name}:`,
        description: candidate.description,
      }));
  }
  return { path, options, suggestions, current: option, prefix };
}

/**
 * Members, roles and channels to pick for what is being typed: `@mod`, `#sup`, or the value of a member, role or
 * channel option (`member:ad`); the sandbox turns the names into mentions and ids.
 */
function mentionSuggestions(prefix, typed, optionType) {
  if (!page.state) return [];
  const sigil = typed.startsWith('#') || optionType === 7 ? '#' : '@';
  const wanted = typed.replace(/^[@#]/, '').toLowerCase();
  const users = optionType === undefined || optionType === 6 || optionType === 9;
  const roles = optionType === 8 || optionType === 9;
  let found = [];
  if (sigil === '#') {
    found = page.state.channels
      .filter((channel) => channel.kind !== 'dm')
      .map((channel) => ({ name: `#${channel.name}`, description: channel.category || 'channel' }));
  } else {
    if (users) {
      found = page.state.members.map((member) => ({ name: `@${member.name}`, description: member.roles.join(', ') }));
    }
    if (roles) {
      found.push(
        ...Object.values(page.state.names.roles)
          .filter((role) => role !== '@everyone')
          .map((role) => ({ name: `@${role}`, description: 'role' })),
      );
    }
  }
  return found
    .filter((candidate) => candidate.name.slice(1).toLowerCase().startsWith(wanted))
    .map((candidate) => ({ ...candidate, insert: `${prefix}${candidate.name} ` }));
}

function updateHints() {
  const input = $('composer-input');
  const text = input.value;
  const hints = $('option-hints');
  if (!text.startsWith('/')) {
    // In a message, `@name` and `#channel` are offered as they are typed.
    const typing = /(^|\s)([@#][\w-]*)$/.exec(text);
    setSuggestions(typing ? mentionSuggestions(text.slice(0, text.length - typing[2].length), typing[2]) : []);
    hints.hidden = true;
    return;
  }
  const context = slashContext(text);
  setSuggestions(context.suggestions);
  if (!context.options) {
    hints.hidden = true;
    return;
  }
  hints.hidden = false;
  if (!context.options.length) {
    hints.textContent = `${context.path} takes no options: press Enter to run it.`;
    return;
  }
  hints.replaceChildren(
    document.createTextNode(`${context.path} — options in order, or as name:value: `),
    ...context.options.map((option) => {
      const chip = element(
        'span',
        option.required ? 'option required' : 'option',
        `${option.name} (${OPTION_TYPES[option.type] || 'value'})`,
      );
      chip.title = option.description;
      if (option.required)
        chip.setAttribute('aria-label', `${option.name}, ${OPTION_TYPES[option.type] || 'value'}, required`);
      return chip;
    }),
  );
  if (context.current) {
    hints.append(document.createTextNode(` ${context.current.name}: ${context.current.description}`));
    if (context.current.autocomplete) askBot(text, context.current.name, context.prefix);
  }
}

let autocompleteTimer;
/** Suggestions the bot itself makes for an option it autocompletes, asked as the member types (debounced). */
function askBot(text, focused, prefix) {
  clearTimeout(autocompleteTimer);
  autocompleteTimer = setTimeout(async () => {
    try {
      const { choices } = await api('/api/autocomplete', { channelId: page.channelId, text, focused });
      if ($('composer-input').value !== text) return;
      setSuggestions(
        choices.map((choice) => ({
          insert: `${prefix}${focused}:${choice.value} `,
          name: choice.name,
          description: `suggested by the bot for ${focused}`,
        })),
      );
    } catch (error) {
      showError(error.message);
    }
  }, 150);
}

function setSuggestions(suggestions) {
  page.suggestions = suggestions.slice(0, 25);
  page.activeSuggestion = page.suggestions.length ? 0 : -1;
  const list = $('suggestions');
  const input = $('composer-input');
  list.replaceChildren(
    ...page.suggestions.map((suggestion, index) => {
      const item = document.createElement('li');
      item.id = `suggestion-${index}`;
      item.setAttribute('role', 'option');
      item.append(
        element('span', 'name', suggestion.name),
        element('span', 'description', suggestion.description || ''),
      );
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pickSuggestion(index);
      });
      return item;
    }),
  );
  list.hidden = page.suggestions.length === 0;
  input.setAttribute('aria-expanded', String(!list.hidden));
  highlightSuggestion();
}

function highlightSuggestion() {
  const input = $('composer-input');
  [...$('suggestions').children].forEach((item, index) => {
    item.setAttribute('aria-selected', String(index === page.activeSuggestion));
    if (index === page.activeSuggestion) item.scrollIntoView({ block: 'nearest' });
  });
  if (page.activeSuggestion >= 0) input.setAttribute('aria-activedescendant', `suggestion-${page.activeSuggestion}`);
  else input.removeAttribute('aria-activedescendant');
}

function pickSuggestion(index) {
  const input = $('composer-input');
  input.value = page.suggestions[index].insert;
  input.focus();
  updateHints();
}

function onComposerKey(event) {
  const open = page.suggestions.length > 0;
  if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    event.preventDefault();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    page.activeSuggestion = (page.activeSuggestion + step + page.suggestions.length) % page.suggestions.length;
    highlightSuggestion();
  } else if (open && event.key === 'Tab' && page.activeSuggestion >= 0) {
    event.preventDefault();
    pickSuggestion(page.activeSuggestion);
  } else if (open && event.key === 'Enter' && page.activeSuggestion >= 0) {
    // Enter completes what is being typed, unless it is already complete.
    const suggestion = page.suggestions[page.activeSuggestion];
    if (suggestion.insert.trim() !== event.target.value.trim()) {
      event.preventDefault();
      pickSuggestion(page.activeSuggestion);
    }
  } else if (event.key === 'Escape') {
    setSuggestions([]);
  }
}

async function onSubmit(event) {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (!text) return;
  const button = $('send-button');
  button.disabled = true;
  const answer = text.startsWith('/')
    ? await act('/api/slash', { channelId: page.channelId, text })
    : await act('/api/messages', { channelId: page.channelId, content: text });
  button.disabled = false;
  if (answer) {
    input.value = '';
    updateHints();
  }
}

// Forms (modals) -----------------------------------------------------------------------------------------------------

function openModal(modal) {
  const dialog = $('modal');
  $('modal-title').textContent = modal.title;
  showError('', 'modal-error');
  const fields = modal.fields.map((field, index) => {
    const wrapper = document.createElement('div');
    wrapper.className = 'field';
    const id = `modal-field-${index}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = field.label;
    const input = document.createElement(field.paragraph ? 'textarea' : 'input');
    input.id = id;
    input.name = field.customId;
    input.value = field.value;
    input.placeholder = field.placeholder;
    input.required = field.required;
    if (field.minLength !== null) input.minLength = field.minLength;
    if (field.maxLength !== null) input.maxLength = field.maxLength;
    wrapper.append(label);
    if (field.description) {
      const description = element('p', 'field-description', field.description);
      description.id = `${id}-description`;
      input.setAttribute('aria-describedby', description.id);
      wrapper.append(description);
    }
    wrapper.append(input);
    return wrapper;
  });
  $('modal-fields').replaceChildren(...fields);
  dialog.dataset.interactionId = modal.interactionId;
  if (!dialog.open) dialog.showModal();
  const first = dialog.querySelector('input, textarea');
  if (first) first.focus();
}

async function onModalSubmit(event) {
  event.preventDefault();
  const dialog = $('modal');
  const form = $('modal-form');
  const fields = Object.fromEntries([...form.querySelectorAll('[name]')].map((input) => [input.name, input.value]));
  const interactionId = dialog.dataset.interactionId;
  showError('', 'modal-error');
  try {
    const answer = await api('/api/modal', { interactionId, fields });
    dialog.close();
    if (answer.modal) openModal(answer.modal);
  } catch (error) {
    showError(error.message, 'modal-error');
  }
}

// Live updates from the emulator -------------------------------------------------------------------------------------

function visibleToMe(message) {
  return !message.onlyFor || message.onlyFor === page.state.me.id;
}

function onLiveMessage(message) {
  if (!page.state || !visibleToMe(message)) return;
  if (message.channelId !== page.channelId) {
    const link = document.querySelector(`.channel-list a[data-channel-id="${message.channelId}"]`);
    if (link) link.classList.add('unread');
    return;
  }
  if (page.liveDuringLoad && page.liveDuringLoad.channelId === message.channelId) {
    page.liveDuringLoad.messages.set(message.id, message);
  }
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const rendered = renderMessage(message);
  const existing = list.querySelector(`[data-message-id="${message.id}"]`);
  if (existing) existing.replaceWith(rendered);
  else list.append(rendered);
  if (atBottom || !existing) list.scrollTop = list.scrollHeight;
  // The bot can mention what it just made before the page hears of it: fetch the names, then draw the message again.
  if ('unknownMentions' in rendered.dataset) onWorldChange();
}

function onLiveDelete({ channelId, ids }) {
  if (channelId !== page.channelId) return;
  if (page.liveDuringLoad && page.liveDuringLoad.channelId === channelId) {
    for (const id of ids) {
      page.liveDuringLoad.deleted.add(id);
      page.liveDuringLoad.messages.delete(id);
    }
  }
  for (const id of ids) {
    const item = $('messages').querySelector(`[data-message-id="${id}"]`);
    if (item) item.remove();
  }
}

let worldTimer;
function onWorldChange() {
  // Channel, member and role changes come in bursts (a ticket creates a channel and sets its permissions).
  clearTimeout(worldTimer);
  worldTimer = setTimeout(() => loadState().catch((error) => showError(error.message)), 100);
}

function connect() {
  const events = new EventSource('/api/events');
  let lost = false;
  events.addEventListener('open', () => {
    $('connection').textContent = 'Live';
    if (lost) refresh().catch((error) => showError(error.message));
    lost = false;
  });
  events.addEventListener('error', () => {
    lost = true;
    $('connection').textContent = 'Reconnecting…';
  });
  events.addEventListener('message', (event) => onLiveMessage(JSON.parse(event.data)));
  events.addEventListener('delete', (event) => onLiveDelete(JSON.parse(event.data)));
  events.addEventListener('world', onWorldChange);
}

// Start ---------------------------------------------------------------------------------------------------------------

/** The channel list as a drawer on narrow screens: opening it moves the focus to the open channel. */
function setSidebarOpen(open) {
  const wasOpen = $('sidebar').classList.contains('open');
  $('sidebar').classList.toggle('open', open);
  $('menu-toggle').setAttribute('aria-expanded', String(open));
  if (open && !wasOpen) {
    const current = document.querySelector('.channel-list a[aria-current="page"]');
    if (current) setTimeout(() => current.focus(), 0);
  }
}

/** Keeps the newest message in view while pictures above it load (a rank card is taller than its placeholder). */
function keepAtBottom(image) {
  const list = $('messages');
  const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const wasAtBottom = atBottom();
  image.addEventListener('load', () => {
    if (wasAtBottom) list.scrollTop = list.scrollHeight;
  });
}

async function refresh() {
  if (!(await loadState())) await loadMessages();
}

async function switchMember(name) {
  page.member = name;
  history.replaceState(null, '', `?as=${encodeURIComponent(name)}#${page.channelId || ''}`);
  await refresh();
}

document.addEventListener('DOMContentLoaded', async () => {
  $('composer').addEventListener('submit', onSubmit);
  $('composer-input').addEventListener('input', updateHints);
  $('composer-input').addEventListener('keydown', onComposerKey);
  $('composer-input').addEventListener('blur', () => setTimeout(() => setSuggestions([]), 150));
  $('member-select').addEventListener('change', (event) =>
    switchMember(event.target.value).catch((error) => showError(error.message)),
  );
  $('modal-form').addEventListener('submit', onModalSubmit);
  $('modal-cancel').addEventListener('click', () => $('modal').close());
  $('join-button').addEventListener('click', async () => {
    if (await act('/api/join', {})) await loadState();
  });
  $('menu-toggle').addEventListener('click', () => setSidebarOpen(!$('sidebar').classList.contains('open')));
  $('sidebar').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && $('sidebar').classList.contains('open')) {
      setSidebarOpen(false);
      $('menu-toggle').focus();
    }
  });
  window.addEventListener('hashchange', () => {
    const channelId = location.hash.slice(1);
    if (channelId && channelId !== page.channelId) openChannel(channelId).catch((error) => showError(error.message));
  });
  connect();
  try {
    await refresh();
  } catch (error) {
    showError(error.message);
  }
  $('composer-input').focus();
});
