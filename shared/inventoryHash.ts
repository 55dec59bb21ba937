import { createHash } from 'node:crypto';
import { INVENTORY_SECTION_NAMES, type InventoryDocument, type InventorySectionName } from './inventory.js';

/** Disk usage is compared in steps of this size, so ordinary churn does not count as a change. */
const USAGE_STEP_BYTES = 256 * 1024 * 1024;

/** Object keys as JSON strings: an inventory repeats a few dozen keys thousands of times. */
const quotedKeys = new Map<string, string>();
const quoted = (key: string): string => {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 1000) quotedKeys.set(key, q);
  }
  return q;
};

/** JSON with object keys sorted, so equal content always gives equal bytes. */
export function canonicalJson(value: unknown): string {
  // Loops rather than entries/filter/map: the server hashes every inventory it receives.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${quoted(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The part of a section that counts for change detection. Battery charge and used disk space
 * move all the time; reporting every byte written would make every collection a "change".
 */
function stableSection(name: InventorySectionName, doc: InventoryDocument): unknown {
  if (name === 'disks') {
    return {
      ...doc.disks,
      filesystems: doc.disks.filesystems.map((f) => ({ ...f, usedBytes: Math.round(f.usedBytes / USAGE_STEP_BYTES) })),
    };
  }
  if (name === 'battery') return { ...doc.battery, percent: null, charging: null };
  return doc[name];
}

export type SectionHashes = Record<InventorySectionName, string>;

export function sectionHashes(doc: InventoryDocument): SectionHashes {
  const out = {} as SectionHashes;
  for (const name of INVENTORY_SECTION_NAMES) out[name] = sha256(canonicalJson(stableSection(name, doc)));
  return out;
}

/** One hash for the whole document, derived from the section hashes (collectedAt excluded). */
export function inventoryHash(doc: InventoryDocument): string {
  return hashOfSections(sectionHashes(doc));
}

/** inventoryHash() from section hashes already computed. */
export function hashOfSections(hashes: SectionHashes): string {
  return sha256(canonicalJson(hashes));
}

/** Names of the sections whose hash differs; every section when there is no previous report. */
export function changedSections(previous: SectionHashes | null, next: SectionHashes): InventorySectionName[] {
  return INVENTORY_SECTION_NAMES.filter((name) => previous?.[name] !== next[name]);
}
