import { describe, expect, it } from 'vitest';
import { usageOf, wantsHelp } from './cli.js';

const HELP = `tool 1.0: a tool

Usage:
  tool start
      Start it.
  tool user add NAME --role R
      Add a user.
      Second line.
  tool user delete NAME
      Delete a user.
  tool users-report
      Not a user command.

Environment: X, Y.`;

describe('command usage', () => {
  it('takes one command with its explanation', () => {
    expect(usageOf(HELP, 'tool start')).toBe('Usage:\n  tool start\n      Start it.');
    expect(usageOf(HELP, 'tool user add')).toBe('Usage:\n  tool user add NAME --role R\n      Add a user.\n      Second line.');
  });
  it('takes a whole group, and not commands that merely begin with its letters', () => {
    expect(usageOf(HELP, 'tool user')).toBe(
      'Usage:\n  tool user add NAME --role R\n      Add a user.\n      Second line.\n  tool user delete NAME\n      Delete a user.',
    );
  });
  it('has nothing for a command that does not exist', () => {
    expect(usageOf(HELP, 'tool stop')).toBeUndefined();
  });
  it('sees --help and -h anywhere in the arguments', () => {
    expect(wantsHelp(['add', 'x', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['add', '--helpful'])).toBe(false);
  });
});
