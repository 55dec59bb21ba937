import type { ScriptView } from '../../shared/api/scripts.js';

export type Script = ScriptView;

export interface ScriptRepo {
  list(): Promise<Script[]>;
  find(id: number): Promise<Script | undefined>;
  /** Throws a unique violation when the name is taken. */
  add(s: Omit<Script, 'id'>): Promise<number>;
  /** False when there is no such script; throws a unique violation when the new name is taken. */
  update(id: number, s: Omit<Script, 'id'>): Promise<boolean>;
  delete(id: number): Promise<boolean>;
}
