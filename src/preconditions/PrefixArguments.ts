import { AllFlowsPrecondition, type Command, type PreMessageCommandRunPayload } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { splitOnAnyWhitespace, unmatchedQuote } from '../plugin-kit/prefixArguments';

/**
 * Global (it has a position): a prefix command's arguments split on any whitespace, and an argument whose opening
 * quote is never closed is refused rather than read with the quote in it. Slash commands pass.
 */
export class PrefixArgumentsPrecondition extends AllFlowsPrecondition {
  public constructor(context: AllFlowsPrecondition.LoaderContext, options: AllFlowsPrecondition.Options) {
    super(context, { ...options, position: 5 });
  }

  public override chatInputRun() {
    return this.ok();
  }

  public override contextMenuRun() {
    return this.ok();
  }

  public override messageRun(_message: Message, command: Command, context: AllFlowsPrecondition.Context) {
    splitOnAnyWhitespace(command);
    const { parameters } = context as Partial<PreMessageCommandRunPayload>;
    const quote = parameters ? unmatchedQuote(command, parameters) : null;
    if (!quote) return this.ok();
    return this.error({
      identifier: 'UnmatchedQuote',
      message: `An argument opens with ${quote.open} but never closes with ${quote.close}. Put text with spaces between a pair of quotes, or leave the quotes out.`,
    });
  }
}
