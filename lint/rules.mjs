// @ts-check
// The project's own lint rules: the layout's boundaries, which no stock ESLint rule can express.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** What a plugin may import from the core through `#core/*`: the surface written for plugins. */
export const CORE_PUBLIC_SURFACE = [
  /^plugin-kit\//,
  /^plugin-system\/definePlugin$/,
  /^plugin-system\/eventGuilds$/,
  /^permissions\/enums$/,
  /^leaderboards\/types$/,
];

/** Where a file lives: `{ area: 'plugin', plugin }`, `{ area: 'src' }`, `{ area: 'emulator' }` or another area. */
function areaOf(file) {
  const parts = relative(root, file).split(sep);
  // Fixture plugin sets count as plugins (they are loaded like plugins), named by their own folder.
  if (parts[0] === 'plugins' && parts.length > 2) return { area: 'plugin', plugin: join(root, parts[0], parts[1]) };
  if (parts[0] === 'examples' && parts[1] === 'plugins' && parts.length > 3) {
    return { area: 'plugin', plugin: join(root, ...parts.slice(0, 3)) };
  }
  const fixture = parts.indexOf('plugin-sets');
  if (parts[0] === 'test' && fixture !== -1 && parts.length > fixture + 3) {
    return { area: 'plugin', plugin: join(root, ...parts.slice(0, fixture + 3)) };
  }
  return { area: parts[0] };
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Plugins reach the core through #core/* and never another plugin; src/ never imports plugins/.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const where = areaOf(file);
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('#core/')) {
        const path = specifier.slice('#core/'.length);
        // A plugin's tests may set up what they test with the core's internals (a data source, the discovery).
        const isTest = where.area === 'plugin' && file.includes(`${sep}test${sep}`);
        if (where.area === 'plugin' && !isTest && !CORE_PUBLIC_SURFACE.some((pattern) => pattern.test(path))) {
          context.report({
            node,
            message: `'${specifier}' is not part of the core's public surface for plugins (plugin-kit/*, plugin-system/definePlugin, plugin-system/eventGuilds, permissions/enums, leaderboards/types).`,
          });
        }
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = resolve(dirname(file), specifier);
      if (where.area === 'plugin' && !(target === where.plugin || target.startsWith(where.plugin + sep))) {
        context.report({
          node,
          message: `A plugin imports only its own files by relative path ('${specifier}' leaves it): use #core/* for the core, and another plugin's container service or events instead of its files.`,
        });
      }
      const targetArea = relative(root, target).split(sep)[0];
      if (where.area === 'src' && targetArea === 'plugins') {
        context.report({
          node,
          message: `The core never imports a plugin ('${specifier}'): plugins plug into the core.`,
        });
      }
      if (where.area === 'emulator' && (targetArea === 'src' || targetArea === 'plugins')) {
        context.report({
          node,
          message: `The emulator imports nothing from the bot ('${specifier}'): it plays Discord.`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

/** Calls that take a plugin's name: code should use its plugin's typed handle instead of spelling the name. */
const PLUGIN_NAME_METHODS = new Set([
  'isEnabled',
  'isEnabledNow',
  'pluginSettingsOf',
  'pluginSettingsNow',
  'setPluginSetting',
  'enablePlugin',
  'disablePlugin',
  'requirePlugin',
  'settingsSchemaWithKey',
]);

function installedPluginNames() {
  const folder = join(root, 'plugins');
  return readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory());
}

/** @type {import('eslint').Rule.RuleModule} */
const noPluginNameLiteral = {
  meta: {
    type: 'problem',
    docs: { description: "A plugin's code names itself through its typed handle, not a string." },
    schema: [{ type: 'array', items: { type: 'string' } }],
  },
  create(context) {
    const names = new Set(context.options[0] ?? installedPluginNames());
    return {
      CallExpression(node) {
        const callee = node.callee;
        const method =
          callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name;
        if (!method || !PLUGIN_NAME_METHODS.has(method)) return;
        for (const argument of node.arguments) {
          if (argument.type === 'Literal' && typeof argument.value === 'string' && names.has(argument.value)) {
            context.report({
              node: argument,
              message: `Plugin name '${argument.value}' spelled out: use the plugin's handle (\`${argument.value}.name\`, \`.settings()\`, \`.isEnabled()\`…).`,
            });
          }
        }
      },
    };
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const noContainerInServices = {
  meta: {
    type: 'problem',
    docs: { description: 'Services get their dependencies through their constructor, not from the container.' },
    schema: [],
  },
  create(context) {
    return {
      Identifier(node) {
        if (node.name !== 'container') return;
        const parent = node.parent;
        // `import { container }` holds two identifiers (imported and local): report the import once.
        if (parent?.type === 'ImportSpecifier' && parent.imported === node && parent.local !== node) return;
        // `foo.container` and `{ container }` as a property key of something else are not the Sapphire container.
        if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) {
          if (parent.object.type !== 'ThisExpression') return;
        }
        context.report({
          node,
          message:
            "A service reads no `container`: take what it needs (data source, plugin handle, client…) in its constructor, passed from the manifest's setup().",
        });
      },
    };
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const noInOnConstantTables = {
  meta: {
    type: 'problem',
    docs: { description: 'A lookup table is asked for its own keys only.' },
    schema: [],
  },
  create(context) {
    return {
      BinaryExpression(node) {
        // UPPER_CASE names are the project's constant tables (`SLOTS`, `CHANNEL_SETTINGS`); `in` also finds what every
        // object inherits, so `'constructor' in SLOTS` is true and a member's word became a setting kind.
        if (node.operator !== 'in' || node.right.type !== 'Identifier' || !/^[A-Z][A-Z0-9_]*$/.test(node.right.name)) {
          return;
        }
        context.report({
          node,
          message: `\`in ${node.right.name}\` also finds inherited names (\`constructor\`, \`__proto__\`): use \`Object.hasOwn(${node.right.name}, …)\`.`,
        });
      },
    };
  },
};

export const projectRules = {
  rules: {
    'no-in-on-constant-tables': noInOnConstantTables,
    'import-boundaries': importBoundaries,
    'no-plugin-name-literal': noPluginNameLiteral,
    'no-container-in-services': noContainerInServices,
  },
};
