import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { go } from '../router.js';
import type { DeviceDetail } from '../types.js';

/** An admin's changes to a PC: its name, group and notes, and revoking it (asked twice: it cannot be undone). */
export function DeviceActions({ device, onChanged }: { device: DeviceDetail; onChanged(): Promise<void> }) {
  const [name, setName] = useState(device.name ?? '');
  const [group, setGroup] = useState(device.group ?? '');
  const [notes, setNotes] = useState(device.notes);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const save = async () => {
    try {
      await api.patch(`/api/v1/devices/${device.id}`, { name: name.trim() || null, group: group.trim() || null, notes });
      setError('');
      setMessage('Saved.');
      await onChanged();
    } catch (err) {
      setMessage('');
      setError((err as ApiError).message);
    }
  };
  const revoke = async () => {
    try {
      await api.del(`/api/v1/devices/${device.id}`);
      go('inventory');
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <div className="card" role="group" aria-label="Device settings">
      <label>
        Name
        <input value={name} maxLength={253} onChange={(e) => setName(e.target.value)} placeholder={`empty: shown as ${device.hostname}`} />
      </label>
      <label>
        Group
        <input value={group} maxLength={100} onChange={(e) => setGroup(e.target.value)} placeholder="e.g. Finance, 3rd floor" />
      </label>
      <label>
        Notes
        <textarea value={notes} rows={3} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <button type="button" onClick={() => void save()}>
        Save
      </button>{' '}
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Revoke this PC
        </button>
      ) : (
        <span role="alert" className="warning">
          Revoke {device.hostname}? Its agent is disconnected at once and cannot come back without a new enrollment.{' '}
          <button type="button" className="danger" onClick={() => void revoke()}>
            Yes, revoke {device.hostname}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      )}
      {message && <p className="muted">{message}</p>}
      {error && <p className="error">{error}</p>}
    </div>
  );
}
