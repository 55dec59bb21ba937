import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.js';
import { shellRefusal } from './access.js';

const PC = { id: 'pc-1', hostname: 'pc-one' };
const ME = 'tess';
const OTHER = 'otto';
const EMPLOYEE = 'emma';
type T = Parameters<typeof shellRefusal>[2];
const ticket = (o: Partial<NonNullable<T>> = {}): T => ({ id: 7, status: 'open', deviceId: PC.id, assigneeId: ME, createdById: EMPLOYEE, ...o });

describe('who may open a shell on a PC (the rule, as a table)', () => {
  const rows: [string, Role, T, string | null][] = [
    ['admin, no ticket', 'admin', null, null],
    ['admin, ticket of her own', 'admin', ticket({ createdById: ME }), null],
    ['admin, ticket of another PC', 'admin', ticket({ deviceId: 'pc-2' }), 'invalid_input'],
    ['technician, ticket assigned to her, opened by the employee', 'technician', ticket(), null],
    ['technician, ticket assigned to her, opened by another technician', 'technician', ticket({ createdById: OTHER }), null],
    ['technician, waiting ticket', 'technician', ticket({ status: 'waiting' }), null],
    ['technician, new ticket', 'technician', ticket({ status: 'new' }), null],
    ['technician, no ticket', 'technician', null, 'forbidden'],
    ['technician, ticket she opened herself', 'technician', ticket({ createdById: ME }), 'forbidden'],
    ['technician, unassigned ticket', 'technician', ticket({ assigneeId: null }), 'forbidden'],
    ['technician, ticket assigned to someone else', 'technician', ticket({ assigneeId: OTHER }), 'forbidden'],
    ['technician, resolved ticket', 'technician', ticket({ status: 'resolved' }), 'forbidden'],
    ['technician, closed ticket', 'technician', ticket({ status: 'closed' }), 'forbidden'],
    ['technician, ticket of another PC', 'technician', ticket({ deviceId: 'pc-2' }), 'invalid_input'],
    ['employee, ticket about her PC', 'employee', ticket({ assigneeId: null }), 'forbidden'],
  ];
  it.each(rows)('%s', (_case, role, t, expected) => {
    expect(shellRefusal({ id: ME, role }, PC, t)?.code ?? null).toBe(expected);
  });

  it('says why, so the console can tell the technician what to do', () => {
    expect(shellRefusal({ id: ME, role: 'technician' }, PC, ticket({ assigneeId: null }))?.message).toMatch(/assign it to yourself/);
    expect(shellRefusal({ id: ME, role: 'technician' }, PC, ticket({ createdById: ME }))?.message).toMatch(/opened by you/);
  });
});
