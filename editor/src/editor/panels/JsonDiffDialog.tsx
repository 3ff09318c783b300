// The JSON diff of two versions: their stable JSON texts compared line by line, unified (with
// unchanged runs folded) or side by side.
import { useMemo, useState } from 'react';
import { lineDiff, sideBySide, withContext } from '../../graph/line-diff';
import { Dialog } from '../../ui/dialog';

export function JsonDiffDialog({ title, from, to, onClose }: { title: string; from: string; to: string; onClose: () => void }) {
  const [mode, setMode] = useState<'unified' | 'split'>('unified');
  const lines = useMemo(() => lineDiff(from, to), [from, to]);
  const added = lines.filter((l) => l.type === 'add').length;
  const removed = lines.filter((l) => l.type === 'del').length;
  return (
    <Dialog wide title={title} description={added || removed ? `${added} line${added === 1 ? '' : 's'} added, ${removed} removed` : 'The two versions are identical.'} onClose={onClose}
      footer={<button className="btn" onClick={onClose}>Close</button>}>
      <div className="tabs">
        <button className={`tab${mode === 'unified' ? ' on' : ''}`} onClick={() => setMode('unified')}>Unified</button>
        <button className={`tab${mode === 'split' ? ' on' : ''}`} onClick={() => setMode('split')}>Side by side</button>
      </div>
      <div className="diff" data-testid="json-diff">
        <table>
          <tbody>
            {mode === 'unified'
              ? withContext(lines, 4).map((h, i) => h.type === 'gap'
                ? <tr key={i} className="gap"><td colSpan={4}>{h.hidden} unchanged line{h.hidden === 1 ? '' : 's'}</td></tr>
                : (
                  <tr key={i} className={h.type}>
                    <td className="ln">{h.type !== 'add' ? h.a : ''}</td>
                    <td className="ln">{h.type !== 'del' ? h.b : ''}</td>
                    <td className="ln">{h.type === 'add' ? '+' : h.type === 'del' ? '−' : ''}</td>
                    <td className="code">{h.text}</td>
                  </tr>
                ))
              : sideBySide(lines).map((r, i) => (
                <tr key={i}>
                  <td className="ln">{r.left && r.left.type !== 'add' ? r.left.a : ''}</td>
                  <td className={r.left?.type === 'del' ? 'del' : ''} style={{ width: '50%' }}>{r.left?.text ?? ''}</td>
                  <td className="ln">{r.right && r.right.type !== 'del' ? r.right.b : ''}</td>
                  <td className={r.right?.type === 'add' ? 'add' : ''} style={{ width: '50%' }}>{r.right?.text ?? ''}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </Dialog>
  );
}
