import { createHash } from 'node:crypto';
import type { ScriptInput } from '../../shared/api/scripts.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError, notFound } from '../errors.js';
import { isUniqueViolation } from '../storage/errors.js';
import type { Script, Store, User } from '../storage/types.js';
import { audit } from './audit.js';

const taken = (name: string) => new AppError(ErrorCode.conflict, `body.name: a script named "${name}" exists already`);

function version(input: ScriptInput, actor: User): Omit<Script, 'id'> {
  return { ...input, sha256: createHash('sha256').update(input.body).digest('hex'), updatedAt: new Date().toISOString(), updatedBy: actor.username };
}

/** Adds a script to the library; the audit log names it with its hash. */
export async function addScript(store: Store, actor: User, input: ScriptInput): Promise<Script> {
  const s = version(input, actor);
  try {
    const id = await store.transaction(async (repos) => {
      const scriptId = await repos.scripts.add(s);
      await audit(repos, actor.username, 'script.create', String(scriptId), { name: s.name, shell: s.shell, sha256: s.sha256 });
      return scriptId;
    });
    return { id, ...s };
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name);
    throw err;
  }
}

export async function changeScript(store: Store, actor: User, id: number, input: ScriptInput): Promise<Script> {
  const s = version(input, actor);
  try {
    await store.transaction(async (repos) => {
      const before = await repos.scripts.find(id);
      if (!before || !(await repos.scripts.update(id, s))) throw notFound('script');
      await audit(repos, actor.username, 'script.update', String(id), { name: s.name, shell: s.shell, sha256: s.sha256, previousSha256: before.sha256 });
    });
    return { id, ...s };
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name);
    throw err;
  }
}

export async function deleteScript(store: Store, actor: User, id: number): Promise<void> {
  await store.transaction(async (repos) => {
    const s = await repos.scripts.find(id);
    if (!s || !(await repos.scripts.delete(id))) throw notFound('script');
    await audit(repos, actor.username, 'script.delete', String(id), { name: s.name, sha256: s.sha256 });
  });
}
