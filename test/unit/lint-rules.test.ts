import { expect } from 'chai';
import { ESLint } from 'eslint';

/**
 * The project's lint rules (lint/rules.mjs), each proven on a fixture: code placed at a path in the layout, linted
 * with the project's configuration, must be refused (or accepted) for the rule's reason.
 */
describe('lint rules of the layout', function () {
  this.timeout(30_000);
  const eslint = new ESLint({ cwd: process.cwd() });

  async function problems(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
  }

  it("refuses a plugin importing another plugin's file, or the core by relative path", async () => {
    expect(
      await problems(
        'plugins/welcome/commands/x.ts',
        "import { a } from '../../economy/services/amount';\nexport { a };\n",
      ),
    )
      .to.have.length(1)
      .and.to.match(/project\/import-boundaries: A plugin imports only its own files/);
    expect(
      await problems(
        'plugins/welcome/commands/x.ts',
        "import { a } from '../../../src/plugin-kit/respond';\nexport { a };\n",
      ),
    ).to.have.length(1);
    expect(
      await problems('plugins/welcome/commands/x.ts', "import { a } from '../services/greeting';\nexport { a };\n"),
    ).to.deep.equal([]);
  });

  it("refuses a plugin importing what is not the core's public surface", async () => {
    expect(
      await problems(
        'plugins/welcome/services/x.ts',
        "import { User } from '#core/database/entities/User';\nexport { User };\n",
      ),
    )
      .to.have.length(1)
      .and.to.match(/not part of the core's public surface/);
    expect(
      await problems(
        'plugins/welcome/services/x.ts',
        "import { respond } from '#core/plugin-kit/respond';\nexport { respond };\n",
      ),
    ).to.deep.equal([]);
    // A plugin's tests may set up what they test with the core's internals.
    expect(
      await problems(
        'plugins/welcome/test/x.ts',
        "import { createDataSource } from '#core/database/dataSource';\nexport { createDataSource };\n",
      ),
    ).to.deep.equal([]);
  });

  it('refuses the core importing a plugin, and the emulator importing the bot', async () => {
    expect(await problems('src/commands/x.ts', "import economy from '../../plugins/economy';\nexport { economy };\n"))
      .to.have.length(1)
      .and.to.match(/The core never imports a plugin/);
    expect(await problems('emulator/x.ts', "import { startBot } from '../src/bot';\nexport { startBot };\n"))
      .to.have.length(1)
      .and.to.match(/The emulator imports nothing from the bot/);
  });

  it("refuses a plugin's name spelled out where its handle belongs", async () => {
    const code =
      "declare const g: { isEnabled(a: string, b: string): boolean };\nexport const on = g.isEnabled('1', 'welcome');\n";
    expect(await problems('plugins/welcome/listeners/x.ts', code))
      .to.have.length(1)
      .and.to.match(/project\/no-plugin-name-literal: Plugin name 'welcome' spelled out/);
    // A command named like its plugin is not a plugin name passed to the plugin system.
    expect(
      await problems(
        'plugins/welcome/test/x.ts',
        "declare const g: { slash(a: string): void };\ng.slash('welcome');\n",
      ),
    ).to.deep.equal([]);
  });

  it('refuses `container` inside a service, and allows it in pieces', async () => {
    const code = "import { container } from '@sapphire/framework';\nexport const db = () => container.database;\n";
    const inService = await problems('plugins/welcome/services/x.ts', code);
    expect(inService).to.have.length(2);
    expect(inService[0]).to.match(/project\/no-container-in-services/);
    expect(await problems('plugins/welcome/commands/x.ts', code)).to.deep.equal([]);
  });

  it('refuses `in` on a constant table, which also finds inherited names, and accepts Object.hasOwn', async () => {
    const refused = await problems(
      'src/commands/x.ts',
      'const SLOTS = { badge: 1 };\nexport const known = (slot: string) => slot in SLOTS;\n',
    );
    expect(refused).to.have.length(1);
    expect(refused[0]).to.match(/project\/no-in-on-constant-tables: `in SLOTS` also finds inherited names/);
    const accepted = await problems(
      'src/commands/x.ts',
      "const SLOTS = { badge: 1 };\nexport const known = (slot: string, data: object) => Object.hasOwn(SLOTS, slot) || 'id' in data;\n",
    );
    expect(accepted).to.deep.equal([]);
  });
});
